// Verification groups (endpoints.md § 6) against the contract: create, list, detail, documents
// (multipart uploads typed by their first bytes), submit, the review on the mock clock and through
// /_mock, the group's available numbers, ordering through a group, and the soft delete.
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { assertInvalid, at, client, KEY, testApp } from './helpers.js'
import { UNKNOWN_ID, UUID } from './fixtures.js'
import { PDF, uploadDocument, type DocumentParts } from './documents.js'

// --- helpers ---------------------------------------------------------------------------------------

const DOC_ID = /^doc_[0-9a-f]{24}$/
const MB = 1024 * 1024

/** Small but real-looking files, like PDF: each starts with its format's signature. */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from([0, 0, 0, 13]),
  Buffer.from('IHDR'),
  Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]),
])
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  Buffer.from([0xff, 0xd9]),
])
const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0]),
  Buffer.from('This program cannot be run in DOS mode.'),
])

/** A PDF of exactly `size` bytes. */
const pdfOfSize = (size: number) => {
  const bytes = Buffer.alloc(size, 0x20)
  PDF.copy(bytes)
  return bytes
}

/** Every required field of VerificationGroupCreateInput, for a local group in Amsterdam. */
const GROUP = {
  phone_number_type: 'local',
  name: 'Vestiging Amsterdam',
  business_name: 'De Snelle Fiets B.V.',
  contact_person_first_name: 'Anna',
  contact_person_last_name: 'de Vries',
  contact_person_phone: '+31612345678',
  street_name: 'Damrak',
  house_number: '12A',
  postal_code: '1012 LG',
  city: 'Amsterdam',
  province: 'Noord-Holland',
}
const REQUIRED_FIELDS = Object.keys(GROUP)

const notFoundBody = (entity: string) => ({ error: { code: 'not_found', message: `${entity} not found`, details: {} } })

/** A 400 invalid_status. */
function assertInvalidStatus(t: Test, res: LightMyRequestResponse, what: string) {
  t.equal(res.statusCode, 400, `${what}: status 400`)
  t.match(
    res.json(),
    { error: { code: 'invalid_status', message: String, details: Object } },
    `${what}: invalid_status`,
  )
}

/** An app with a client and the helpers every test below uses. */
async function setup(t: Test) {
  const app = await testApp(t)
  const api = client(app)

  const createGroup = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const res = await api.post('/v1/verification-groups', { ...GROUP, ...overrides })
    if (res.statusCode !== 201) throw new Error(`createGroup: ${res.statusCode} ${res.body}`)
    return res.json().data.requirement_group_id
  }

  const upload = (groupId: string, parts: DocumentParts) => uploadDocument(app, groupId, parts)

  const uploadPdf = async (groupId: string) => {
    const res = await upload(groupId, { type: 'proof_of_address', file: { bytes: PDF, filename: 'uittreksel.pdf' } })
    if (res.statusCode !== 201) throw new Error(`uploadPdf: ${res.statusCode} ${res.body}`)
    return res.json().data
  }

  const submit = async (groupId: string) => {
    const res = await api.post(`/v1/verification-groups/${groupId}/submit`)
    if (res.statusCode !== 200) throw new Error(`submit: ${res.statusCode} ${res.body}`)
    return res.json().data
  }

  /** A group taken through the whole default review: created, a PDF, submitted, 5 s on the clock. */
  const approvedGroup = async (overrides: Record<string, unknown> = {}) => {
    const id = await createGroup(overrides)
    await uploadPdf(id)
    await submit(id)
    await api.advance(5)
    const group = await detail(id)
    if (group.status !== 'approved') throw new Error(`approvedGroup: status ${group.status}`)
    return id
  }

  const detail = async (groupId: string) => (await api.get(`/v1/verification-groups/${groupId}`)).json().data
  const documents = async (groupId: string) =>
    (await api.get(`/v1/verification-groups/${groupId}/documents`)).json().data
  const credits = async (): Promise<number> => (await api.get('/_mock/config')).json().data.credits
  const orderCount = async (): Promise<number> => (await api.get('/v1/phone-number-orders')).json().meta.total
  const order = async (orderId: string) => (await api.get(`/v1/phone-number-orders/${orderId}`)).json().data
  const config = (settings: Record<string, unknown>) => api.patch('/_mock/config', settings)
  const available = async (groupId: string, query = '') =>
    (await api.get(`/v1/verification-groups/${groupId}/available-phone-numbers${query}`)).json()
  const listIds = async (query = '') =>
    (await api.get(`/v1/verification-groups${query}`))
      .json()
      .data.map((g: { id: string }) => g.id)
      .sort()

  return {
    app,
    api,
    createGroup,
    upload,
    uploadPdf,
    submit,
    approvedGroup,
    detail,
    documents,
    credits,
    orderCount,
    order,
    config,
    available,
    listIds,
  }
}

/** The detail of a fresh group made from GROUP + `input`, created at `created` seconds after T0. */
const freshDetail = (id: string, input: Record<string, unknown> = {}, created = 0) => {
  const group = { ...GROUP, ...input }
  return {
    id,
    name: group.name,
    phone_number_type: group.phone_number_type,
    status: 'pending',
    locality: group.city,
    business_name: group.business_name,
    created_at: at(created),
    documents: [],
    phone_numbers: [],
    submitted_at: null,
    rejection_reason: null,
  }
}

const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id))

// --- create ----------------------------------------------------------------------------------------

t.test('POST /verification-groups creates a pending group and answers with requirement_group_id', async (t) => {
  const { api, detail } = await setup(t)
  const res = await api.post('/v1/verification-groups', GROUP)
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.same(Object.keys(body).sort(), ['data', 'message'])
  t.equal(body.message, 'Verification group created')
  t.same(Object.keys(body.data), ['requirement_group_id'], 'data holds only requirement_group_id')
  t.match(body.data.requirement_group_id, UUID)
  t.same(await detail(body.data.requirement_group_id), freshDetail(body.data.requirement_group_id))

  const described = await api.post('/v1/verification-groups', { ...GROUP, description: 'Nummers voor de winkel' })
  t.equal(described.statusCode, 201, 'description is accepted')
  t.not(described.json().data.requirement_group_id, body.data.requirement_group_id, 'each group gets its own id')
})

t.test('POST /verification-groups: every required field missing or empty is a 400 naming it', async (t) => {
  const { api, listIds } = await setup(t)
  for (const field of REQUIRED_FIELDS) {
    const missing: Record<string, unknown> = { ...GROUP }
    delete missing[field]
    assertInvalid(t, await api.post('/v1/verification-groups', missing), field, `${field} missing`)
    assertInvalid(t, await api.post('/v1/verification-groups', { ...GROUP, [field]: '' }), field, `${field} empty`)
  }
  assertInvalid(
    t,
    await api.post('/v1/verification-groups', { ...GROUP, website: 'https://fiets.nl' }),
    'website',
    'unknown field',
  )
  assertInvalid(
    t,
    await api.post('/v1/verification-groups', { ...GROUP, phone_number_type: 'satellite' }),
    'phone_number_type',
    'bogus type',
  )
  assertInvalid(t, await api.post('/v1/verification-groups', { ...GROUP, name: 42 }), 'name', 'name not a string')
  t.same(await listIds(), [], 'no rejected request created a group')
  t.same(await listIds('?status=deleted'), [])
})

// --- list ------------------------------------------------------------------------------------------

t.test('GET /verification-groups lists groups with filters; deleted ones only by status', async (t) => {
  const { api, createGroup, approvedGroup, listIds } = await setup(t)
  const empty = await api.get('/v1/verification-groups')
  t.equal(empty.statusCode, 200)
  t.same(empty.json(), { data: [], meta: { total: 0, limit: 20, offset: 0 } }, 'no groups in a new workspace')

  const approved = await approvedGroup()
  const local = await createGroup({ name: 'Lokaal' })
  const national = await createGroup({ name: 'Landelijk', phone_number_type: 'national' })
  const mobile = await createGroup({ name: 'Mobiel', phone_number_type: 'mobile' })
  const gone = await createGroup({ name: 'Weg' })
  t.equal((await api.delete(`/v1/verification-groups/${gone}`)).statusCode, 200)

  const all = await api.get('/v1/verification-groups')
  t.equal(all.statusCode, 200)
  const body = all.json()
  t.same(body.meta, { total: 4, limit: 20, offset: 0 })
  t.same(
    body.data.map((g: { id: string }) => g.id).sort(),
    [approved, local, national, mobile].sort(),
    'deleted group hidden',
  )
  const newest = body.data[0]
  t.same(Object.keys(newest).sort(), [
    'business_name',
    'created_at',
    'id',
    'locality',
    'name',
    'phone_number_type',
    'status',
  ])
  t.same(
    body.data.map((g: { id: string }) => g.id).slice(-1),
    [approved],
    'newest first: the group created 5 s earlier comes last',
  )
  const pendingOnes = body.data.filter((g: { id: string }) => g.id !== approved)
  t.ok(
    pendingOnes.every((g: { status: string }) => g.status === 'pending'),
    'new groups are pending',
  )

  t.same(await listIds('?status=pending'), [local, national, mobile].sort())
  t.same(await listIds('?status=approved'), [approved])
  t.same(await listIds('?status=rejected'), [])
  t.same(await listIds('?status=deleted'), [gone], 'deleted groups appear with status=deleted')
  t.same(await listIds('?phone_number_type=local'), [approved, local].sort())
  t.same(await listIds('?phone_number_type=national'), [national])
  t.same(await listIds('?phone_number_type=local&status=approved'), [approved])
  t.same(await listIds('?phone_number_type=local&status=deleted'), [gone])

  const page = (await api.get('/v1/verification-groups?limit=2&offset=1')).json()
  t.same(page.meta, { total: 4, limit: 2, offset: 1 })
  t.equal(page.data.length, 2)

  assertInvalid(t, await api.get('/v1/verification-groups?limit=101'), 'limit', 'limit 101')
  assertInvalid(t, await api.get('/v1/verification-groups?limit=0'), 'limit', 'limit 0')
  assertInvalid(t, await api.get('/v1/verification-groups?offset=-1'), 'offset', 'offset -1')
  assertInvalid(t, await api.get('/v1/verification-groups?status=archived'), 'status', 'bogus status')
  assertInvalid(t, await api.get('/v1/verification-groups?phone_number_type=fax'), 'phone_number_type', 'bogus type')
})

// --- detail ----------------------------------------------------------------------------------------

t.test('GET /verification-groups/{id} shows the detail; unknown ids are 404', async (t) => {
  const { app, api, createGroup } = await setup(t)
  await api.advance(30)
  const id = await createGroup({ city: 'Rotterdam', name: 'Rotterdam', phone_number_type: 'local', description: 'x' })
  const res = await api.get(`/v1/verification-groups/${id}`)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { data: freshDetail(id, { city: 'Rotterdam', name: 'Rotterdam' }, 30) }, 'locality is the city')

  for (const unknown of [UNKNOWN_ID, 'not-a-uuid']) {
    const missing = await api.get(`/v1/verification-groups/${unknown}`)
    t.equal(missing.statusCode, 404, `${unknown}: 404`)
    t.same(missing.json(), notFoundBody('Verification group'), `${unknown}: body`)
  }

  const other = client(app, 'another-key')
  const foreign = await other.get(`/v1/verification-groups/${id}`)
  t.equal(foreign.statusCode, 404, 'a group of another workspace is 404')
})

// --- documents -------------------------------------------------------------------------------------

t.test('documents: PDF, PNG and JPEG upload; the content type comes from the bytes', async (t) => {
  const { app, api, createGroup, upload, documents } = await setup(t)
  const id = await createGroup()
  const cases = [
    { bytes: PDF, filename: 'kvk-uittreksel.pdf', type: 'business_registration', contentType: 'application/pdf' },
    { bytes: PNG, filename: 'paspoort.png', type: 'identity_document', contentType: 'image/png' },
    { bytes: JPEG, filename: 'energierekening.jpg', type: 'proof_of_address', contentType: 'image/jpeg' },
    // The name and the declared type say PDF, the bytes say PNG: the bytes win.
    {
      bytes: PNG,
      filename: 'x.pdf',
      type: 'proof_of_address',
      contentType: 'image/png',
      declaredType: 'application/pdf',
    },
  ]
  const uploaded = []
  for (const c of cases) {
    const res = await upload(id, {
      type: c.type,
      file: { bytes: c.bytes, filename: c.filename, declaredType: c.declaredType },
    })
    t.equal(res.statusCode, 201, `${c.filename}: 201`)
    const body = res.json()
    t.match(body.data?.id, DOC_ID, `${c.filename}: doc_ id`)
    t.same(
      body,
      {
        message: 'Document uploaded',
        data: {
          id: body.data.id,
          type: c.type,
          status: 'pending',
          filename: c.filename,
          content_type: c.contentType,
          size_bytes: c.bytes.length,
          created_at: at(0),
        },
      },
      `${c.filename}: body`,
    )
    uploaded.push({ doc: body.data, bytes: c.bytes })

    const raw = await api.get(`/_mock/documents/${body.data.id}`)
    t.equal(raw.statusCode, 200, `${c.filename}: readable through /_mock`)
    t.equal(raw.headers['content-type'], c.contentType, `${c.filename}: served as the detected type`)
    t.ok(raw.rawPayload.equals(c.bytes), `${c.filename}: the exact bytes come back`)
  }
  t.equal(new Set(uploaded.map((u) => u.doc.id)).size, 4, 'document ids are distinct')

  const list = await api.get(`/v1/verification-groups/${id}/documents`)
  t.equal(list.statusCode, 200)
  t.same(Object.keys(list.json()), ['data'])
  t.same(byId(list.json().data), byId(uploaded.map((u) => u.doc)), 'the list holds all four')
  t.same(
    byId((await api.get(`/v1/verification-groups/${id}`)).json().data.documents),
    byId(uploaded.map((u) => u.doc)),
    'and so does the detail',
  )

  const other = await createGroup({ name: 'Ander' })
  t.same(await documents(other), [], 'documents belong to their own group')
  t.same(
    (await client(app, 'another-key').get(`/_mock/documents/${uploaded[0]!.doc.id}`)).statusCode,
    404,
    'not readable from another workspace',
  )
})

t.test('documents: a file of exactly 10 MB is accepted', async (t) => {
  const { createGroup, upload, api } = await setup(t)
  const id = await createGroup()
  const bytes = pdfOfSize(10 * MB)
  const res = await upload(id, { type: 'proof_of_address', file: { bytes, filename: 'groot.pdf' } })
  t.equal(res.statusCode, 201)
  t.equal(res.json().data?.size_bytes, 10 * MB)
  const raw = await api.get(`/_mock/documents/${res.json().data?.id}`)
  t.ok(raw.rawPayload.equals(bytes), 'stored unchanged')
})

t.test('documents: rejected uploads are 400 and change nothing', async (t) => {
  const { app, createGroup, upload, uploadPdf, documents } = await setup(t)
  const id = await createGroup()
  const kept = await uploadPdf(id)
  const before = await documents(id)
  t.same(before, [kept])

  const check = async (what: string, res: LightMyRequestResponse, field: string) => {
    assertInvalid(t, res, field, what)
    t.same(await documents(id), before, `${what}: documents unchanged`)
  }

  await check(
    'an .exe renamed x.pdf',
    await upload(id, {
      type: 'proof_of_address',
      file: { bytes: EXE, filename: 'x.pdf', declaredType: 'application/pdf' },
    }),
    'file',
  )
  await check(
    'a text file',
    await upload(id, { type: 'proof_of_address', file: { bytes: Buffer.from('hallo'), filename: 'x.txt' } }),
    'file',
  )
  await check(
    'an empty file',
    await upload(id, { type: 'proof_of_address', file: { bytes: Buffer.alloc(0), filename: 'leeg.pdf' } }),
    'file',
  )
  await check(
    '10 MB + 1 byte',
    await upload(id, { type: 'proof_of_address', file: { bytes: pdfOfSize(10 * MB + 1), filename: 'te-groot.pdf' } }),
    'file',
  )
  await check('no type field', await upload(id, { file: { bytes: PDF } }), 'type')
  await check('a bogus type', await upload(id, { type: 'bank_statement', file: { bytes: PDF } }), 'type')
  await check('no file part', await upload(id, { type: 'proof_of_address' }), 'file')
  await check(
    'the file under another name',
    await upload(id, { type: 'proof_of_address', file: { bytes: PDF, field: 'document' } }),
    'file',
  )

  const json = await app.inject({
    method: 'POST',
    url: `/v1/verification-groups/${id}/documents`,
    headers: { authorization: `Bearer ${KEY}` },
    payload: { type: 'proof_of_address', file: PDF.toString('base64') },
  })
  t.equal(json.statusCode, 400, 'JSON body: 400')
  t.match(json.json(), { error: { code: 'invalid_parameters', message: String } }, 'JSON body: invalid_parameters')
  t.same(await documents(id), before, 'JSON body: documents unchanged')

  const tooLarge = await upload(id, { type: 'proof_of_address', file: { bytes: pdfOfSize(10 * MB + 1) } })
  t.match(
    tooLarge.json(),
    { error: { code: 'invalid_parameters', details: { reason: /\S/ } } },
    'too large: details.reason says why',
  )

  const unknownGroup = await upload(UNKNOWN_ID, { type: 'proof_of_address', file: { bytes: PDF } })
  t.equal(unknownGroup.statusCode, 404, 'upload to an unknown group: 404')
  t.same(unknownGroup.json(), notFoundBody('Verification group'))
})

t.test('documents: a malformed multipart body is a 400, not a 500', async (t) => {
  const { app, createGroup, documents } = await setup(t)
  const id = await createGroup()
  const send = (contentType: string, payload: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/verification-groups/${id}/documents`,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': contentType },
      payload,
    })
  const truncated =
    '--zzz\r\nContent-Disposition: form-data; name="type"\r\n\r\nproof_of_address\r\n' +
    '--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4'
  for (const [what, res] of [
    ['a body that is not multipart at all', await send('multipart/form-data; boundary=zzz', 'garbage')],
    ['a body cut off inside the file part', await send('multipart/form-data; boundary=zzz', truncated)],
    ['a multipart content type without a boundary', await send('multipart/form-data', 'x')],
  ] as const) {
    t.equal(res.statusCode, 400, `${what}: 400`)
    t.match(res.json(), { error: { code: 'invalid_parameters', message: String } }, `${what}: invalid_parameters`)
  }
  t.same(await documents(id), [], 'nothing stored')
})

t.test('documents: DELETE removes one; unknown documents are 404', async (t) => {
  const { api, createGroup, uploadPdf, upload, documents } = await setup(t)
  const id = await createGroup()
  const first = await uploadPdf(id)
  const second = (await upload(id, { type: 'identity_document', file: { bytes: JPEG, filename: 'id.jpg' } })).json()
    .data

  const res = await api.delete(`/v1/verification-groups/${id}/documents/${first.id}`)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { message: 'Document deleted' })
  t.same(await documents(id), [second], 'only the other document is left')
  t.equal((await api.get(`/_mock/documents/${first.id}`)).statusCode, 404, 'its bytes are gone too')

  const again = await api.delete(`/v1/verification-groups/${id}/documents/${first.id}`)
  t.equal(again.statusCode, 404, 'deleting it again: 404')
  t.same(again.json(), notFoundBody('Document'))
  t.equal(
    (await api.delete(`/v1/verification-groups/${id}/documents/doc_000000000000000000000000`)).statusCode,
    404,
    'unknown document: 404',
  )

  const otherGroup = await createGroup({ name: 'Ander' })
  t.equal(
    (await api.delete(`/v1/verification-groups/${otherGroup}/documents/${second.id}`)).statusCode,
    404,
    'a document of another group: 404',
  )
  t.equal(
    (await api.delete(`/v1/verification-groups/${UNKNOWN_ID}/documents/${second.id}`)).statusCode,
    404,
    'unknown group: 404',
  )
  t.same(await documents(id), [second], 'still there')
})

// --- submit ----------------------------------------------------------------------------------------

t.test('submit: needs a document, happens once, and freezes the documents', async (t) => {
  const { api, createGroup, uploadPdf, upload, documents, detail } = await setup(t)
  const id = await createGroup()

  const empty = await api.post(`/v1/verification-groups/${id}/submit`)
  t.equal(empty.statusCode, 400, 'no documents: 400')
  t.match(empty.json(), { error: { code: 'invalid_parameters' } })
  t.equal((await detail(id)).submitted_at, null, 'not submitted')

  const doc = await uploadPdf(id)
  await api.advance(12)
  const res = await api.post(`/v1/verification-groups/${id}/submit`)
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    message: 'Verification group submitted',
    data: { ...freshDetail(id), documents: [doc], submitted_at: at(12) },
  })
  t.same(await detail(id), res.json().data, 'GET shows the same')

  assertInvalidStatus(t, await api.post(`/v1/verification-groups/${id}/submit`), 'second submit')
  assertInvalidStatus(t, await upload(id, { type: 'proof_of_address', file: { bytes: PNG } }), 'upload after submit')
  assertInvalidStatus(
    t,
    await api.delete(`/v1/verification-groups/${id}/documents/${doc.id}`),
    'delete document after submit',
  )
  t.same(await documents(id), [doc], 'documents unchanged')
  t.equal((await detail(id)).submitted_at, at(12), 'submitted_at unchanged')

  t.equal((await api.post(`/v1/verification-groups/${UNKNOWN_ID}/submit`)).statusCode, 404, 'unknown group: 404')
})

// --- review ----------------------------------------------------------------------------------------

t.test('review: approved on the clock after the default 5 s, documents too', async (t) => {
  const { api, createGroup, uploadPdf, submit, detail } = await setup(t)
  const id = await createGroup()
  await uploadPdf(id)
  await submit(id)

  await api.advance(4)
  let group = await detail(id)
  t.equal(group.status, 'pending', 'still pending after 4 s')
  t.same(
    group.documents.map((d: { status: string }) => d.status),
    ['pending'],
  )

  await api.advance(1)
  group = await detail(id)
  t.equal(group.status, 'approved', 'approved after 5 s')
  t.equal(group.rejection_reason, null)
  t.same(
    group.documents.map((d: { status: string }) => d.status),
    ['approved'],
    'documents approved',
  )
  t.equal((await api.get('/_mock/clock')).json().data.pending_timers, 0, 'no timer left')
  assertInvalidStatus(t, await api.post(`/v1/verification-groups/${id}/submit`), 'submit after approval')
})

t.test('review: review_outcome rejected rejects on the clock with a reason', async (t) => {
  const { api, createGroup, uploadPdf, submit, detail, config } = await setup(t)
  t.equal((await config({ review_outcome: 'rejected' })).statusCode, 200)
  const id = await createGroup()
  await uploadPdf(id)
  await submit(id)
  await api.advance(5)
  const group = await detail(id)
  t.equal(group.status, 'rejected')
  t.match(group.rejection_reason, /\S/, 'rejection_reason set')
  t.same(
    group.documents.map((d: { status: string }) => d.status),
    ['rejected'],
    'documents rejected',
  )
})

t.test('review: review_delay_seconds changes the delay', async (t) => {
  const { api, createGroup, uploadPdf, submit, detail, config } = await setup(t)
  await config({ review_delay_seconds: 60 })
  const id = await createGroup()
  await uploadPdf(id)
  await submit(id)
  await api.advance(59)
  t.equal((await detail(id)).status, 'pending', 'pending after 59 s')
  await api.advance(1)
  t.equal((await detail(id)).status, 'approved', 'approved after 60 s')
})

t.test('review: manual outcome waits for POST /_mock/verification-groups/{id}/review', async (t) => {
  const { api, createGroup, uploadPdf, submit, detail, config } = await setup(t)
  await config({ review_outcome: 'manual' })
  const a = await createGroup({ name: 'A' })
  const b = await createGroup({ name: 'B' })
  const never = await createGroup({ name: 'Nooit ingediend' })
  for (const id of [a, b]) {
    await uploadPdf(id)
    await submit(id)
  }
  await uploadPdf(never)

  await api.advance(3600)
  t.equal((await detail(a)).status, 'pending', 'nothing happens on the clock')
  t.equal((await detail(b)).status, 'pending')

  const approve = await api.post(`/_mock/verification-groups/${a}/review`, { outcome: 'approved' })
  t.equal(approve.statusCode, 200)
  t.match(approve.json(), { message: String, data: { id: a, status: 'approved', rejection_reason: null } })
  const approved = await detail(a)
  t.equal(approved.status, 'approved')
  t.same(
    approved.documents.map((d: { status: string }) => d.status),
    ['approved'],
  )

  const reject = await api.post(`/_mock/verification-groups/${b}/review`, { outcome: 'rejected', reason: 'Onleesbaar' })
  t.equal(reject.statusCode, 200)
  const rejected = await detail(b)
  t.equal(rejected.status, 'rejected')
  t.equal(rejected.rejection_reason, 'Onleesbaar')
  t.same(
    rejected.documents.map((d: { status: string }) => d.status),
    ['rejected'],
  )

  assertInvalidStatus(
    t,
    await api.post(`/_mock/verification-groups/${never}/review`, { outcome: 'approved' }),
    'review before submit',
  )
  t.equal((await detail(never)).status, 'pending')
  t.equal(
    (await api.post(`/_mock/verification-groups/${UNKNOWN_ID}/review`, { outcome: 'approved' })).statusCode,
    404,
    'unknown group: 404',
  )
  assertInvalid(
    t,
    await api.post(`/_mock/verification-groups/${a}/review`, { outcome: 'maybe' }),
    'outcome',
    'bogus outcome',
  )
})

// --- available numbers -----------------------------------------------------------------------------

t.test('available-phone-numbers: only for approved groups, of their type and locality', async (t) => {
  const { api, createGroup, approvedGroup, available } = await setup(t)
  const pending = await createGroup()
  assertInvalidStatus(t, await api.get(`/v1/verification-groups/${pending}/available-phone-numbers`), 'pending group')
  t.equal(
    (await api.get(`/v1/verification-groups/${UNKNOWN_ID}/available-phone-numbers`)).statusCode,
    404,
    'unknown group: 404',
  )

  const amsterdam = await approvedGroup()
  const res = await api.get(`/v1/verification-groups/${amsterdam}/available-phone-numbers`)
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(Object.keys(body).sort(), ['data', 'meta'])
  t.same(body.meta, { total_results: 50, number_type: 'local', requires_verification: true })
  t.equal(body.data.length, 20, 'default limit 20')
  for (const n of body.data) {
    t.match(n, {
      phone_number: /^\+3120\d{7}$/,
      number_type: 'local',
      locality: 'Amsterdam',
      features: Array,
      cost: { monthly: '2.00', currency: 'EUR', credits: 10 },
      reservable: true,
    })
  }
  t.ok(
    body.data.every((n: { phone_number: string }) => n.phone_number.startsWith('+3120')),
    'all start with +3120',
  )

  const all = await available(amsterdam, '?limit=50')
  t.equal(all.data.length, 50, 'limit 50 gives all 50')
  t.equal(new Set(all.data.map((n: { phone_number: string }) => n.phone_number)).size, 50, 'distinct numbers')
  assertInvalid(
    t,
    await api.get(`/v1/verification-groups/${amsterdam}/available-phone-numbers?limit=51`),
    'limit',
    'limit 51',
  )

  const digits = all.data[7].phone_number.slice(-4)
  const queried = await available(amsterdam, `?query=${digits}&limit=50`)
  t.ok(queried.data.length >= 1, 'query finds the number it was taken from')
  t.ok(
    queried.data.every((n: { phone_number: string }) => n.phone_number.includes(digits)),
    'query: every number contains the digits',
  )
  t.equal(queried.meta.total_results, queried.data.length, 'query: total_results counts the matches')
  t.ok(queried.meta.total_results < 50, 'query narrows the list')

  const appingedam = await approvedGroup({ city: 'Appingedam', name: 'Appingedam' })
  const none = await api.get(`/v1/verification-groups/${appingedam}/available-phone-numbers`)
  t.equal(none.statusCode, 200, 'a city without numbers is not an error')
  t.same(none.json(), { data: [], meta: { total_results: 0, number_type: 'local', requires_verification: true } })

  const national = await approvedGroup({ phone_number_type: 'national', name: 'Landelijk' })
  const nat = await available(national)
  t.equal(nat.meta.number_type, 'national')
  t.equal(nat.meta.requires_verification, true)
  t.ok(nat.meta.total_results >= 200, 'at least 200 national numbers')
  t.equal(nat.data.length, 20)
  t.ok(
    nat.data.every(
      (n: { phone_number: string; number_type: string }) =>
        n.phone_number.startsWith('+3185') && n.number_type === 'national',
    ),
    'national numbers',
  )
})

// --- order-number ----------------------------------------------------------------------------------

t.test('order-number: the documented errors, each leaving credits and orders unchanged', async (t) => {
  const { api, createGroup, approvedGroup, available, credits, orderCount, config } = await setup(t)
  const amsterdam = await approvedGroup()
  const numbers = (await available(amsterdam, '?limit=50')).data.map((n: { phone_number: string }) => n.phone_number)
  const pending = await createGroup({ name: 'Nog niet goedgekeurd' })
  const rotterdam = await approvedGroup({ city: 'Rotterdam', name: 'Rotterdam' })
  const rotterdamNumber = (await available(rotterdam)).data[0].phone_number
  const national = await approvedGroup({ phone_number_type: 'national', name: 'Landelijk' })
  const nationalNumber = (await available(national)).data[0].phone_number
  // A well-formed Amsterdam number that is not in the inventory.
  const outsideInventory = ['+31209999999', '+31200000001'].find((n) => !numbers.includes(n))!

  const order = (groupId: string, phone_number: unknown) =>
    api.post(`/v1/verification-groups/${groupId}/order-number`, { phone_number })
  const unchanged = async (what: string, expectedCredits = 100) => {
    t.equal(await credits(), expectedCredits, `${what}: credits unchanged`)
    t.equal(await orderCount(), 0, `${what}: no order`)
  }

  const unknown = await order(UNKNOWN_ID, numbers[0])
  t.equal(unknown.statusCode, 404, 'unknown group: 404')
  t.same(unknown.json(), notFoundBody('Verification group'))
  await unchanged('unknown group')

  const notApproved = await order(pending, numbers[0])
  t.equal(notApproved.statusCode, 400, 'not approved: 400')
  t.match(notApproved.json(), { error: { code: 'invalid_status', message: 'Group is not approved' } })
  await unchanged('not approved')

  for (const [what, number] of [
    ['a Rotterdam number', rotterdamNumber],
    ['a national number', nationalNumber],
    ['a number outside the inventory', outsideInventory],
    ['not a phone number', 'bel-me'],
  ] as const) {
    const res = await order(amsterdam, number)
    t.equal(res.statusCode, 400, `${what}: 400`)
    t.match(
      res.json(),
      { error: { code: 'invalid_parameters', message: 'Invalid phone number' } },
      `${what}: Invalid phone number`,
    )
    await unchanged(what)
  }
  const wrongType = await order(national, numbers[0])
  t.match(
    wrongType.json(),
    { error: { code: 'invalid_parameters', message: 'Invalid phone number' } },
    'a local number through a national group',
  )
  await unchanged('local number through a national group')

  assertInvalid(
    t,
    await api.post(`/v1/verification-groups/${amsterdam}/order-number`, {}),
    'phone_number',
    'no phone_number',
  )
  assertInvalid(
    t,
    await api.post(`/v1/verification-groups/${amsterdam}/order-number`, {
      phone_number: numbers[0],
      number_type: 'local',
    }),
    'number_type',
    'unknown field',
  )
  await unchanged('body errors')

  await config({ credits: 5 })
  const poor = await order(amsterdam, numbers[0])
  t.equal(poor.statusCode, 402, 'credits < 10: 402')
  t.match(poor.json(), { error: { code: 'insufficient_credits', message: String } })
  await unchanged('insufficient credits', 5)

  // The documented order of the checks: group, status, credits, number.
  t.equal(
    (await order(pending, 'bel-me')).json().error.code,
    'invalid_status',
    'status is checked before credits and number',
  )
  t.equal(
    (await order(amsterdam, rotterdamNumber)).json().error.code,
    'insufficient_credits',
    'credits are checked before the number',
  )
  await unchanged('combined errors', 5)

  await config({ credits: 10 })
  t.equal((await order(amsterdam, numbers[0])).statusCode, 201, 'exactly 10 credits is enough')
  t.equal(await credits(), 0)
})

t.test('order-number: success takes 10 credits and holds the number', async (t) => {
  const { api, approvedGroup, available, credits, order, detail } = await setup(t)
  const id = await approvedGroup()
  const number = (await available(id)).data[0].phone_number

  const res = await api.post(`/v1/verification-groups/${id}/order-number`, { phone_number: number })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body.data?.order_id, UUID)
  t.same(body, {
    message: 'Phone number ordered',
    data: {
      order_id: body.data.order_id,
      phone_number: number,
      number_type: 'local',
      status: 'pending',
      credits_used: 10,
      remaining_credits: 90,
      verification_group: { id, name: GROUP.name },
    },
  })
  t.equal(await credits(), 90)
  t.match(await order(body.data.order_id), {
    id: body.data.order_id,
    phone_number: number,
    status: 'pending',
    number_type: 'local',
    verification_group: { id, name: GROUP.name, locality: 'Amsterdam', status: 'approved', phone_number_type: 'local' },
  })

  const after = await available(id, '?limit=50')
  t.equal(after.meta.total_results, 49, 'the number left the inventory')
  t.notOk(after.data.some((n: { phone_number: string }) => n.phone_number === number))
  const again = await api.post(`/v1/verification-groups/${id}/order-number`, { phone_number: number })
  t.match(
    again.json(),
    { error: { code: 'invalid_parameters', message: 'Invalid phone number' } },
    'ordering it twice: 400',
  )
  t.equal(await credits(), 90, 'the second attempt cost nothing')

  await api.advance(2)
  t.equal((await order(body.data.order_id)).status, 'success')
  const group = await detail(id)
  t.equal(group.phone_numbers.length, 1)
  t.match(group.phone_numbers[0], { id: UUID, phone_number: number, status: 'active' })
})

t.test('a group whose city is typed in lower case can order the numbers it lists', async (t) => {
  const { api, approvedGroup, available, credits } = await setup(t)
  const id = await approvedGroup({ city: 'amsterdam' })
  const listed = await available(id)
  t.equal(listed.meta.total_results, 50, 'the Amsterdam numbers are listed')
  const number = listed.data[0].phone_number
  t.match(number, /^\+3120/)
  const res = await api.post(`/v1/verification-groups/${id}/order-number`, { phone_number: number })
  t.equal(res.statusCode, 201, 'a listed number can be ordered')
  t.match(
    res.json(),
    { message: 'Phone number ordered', data: { phone_number: number, verification_group: { id } } },
    'order body',
  )
  t.equal(await credits(), 90, '10 credits taken')
})

// --- delete ----------------------------------------------------------------------------------------

t.test(
  'DELETE /verification-groups/{id}: soft delete; pending orders fail and are refunded; numbers stay',
  async (t) => {
    const { api, approvedGroup, available, credits, order, detail, listIds, orderCount } = await setup(t)
    const id = await approvedGroup()
    const [first, second] = (await available(id)).data.map((n: { phone_number: string }) => n.phone_number)

    const delivered = (await api.post(`/v1/verification-groups/${id}/order-number`, { phone_number: first })).json()
      .data
    await api.advance(2)
    t.equal((await order(delivered.order_id)).status, 'success', 'first order delivered')
    const waiting = (await api.post(`/v1/verification-groups/${id}/order-number`, { phone_number: second })).json().data
    t.equal(waiting.status, 'pending')
    t.equal(await credits(), 80)

    const res = await api.delete(`/v1/verification-groups/${id}`)
    t.equal(res.statusCode, 200)
    t.same(res.json(), { message: 'Verification group deleted' })

    const gone = await api.get(`/v1/verification-groups/${id}`)
    t.equal(gone.statusCode, 200, 'GET still works')
    t.equal(gone.json().data.status, 'deleted')
    t.same(await listIds(), [], 'hidden from the default list')
    t.same(await listIds('?status=deleted'), [id])

    const failed = await order(waiting.order_id)
    t.equal(failed.status, 'failed', 'the pending order failed')
    t.match(failed.failure_reason, /\S/, 'with a failure_reason')
    t.equal(await credits(), 90, 'its 10 credits are refunded')

    const numbers = (await api.get('/v1/phone-numbers')).json()
    t.same(
      numbers.data.map((n: { phone_number: string }) => n.phone_number),
      [first],
      'the delivered number stays',
    )
    t.same(
      (await detail(id)).phone_numbers.map((n: { phone_number: string }) => n.phone_number),
      [first],
      'and is still listed on the group',
    )

    await api.advance(10)
    t.equal((await order(waiting.order_id)).status, 'failed', 'the failed order stays failed when its time comes')
    t.equal((await api.get('/v1/phone-numbers')).json().meta.total, 1, 'no number was delivered for it')
    t.equal(await credits(), 90, 'refunded once')

    // Deleting again: the group still exists (GET shows it), so this is a status error, not a 404.
    assertInvalidStatus(t, await api.delete(`/v1/verification-groups/${id}`), 'delete again')
    t.equal((await detail(id)).status, 'deleted')

    const through = await api.post(`/v1/verification-groups/${id}/order-number`, { phone_number: second })
    assertInvalidStatus(t, through, 'order through a deleted group')
    t.equal(await credits(), 90)
    t.equal(await orderCount(), 2)
    assertInvalidStatus(
      t,
      await api.get(`/v1/verification-groups/${id}/available-phone-numbers`),
      'available numbers of a deleted group',
    )
    assertInvalidStatus(t, await api.post(`/v1/verification-groups/${id}/submit`), 'submit a deleted group')
    t.equal((await api.delete(`/v1/verification-groups/${UNKNOWN_ID}`)).statusCode, 404, 'unknown group: 404')
  },
)

t.test('rejecting an approved group through /_mock fails its pending order and refunds it', async (t) => {
  const { api, approvedGroup, available, credits, order, detail } = await setup(t)
  const id = await approvedGroup()
  const number = (await available(id)).data[0].phone_number
  const placed = (await api.post(`/v1/verification-groups/${id}/order-number`, { phone_number: number })).json().data
  t.equal(await credits(), 90)

  const res = await api.post(`/_mock/verification-groups/${id}/review`, {
    outcome: 'rejected',
    reason: 'KvK-nummer klopt niet',
  })
  t.equal(res.statusCode, 200)
  const group = await detail(id)
  t.equal(group.status, 'rejected')
  t.equal(group.rejection_reason, 'KvK-nummer klopt niet')

  const failed = await order(placed.order_id)
  t.equal(failed.status, 'failed')
  t.match(failed.failure_reason, /\S/)
  t.equal(await credits(), 100, 'refunded')

  await api.advance(2)
  t.equal((await order(placed.order_id)).status, 'failed', 'stays failed')
  t.equal((await api.get('/v1/phone-numbers')).json().meta.total, 0, 'no number delivered')
  t.equal(await credits(), 100)
  assertInvalidStatus(
    t,
    await api.post(`/v1/verification-groups/${id}/order-number`, { phone_number: number }),
    'order through the rejected group',
  )
})
