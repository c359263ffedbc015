// Assistants (endpoints.md § 1, without the /phone-number link endpoints) against the contract:
// envelopes, defaults, PUT-replaces / PATCH-merges, validation errors, workspace isolation.
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { assertInvalid, at, client, testApp } from './helpers.js'
import { UNKNOWN_ID, UUID } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

/** Every writable field at its default (endpoints.md § 1), plus the read-only linked number. */
const DEFAULTS = {
  type: 'default',
  first_message: null,
  system_prompt: null,
  end_call_message: null,
  voicemail_message: null,
  language: 'nl',
  voice: null,
  model: null,
  max_duration_seconds: 600,
  server_url: null,
  tools: [],
  faqs: [],
  phone_number: null,
}

/** The two seeded assistants as the API must show them: seed + defaults, created at T0. */
const seed = JSON.parse(readFileSync(new URL('../seed/assistants.json', import.meta.url), 'utf8')) as {
  assistants: Array<Record<string, unknown> & { id: string; name: string }>
}
/** The seeded shared default number starts linked to one seeded assistant. */
const sharedSeed = JSON.parse(readFileSync(new URL('../seed/phone-numbers.json', import.meta.url), 'utf8')) as {
  shared_numbers: Array<{ id: string; phone_number: string; number_type: string; assistant_id?: string }>
}
const linkedNumber = (assistantId: string) => {
  const shared = sharedSeed.shared_numbers.find((n) => n.assistant_id === assistantId)
  return shared ? { id: shared.id, number: shared.phone_number, type: shared.number_type, locality: null } : null
}
const seeded = seed.assistants.map((a) => ({
  ...DEFAULTS,
  ...a,
  phone_number: linkedNumber(a.id),
  created_at: at(0),
  updated_at: at(0),
}))
const KLANTENSERVICE = seeded.find((a) => a.name === 'Klantenservice')!
const AFSPRAKENPLANNER = seeded.find((a) => a.name === 'Afsprakenplanner')!

/** A body that sets every writable field to a non-default value. */
const FULL = {
  name: 'Verkoop Fietsen',
  type: 'external',
  first_message: 'Goedendag, u spreekt met de verkoopafdeling.',
  system_prompt: 'Je verkoopt fietsen. Wees beknopt.',
  end_call_message: 'Tot ziens!',
  voicemail_message: 'Spreek na de piep een bericht in.',
  language: 'en',
  voice: { provider: 'elevenlabs', voice_id: 'rachel-01' },
  model: { provider: 'openai', model: 'gpt-4o', temperature: 0.2 },
  max_duration_seconds: 1200,
  server_url: 'https://hooks.example.com/flireo?team=sales',
  tools: [
    {
      name: 'lookup_order',
      description: 'Zoekt een bestelling op',
      parameters: {
        type: 'object',
        properties: { order_id: { type: 'string' }, verbose: { type: 'boolean' } },
        required: ['order_id'],
      },
    },
    { name: 'transfer-call', description: 'Verbindt door', parameters: {} },
  ],
  faqs: [
    { question: 'Wat is de levertijd?', answer: 'Twee werkdagen.' },
    { question: 'Kan ik proefrijden?', answer: 'Ja, in elke winkel.' },
  ],
}

/** Fields that may be null, and fields that may not (a PATCH null on these is a 400). */
const NULLABLE = [
  'first_message',
  'system_prompt',
  'end_call_message',
  'voicemail_message',
  'voice',
  'model',
  'server_url',
]
const NOT_NULLABLE = ['name', 'type', 'language', 'max_duration_seconds', 'tools', 'faqs']

const NOT_FOUND = { error: { code: 'not_found', message: 'Assistant not found', details: {} } }

function assertNotFound(t: Test, res: LightMyRequestResponse, what: string) {
  t.equal(res.statusCode, 404, `${what}: status 404`)
  t.same(res.json(), NOT_FOUND, `${what}: body`)
}

/** An app, a client for its default key, and a create helper returning the new assistant. */
async function setup(t: Test) {
  const app = await testApp(t)
  const api = client(app)
  const create = async (body: Record<string, unknown>) => {
    const res = await api.post('/v1/assistants', body)
    t.equal(res.statusCode, 201, `created ${String(body.name)}`)
    return res.json().data
  }
  const names = async (query = '') =>
    (await api.get(`/v1/assistants${query}`)).json().data.map((a: { name: string }) => a.name)
  return { app, api, create, names }
}

// --- list ------------------------------------------------------------------------------------------

t.test('GET /assistants lists the two seeded assistants', async (t) => {
  const { api } = await setup(t)
  const res = await api.get('/v1/assistants')
  t.equal(res.statusCode, 200)
  // Both created at T0: the tie is broken by id descending (6f1c... before 0a9b...).
  t.same(res.json(), { data: [KLANTENSERVICE, AFSPRAKENPLANNER], meta: { total: 2, limit: 20, offset: 0 } })
})

t.test('GET /assistants orders by created_at desc, ties by id desc, and pages', async (t) => {
  const { api, create, names } = await setup(t)
  await api.advance(10)
  const first = await create({ name: 'Eerste' })
  await api.advance(10)
  const second = await create({ name: 'Tweede' })
  const third = await create({ name: 'Derde' }) // same instant as Tweede
  t.equal(first.created_at, at(10))
  t.equal(second.created_at, at(20))
  t.equal(third.created_at, at(20))

  const tied = [second, third].sort((a, b) => (a.id < b.id ? 1 : -1)).map((a) => a.name)
  const all = [...tied, 'Eerste', 'Klantenservice', 'Afsprakenplanner']
  t.same(await names(), all, 'newest first, ties by id descending')

  const page = await api.get('/v1/assistants?limit=2&offset=1')
  t.equal(page.statusCode, 200)
  t.same(page.json().meta, { total: 5, limit: 2, offset: 1 })
  t.same(
    page.json().data.map((a: { name: string }) => a.name),
    all.slice(1, 3),
  )

  const last = await api.get('/v1/assistants?limit=2&offset=4')
  t.same(last.json().meta, { total: 5, limit: 2, offset: 4 })
  t.same(
    last.json().data.map((a: { name: string }) => a.name),
    ['Afsprakenplanner'],
  )

  const beyond = await api.get('/v1/assistants?offset=50')
  t.same(beyond.json(), { data: [], meta: { total: 5, limit: 20, offset: 50 } }, 'past the end: empty page, total kept')

  const max = await api.get('/v1/assistants?limit=100')
  t.equal(max.statusCode, 200, 'limit 100 is allowed')
  t.equal(max.json().meta.limit, 100)
})

t.test('GET /assistants filters by type', async (t) => {
  const { api, create } = await setup(t)
  await api.advance(5)
  const ext = await create({ name: 'Extern twee', type: 'external' })

  const external = await api.get('/v1/assistants?type=external')
  t.equal(external.statusCode, 200)
  t.same(external.json(), { data: [ext, AFSPRAKENPLANNER], meta: { total: 2, limit: 20, offset: 0 } })

  const dflt = await api.get('/v1/assistants?type=default')
  t.same(dflt.json(), { data: [KLANTENSERVICE], meta: { total: 1, limit: 20, offset: 0 } })

  const paged = await api.get('/v1/assistants?type=external&limit=1&offset=1')
  t.same(
    paged.json(),
    { data: [AFSPRAKENPLANNER], meta: { total: 2, limit: 1, offset: 1 } },
    'total counts the filter, not the page',
  )
})

t.test('GET /assistants searches names case-insensitively', async (t) => {
  const { api, create, names } = await setup(t)
  await api.advance(1)
  await create({ name: '100% Klantvriendelijk_bot' })

  t.same(await names('?search=KLANT'), ['100% Klantvriendelijk_bot', 'Klantenservice'])
  t.same(await names('?search=planner'), ['Afsprakenplanner'])
  t.same(await names('?search=ENSERV'), ['Klantenservice'], 'substring in the middle')
  t.same(await names('?search=zzz'), [])
  t.same(await names('?search=%25'), ['100% Klantvriendelijk_bot'], '% is a literal, not a wildcard')
  t.same(await names('?search=k_b'), ['100% Klantvriendelijk_bot'], '_ matches itself')
  t.same(await names('?search=e_s'), [], '_ is a literal, not a wildcard (would match "enS" in Klantenservice)')

  const res = await api.get('/v1/assistants?search=klant&type=external')
  t.same(res.json(), { data: [], meta: { total: 0, limit: 20, offset: 0 } }, 'search and type combine')
  const counted = await api.get('/v1/assistants?search=klant&limit=1')
  t.equal(counted.json().meta.total, 2)
  t.equal(counted.json().data.length, 1)
})

t.test('GET /assistants rejects bad query parameters', async (t) => {
  const { api } = await setup(t)
  const cases: Array<[string, string]> = [
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=abc', 'offset'],
    ['type=bogus', 'type'],
  ]
  for (const [query, field] of cases) assertInvalid(t, await api.get(`/v1/assistants?${query}`), field, query)
})

// --- create ----------------------------------------------------------------------------------------

t.test('POST /assistants with only a name fills every default', async (t) => {
  const { api } = await setup(t)
  const res = await api.post('/v1/assistants', { name: 'Receptie' })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body.data.id, UUID, 'id is a UUID v4')
  t.same(body, {
    message: 'Assistant created',
    data: { id: body.data.id, name: 'Receptie', ...DEFAULTS, created_at: at(0), updated_at: at(0) },
  })

  const got = await api.get(`/v1/assistants/${body.data.id}`)
  t.equal(got.statusCode, 200)
  t.same(got.json(), { data: body.data }, 'GET returns what POST returned')
  t.equal((await api.get('/v1/assistants')).json().meta.total, 3)
})

t.test('POST /assistants echoes a full body exactly', async (t) => {
  const { api } = await setup(t)
  await api.advance(90)
  const res = await api.post('/v1/assistants', FULL)
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.same(body, {
    message: 'Assistant created',
    data: { id: body.data.id, ...FULL, phone_number: null, created_at: at(90), updated_at: at(90) },
  })
  t.same((await api.get(`/v1/assistants/${body.data.id}`)).json(), { data: body.data })
})

t.test('POST /assistants accepts explicit nulls and boundary values', async (t) => {
  const { api } = await setup(t)
  const res = await api.post('/v1/assistants', {
    name: 'x'.repeat(200),
    first_message: null,
    voice: null,
    model: { provider: 'openai', model: 'gpt-4o', temperature: 2 },
    max_duration_seconds: 10,
    server_url: 'http://localhost:3000/hook',
  })
  t.equal(res.statusCode, 201)
  t.match(res.json().data, { name: 'x'.repeat(200), first_message: null, voice: null, max_duration_seconds: 10 })
  t.equal((await api.post('/v1/assistants', { name: 'Lang', max_duration_seconds: 3600 })).statusCode, 201)
  t.equal(
    (await api.post('/v1/assistants', { name: 'Koel', model: { provider: 'p', model: 'm', temperature: 0 } }))
      .statusCode,
    201,
  )
})

t.test('POST /assistants rejects invalid bodies and creates nothing', async (t) => {
  const { api } = await setup(t)
  const tool = (name: string) => ({ name, description: 'd', parameters: {} })
  const model = (temperature: number) => ({ provider: 'openai', model: 'gpt-4o', temperature })
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['missing name', { type: 'default' }, 'name'],
    ['empty name', { name: '' }, 'name'],
    ['name of 201 chars', { name: 'x'.repeat(201) }, 'name'],
    ['name null', { name: null }, 'name'],
    ['type bogus', { name: 'A', type: 'bogus' }, 'type'],
    ['max_duration_seconds 9', { name: 'A', max_duration_seconds: 9 }, 'max_duration_seconds'],
    ['max_duration_seconds 3601', { name: 'A', max_duration_seconds: 3601 }, 'max_duration_seconds'],
    ['max_duration_seconds 10.5', { name: 'A', max_duration_seconds: 10.5 }, 'max_duration_seconds'],
    ['max_duration_seconds "600"', { name: 'A', max_duration_seconds: '600' }, 'max_duration_seconds'],
    ['temperature 2.5', { name: 'A', model: model(2.5) }, 'model.temperature'],
    ['temperature -0.1', { name: 'A', model: model(-0.1) }, 'model.temperature'],
    ['server_url ftp', { name: 'A', server_url: 'ftp://x' }, 'server_url'],
    ['server_url not a url', { name: 'A', server_url: 'not a url' }, 'server_url'],
    ['tool name with a space', { name: 'A', tools: [tool('look up')] }, 'tools[0].name'],
    ['tool name of 65 chars', { name: 'A', tools: [tool('t'.repeat(65))] }, 'tools[0].name'],
    ['duplicate tool names', { name: 'A', tools: [tool('same'), tool('same')] }, 'tools[1].name'],
    ['unknown field', { name: 'A', colour: 'blue' }, 'colour'],
    ['read-only id', { name: 'A', id: UNKNOWN_ID }, 'id'],
    ['read-only created_at', { name: 'A', created_at: at(0) }, 'created_at'],
    ['read-only updated_at', { name: 'A', updated_at: at(0) }, 'updated_at'],
    ['read-only phone_number', { name: 'A', phone_number: null }, 'phone_number'],
  ]
  for (const [what, body, field] of cases) assertInvalid(t, await api.post('/v1/assistants', body), field, what)

  t.same(
    (await api.get('/v1/assistants')).json().meta,
    { total: 2, limit: 20, offset: 0 },
    'no rejected body created an assistant',
  )
})

// --- get -------------------------------------------------------------------------------------------

t.test('GET /assistants/:id', async (t) => {
  const { api } = await setup(t)
  const res = await api.get(`/v1/assistants/${AFSPRAKENPLANNER.id}`)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { data: AFSPRAKENPLANNER })

  assertNotFound(t, await api.get(`/v1/assistants/${UNKNOWN_ID}`), 'unknown uuid')
  assertNotFound(t, await api.get('/v1/assistants/not-a-uuid'), 'non-uuid id')
})

// --- PUT -------------------------------------------------------------------------------------------

t.test('PUT /assistants/:id replaces: fields not sent go back to default or null', async (t) => {
  const { api, create } = await setup(t)
  const full = await create(FULL)
  await api.advance(60)

  const res = await api.put(`/v1/assistants/${full.id}`, { name: 'Alleen naam' })
  t.equal(res.statusCode, 200)
  const expected = { id: full.id, name: 'Alleen naam', ...DEFAULTS, created_at: at(0), updated_at: at(60) }
  t.same(res.json(), { message: 'Assistant updated', data: expected })
  t.same((await api.get(`/v1/assistants/${full.id}`)).json(), { data: expected }, 'state after PUT')

  await api.advance(30)
  const back = await api.put(`/v1/assistants/${full.id}`, FULL)
  t.equal(back.statusCode, 200)
  const restored = { ...full, updated_at: at(90) }
  t.same(back.json(), { message: 'Assistant updated', data: restored }, 'a full PUT sets every field')
  t.same((await api.get(`/v1/assistants/${full.id}`)).json(), { data: restored })
})

t.test('PUT /assistants/:id on a seeded assistant keeps its created_at', async (t) => {
  const { api } = await setup(t)
  await api.advance(3600)
  const res = await api.put(`/v1/assistants/${KLANTENSERVICE.id}`, { name: 'Klantenservice', language: 'de' })
  t.equal(res.statusCode, 200)
  t.same(res.json().data, {
    id: KLANTENSERVICE.id,
    name: 'Klantenservice',
    ...DEFAULTS,
    language: 'de',
    phone_number: KLANTENSERVICE.phone_number,
    created_at: at(0),
    updated_at: at(3600),
  })
})

t.test('PUT /assistants/:id rejects bad bodies and leaves the assistant alone', async (t) => {
  const { api, create } = await setup(t)
  const full = await create(FULL)
  const url = `/v1/assistants/${full.id}`
  await api.advance(10)

  assertInvalid(t, await api.put(url, { type: 'default' }), 'name', 'PUT without name')
  assertInvalid(t, await api.put(url, {}), 'name', 'PUT with empty body')
  assertInvalid(t, await api.put(url, { name: 'A', id: full.id }), 'id', 'PUT with id')
  assertInvalid(t, await api.put(url, { name: 'A', created_at: at(0) }), 'created_at', 'PUT with created_at')
  assertInvalid(t, await api.put(url, { name: 'A', phone_number: null }), 'phone_number', 'PUT with phone_number')
  assertInvalid(
    t,
    await api.put(url, { name: 'A', max_duration_seconds: 3601 }),
    'max_duration_seconds',
    'PUT out of range',
  )
  assertInvalid(
    t,
    await api.put(url, { name: 'A', tools: [FULL.tools[0], FULL.tools[0]] }),
    'tools[1].name',
    'PUT duplicate tools',
  )
  t.same((await api.get(url)).json(), { data: full }, 'unchanged after rejected PUTs')

  assertNotFound(t, await api.put(`/v1/assistants/${UNKNOWN_ID}`, { name: 'A' }), 'PUT unknown id')
  assertNotFound(t, await api.put('/v1/assistants/nope', { name: 'A' }), 'PUT non-uuid id')
})

// --- PATCH -----------------------------------------------------------------------------------------

t.test('PATCH /assistants/:id changes only the fields sent, one at a time', async (t) => {
  const { api, create } = await setup(t)
  const start = await create(FULL)
  const url = `/v1/assistants/${start.id}`
  const changes: Record<string, unknown> = {
    name: 'Hernoemd',
    type: 'default',
    first_message: 'Hoi!',
    system_prompt: 'Nieuwe instructies.',
    end_call_message: 'Doei.',
    voicemail_message: 'Laat iets achter.',
    language: 'fr',
    voice: { provider: 'flireo', voice_id: 'nl-NL-fenna' },
    model: { provider: 'mistral', model: 'large', temperature: 1.5 },
    max_duration_seconds: 45,
    server_url: 'http://127.0.0.1:8080/webhook',
    tools: [{ name: 'hang_up', description: 'Hangt op', parameters: { type: 'object' } }],
    faqs: [],
  }
  let expected = { ...start }
  let elapsed = 0

  for (const [field, value] of Object.entries(changes)) {
    await api.advance(5)
    elapsed += 5
    const res = await api.patch(url, { [field]: value })
    expected = { ...expected, [field]: value, updated_at: at(elapsed) }
    t.equal(res.statusCode, 200, `PATCH ${field}: 200`)
    t.same(res.json(), { message: 'Assistant updated', data: expected }, `PATCH ${field}: only ${field} changed`)
    t.same((await api.get(url)).json(), { data: expected }, `PATCH ${field}: state`)
  }

  for (const field of NULLABLE) {
    await api.advance(5)
    elapsed += 5
    const res = await api.patch(url, { [field]: null })
    expected = { ...expected, [field]: null, updated_at: at(elapsed) }
    t.equal(res.statusCode, 200, `PATCH ${field}=null: 200`)
    t.same(res.json(), { message: 'Assistant updated', data: expected }, `PATCH ${field}=null: becomes null`)
    t.same((await api.get(url)).json(), { data: expected }, `PATCH ${field}=null: state`)
  }
  t.equal(expected.created_at, at(0), 'created_at never moved')
})

t.test('PATCH /assistants/:id with several fields merges them', async (t) => {
  const { api } = await setup(t)
  await api.advance(120)
  const url = `/v1/assistants/${KLANTENSERVICE.id}`
  const res = await api.patch(url, { name: 'Service', voice: null, max_duration_seconds: 300 })
  const expected = { ...KLANTENSERVICE, name: 'Service', voice: null, max_duration_seconds: 300, updated_at: at(120) }
  t.same(res.json(), { message: 'Assistant updated', data: expected })
  t.same((await api.get(url)).json(), { data: expected })
})

t.test('PATCH /assistants/:id rejects null on non-nullable fields and invalid values', async (t) => {
  const { api, create } = await setup(t)
  const full = await create(FULL)
  const url = `/v1/assistants/${full.id}`
  await api.advance(10)

  for (const field of NOT_NULLABLE) {
    assertInvalid(t, await api.patch(url, { [field]: null }), field, `PATCH ${field}=null`)
  }
  assertInvalid(t, await api.patch(url, { name: '' }), 'name', 'PATCH empty name')
  assertInvalid(
    t,
    await api.patch(url, { model: { provider: 'p', model: 'm', temperature: 2.5 } }),
    'model.temperature',
    'PATCH temperature',
  )
  assertInvalid(t, await api.patch(url, { server_url: 'ftp://x' }), 'server_url', 'PATCH ftp url')
  assertInvalid(t, await api.patch(url, { bogus: 1 }), 'bogus', 'PATCH unknown field')
  assertInvalid(t, await api.patch(url, { id: full.id }), 'id', 'PATCH id')
  assertInvalid(t, await api.patch(url, { updated_at: at(0) }), 'updated_at', 'PATCH updated_at')
  assertInvalid(t, await api.patch(url, { phone_number: null }), 'phone_number', 'PATCH phone_number')
  const dup = { name: 'a', description: 'd', parameters: {} }
  assertInvalid(t, await api.patch(url, { tools: [dup, dup] }), 'tools[1].name', 'PATCH duplicate tools')
  t.same((await api.get(url)).json(), { data: full }, 'unchanged after rejected PATCHes')

  assertNotFound(t, await api.patch(`/v1/assistants/${UNKNOWN_ID}`, { name: 'A' }), 'PATCH unknown id')
  assertNotFound(t, await api.patch('/v1/assistants/123', {}), 'PATCH non-uuid id')
})

t.test('PATCH /assistants/:id with {} changes nothing, updated_at included', async (t) => {
  const { api, create } = await setup(t)
  const full = await create(FULL)
  const url = `/v1/assistants/${full.id}`
  await api.advance(600)

  const res = await api.patch(url, {})
  t.equal(res.statusCode, 200)
  t.same(res.json(), { message: 'Assistant updated', data: full })
  t.same((await api.get(url)).json(), { data: full }, 'state unchanged, updated_at still T0')
})

// --- DELETE ----------------------------------------------------------------------------------------

t.test('DELETE /assistants/:id', async (t) => {
  const { api, names } = await setup(t)
  const url = `/v1/assistants/${KLANTENSERVICE.id}`

  const res = await api.delete(url)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { message: 'Assistant deleted' })

  assertNotFound(t, await api.get(url), 'GET after delete')
  assertNotFound(t, await api.delete(url), 'DELETE again')
  assertNotFound(t, await api.patch(url, { name: 'x' }), 'PATCH after delete')
  assertNotFound(t, await api.put(url, { name: 'x' }), 'PUT after delete')
  assertNotFound(t, await api.delete(`/v1/assistants/${UNKNOWN_ID}`), 'DELETE unknown id')
  assertNotFound(t, await api.delete('/v1/assistants/xyz'), 'DELETE non-uuid id')
  t.same(await names(), ['Afsprakenplanner'])
  t.equal((await api.get('/v1/assistants')).json().meta.total, 1)
})

// --- workspaces ------------------------------------------------------------------------------------

t.test('another API key cannot see or touch an assistant', async (t) => {
  const app = await testApp(t)
  const a = client(app, 'key-a')
  const b = client(app, 'key-b')

  const created = (await a.post('/v1/assistants', { name: 'Geheim van A' })).json().data
  const url = `/v1/assistants/${created.id}`

  assertNotFound(t, await b.get(url), 'B GET')
  assertNotFound(t, await b.put(url, { name: 'Van B' }), 'B PUT')
  assertNotFound(t, await b.patch(url, { name: 'Van B' }), 'B PATCH')
  assertNotFound(t, await b.delete(url), 'B DELETE')

  const listB = (await b.get('/v1/assistants')).json()
  t.same(
    listB.data.map((x: { name: string }) => x.name),
    ['Klantenservice', 'Afsprakenplanner'],
    'B sees only its own seed',
  )
  t.equal(listB.meta.total, 2)
  t.same((await b.get('/v1/assistants?search=Geheim')).json().meta.total, 0)

  t.same((await a.get(url)).json(), { data: created }, 'A still has it, unchanged')
  t.equal((await a.get('/v1/assistants')).json().meta.total, 3)

  // The seeded ids are the same in every workspace, yet each workspace has its own copy.
  await b.patch(`/v1/assistants/${KLANTENSERVICE.id}`, { name: 'B-service' })
  await b.delete(`/v1/assistants/${AFSPRAKENPLANNER.id}`)
  t.same(
    (await a.get(`/v1/assistants/${KLANTENSERVICE.id}`)).json(),
    { data: KLANTENSERVICE },
    "B's change does not reach A",
  )
  t.same(
    (await a.get(`/v1/assistants/${AFSPRAKENPLANNER.id}`)).json(),
    { data: AFSPRAKENPLANNER },
    "B's delete does not reach A",
  )
})
