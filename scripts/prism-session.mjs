// `npm run check:prism`: does the mock answer as its own OpenAPI document says? Runs a session
// that calls all 49 operations (successes and some errors) through Prism's validating proxy in
// front of the built mock, and counts the violations Prism reports in its `sl-violations` header.
// Prism is installed on first use into bench/.peers/ (as the benchmark does). Exits 0 when every
// operation was called and no response broke the document.
import { writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, startServer } from '../bench/lib/children.mjs'
import { ensurePeer } from '../bench/lib/peers.mjs'
import { ensureBuilt, root } from '../bench/lib/servers.mjs'

const log = (line) => console.log(`prism-session: ${line}`)
const key = `prism-session-${process.pid}`
const auth = { authorization: `Bearer ${key}` }
const seeded = { klantenservice: '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7', jan: '+31612345678' }

ensureBuilt(log)
const prismPeer = await ensurePeer({ name: 'prism', pkg: '@stoplight/prism-cli', version: '5.14.2', bin: 'prism' }, log)
const [mockPort, prismPort] = [await freePort(), await freePort()]
const mockUrl = `http://127.0.0.1:${mockPort}`
const prismUrl = `http://127.0.0.1:${prismPort}`
const mock = await startServer({
  args: ['dist/flireo-mock.js', '--port', String(mockPort), '--quiet', '--clock', 'manual'],
  cwd: root,
  healthUrl: `${mockUrl}/health`,
})
const servers = [mock]
const results = []
try {
  const documentFile = join(root, 'bench/.tmp/prism-session-openapi.json')
  mkdirSync(join(root, 'bench/.tmp'), { recursive: true })
  const document = await (await fetch(`${mockUrl}/openapi.json`)).json()
  writeFileSync(documentFile, JSON.stringify(document))
  // Without --errors the proxy passes every answer on and lists what breaks the document.
  const prismArgs = [prismPeer.binPath, 'proxy', documentFile, mockUrl, '--port', String(prismPort)]
  servers.push(
    await startServer({
      args: [...prismArgs, '--host', '127.0.0.1', '-v', 'error'],
      cwd: root,
      healthUrl: `${prismUrl}/v1/user`,
      headers: auth,
      timeoutMs: 120_000,
    }),
  )
  await session(document)
} finally {
  for (const server of servers.reverse()) await server.stop()
}

function operationsOf(document) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  )
}

/**
 * One request through Prism: `operation` is the document's `METHOD /path` it exercises; `invalid`
 * marks a request that breaks the document on purpose (Prism reports it; the answer must still fit).
 */
async function call(operation, url, { body, form, headers = auth, expect, invalid = false } = {}) {
  const [method] = operation.split(' ')
  const init = { method, headers: { ...headers } }
  if (form) init.body = form
  else if (body !== undefined) {
    init.body = JSON.stringify(body)
    init.headers['content-type'] = 'application/json'
  }
  const res = await fetch(prismUrl + url, init)
  const text = await res.text()
  const violations = JSON.parse(res.headers.get('sl-violations') ?? '[]')
  results.push({ operation, url, status: res.status, violations, invalid })
  if (expect !== undefined && res.status !== expect) {
    throw new Error(`${method} ${url}: expected ${expect}, got ${res.status} ${text.slice(0, 300)}`)
  }
  return text ? JSON.parse(text) : undefined
}

/** A request to the control plane, straight to the mock (it is not in the document). */
async function control(method, path, body) {
  const json = body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
  const res = await fetch(mockUrl + path, { method, ...json, headers: { ...auth, ...json.headers } })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

async function session(document) {
  await control('PATCH', '/_mock/config', { call_mode: 'manual', credits: 1000 })

  // Assistants
  await call('GET /v1/assistants', '/v1/assistants?limit=5', { expect: 200 })
  const assistant = (await call('POST /v1/assistants', '/v1/assistants', { body: { name: 'Prism' }, expect: 201 })).data
    .id
  await call('GET /v1/assistants/{id}', `/v1/assistants/${assistant}`, { expect: 200 })
  await call('PUT /v1/assistants/{id}', `/v1/assistants/${assistant}`, { body: { name: 'Prism 2' }, expect: 200 })
  await call('PATCH /v1/assistants/{id}', `/v1/assistants/${assistant}`, {
    body: { first_message: 'Hallo', faqs: [{ question: 'Wanneer open?', answer: 'Van 9 tot 5.' }] },
    expect: 200,
  })
  await call('GET /v1/assistants/{id}/phone-number', `/v1/assistants/${assistant}/phone-number`, { expect: 200 })

  // Contacts
  await call('GET /v1/contacts', '/v1/contacts?search=jan', { expect: 200 })
  const contact = (
    await call('POST /v1/contacts', '/v1/contacts', {
      body: { phone_number: '+31611112222', full_name: 'Prism Test', logs: { bron: 'prism' } },
      expect: 201,
    })
  ).contact_id
  await call('GET /v1/contacts/{id}', `/v1/contacts/${contact}`, { expect: 200 })
  await call('PUT /v1/contacts/{id}', `/v1/contacts/${contact}`, {
    body: { phone_number: '+31611112222' },
    expect: 200,
  })
  await call('PATCH /v1/contacts/{id}', `/v1/contacts/${contact}`, { body: { email: 'p@example.nl' }, expect: 200 })

  // Phone numbers and orders
  const available = await call('GET /v1/phone-numbers/available', '/v1/phone-numbers/available?number_type=mobile', {
    expect: 200,
  })
  await call('GET /v1/available-phone-numbers', '/v1/available-phone-numbers?number_type=national&limit=3', {
    expect: 200,
  })
  const order = (
    await call('POST /v1/phone-numbers', '/v1/phone-numbers', {
      body: { phone_number: available.data[0].phone_number, number_type: 'mobile' },
      expect: 201,
    })
  ).data.order_id
  await call('GET /v1/phone-number-orders', '/v1/phone-number-orders', { expect: 200 })
  await call('GET /v1/phone-number-orders/{id}', `/v1/phone-number-orders/${order}`, { expect: 200 })
  await control('POST', `/_mock/phone-number-orders/${order}/complete`, { outcome: 'success' })
  const numbers = await call('GET /v1/phone-numbers', '/v1/phone-numbers?include_default=true', { expect: 200 })
  const number = numbers.data[0].id
  await call('GET /v1/phone-numbers/{id}', `/v1/phone-numbers/${number}`, { expect: 200 })
  await call('POST /v1/assistants/{id}/phone-number', `/v1/assistants/${assistant}/phone-number`, {
    body: { phone_number_id: number },
    expect: 200,
  })
  await call('GET /v1/assistants/{id}/phone-number', `/v1/assistants/${assistant}/phone-number`, { expect: 200 })

  // Calls
  const callId = (
    await call('POST /v1/calls/outbound', '/v1/calls/outbound', {
      body: { assistant_id: assistant, phone_number: '+31611112222', metadata: { ref: 'prism' } },
      expect: 201,
    })
  ).data.id
  await control('POST', '/_mock/clock/advance', { seconds: 10 })
  await call('POST /v1/calls/{id}/inject', `/v1/calls/${callId}/inject`, { body: { message: 'VIP' }, expect: 200 })
  await call('GET /v1/calls/{id}', `/v1/calls/${callId}`, { expect: 200 })
  await control('POST', `/_mock/calls/${callId}/end`, {})
  await call('GET /v1/calls', '/v1/calls', { expect: 200 })
  await call('GET /v1/calls/{id}', `/v1/calls/${callId}`, { expect: 200 })
  await call('DELETE /v1/calls/{id}', `/v1/calls/${callId}`, { expect: 200 })
  await call('POST /v1/knowledgebase/query', '/v1/knowledgebase/query', {
    body: { assistant_id: seeded.klantenservice, query: 'retourneren' },
    expect: 200,
  })

  // Scheduled calls
  const { now } = (await control('GET', '/_mock/clock')).data
  const inAnHour = new Date(Date.parse(now) + 3_600_000).toISOString()
  const scheduled = (
    await call('POST /v1/scheduled-calls', '/v1/scheduled-calls', {
      body: { assistant_id: assistant, phone_number: seeded.jan, scheduled_at: inAnHour },
      expect: 201,
    })
  ).data.id
  await call('GET /v1/scheduled-calls', '/v1/scheduled-calls', { expect: 200 })
  await call('GET /v1/scheduled-calls/{id}', `/v1/scheduled-calls/${scheduled}`, { expect: 200 })
  await call('PATCH /v1/scheduled-calls/{id}', `/v1/scheduled-calls/${scheduled}`, {
    body: { metadata: { poging: 2 } },
    expect: 200,
  })
  await call('DELETE /v1/scheduled-calls/{id}', `/v1/scheduled-calls/${scheduled}`, { expect: 200 })

  // Verification groups
  const group = (
    await call('POST /v1/verification-groups', '/v1/verification-groups', {
      body: {
        phone_number_type: 'local',
        name: 'Prism BV Amsterdam',
        business_name: 'Prism BV',
        contact_person_first_name: 'Jan',
        contact_person_last_name: 'Jansen',
        contact_person_phone: '+31612345678',
        street_name: 'Damrak',
        house_number: '1',
        postal_code: '1012 LG',
        city: 'Amsterdam',
        province: 'Noord-Holland',
      },
      expect: 201,
    })
  ).data.requirement_group_id
  await call('GET /v1/verification-groups', '/v1/verification-groups', { expect: 200 })
  const upload = () => {
    const form = new FormData()
    form.append('type', 'business_registration')
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%prism\n')], { type: 'application/pdf' }), 'kvk.pdf')
    return form
  }
  const documentsUrl = `/v1/verification-groups/${group}/documents`
  const first = (
    await call('POST /v1/verification-groups/{id}/documents', documentsUrl, { form: upload(), expect: 201 })
  ).data.id
  await call('DELETE /v1/verification-groups/{id}/documents/{document_id}', `${documentsUrl}/${first}`, { expect: 200 })
  await call('POST /v1/verification-groups/{id}/documents', documentsUrl, { form: upload(), expect: 201 })
  await call('GET /v1/verification-groups/{id}/documents', documentsUrl, { expect: 200 })
  await call('POST /v1/verification-groups/{id}/submit', `/v1/verification-groups/${group}/submit`, { expect: 200 })
  await control('POST', `/_mock/verification-groups/${group}/review`, { outcome: 'approved' })
  await call('GET /v1/verification-groups/{id}', `/v1/verification-groups/${group}`, { expect: 200 })
  const local = await call(
    'GET /v1/verification-groups/{id}/available-phone-numbers',
    `/v1/verification-groups/${group}/available-phone-numbers?limit=2`,
    { expect: 200 },
  )
  await call('POST /v1/verification-groups/{id}/order-number', `/v1/verification-groups/${group}/order-number`, {
    body: { phone_number: local.data[0].phone_number },
    expect: 201,
  })
  await call('DELETE /v1/verification-groups/{id}', `/v1/verification-groups/${group}`, { expect: 200 })

  // Instant agents, the user
  await call('POST /v1/instant-agents', '/v1/instant-agents', {
    body: { company_name: 'Bakkerij Prism', description: 'Wij bakken brood. Wij zijn open van 7 tot 18 uur.' },
    expect: 201,
  })
  await call('POST /v1/instant-agents/faqs', '/v1/instant-agents/faqs', {
    body: { content: 'Wij bezorgen in heel Utrecht. Bestellen kan tot 20:00 voor levering de volgende dag.' },
    expect: 200,
  })
  await call('GET /v1/user/profile', '/v1/user/profile', { expect: 200 })
  await call('GET /v1/user/profile/extended', '/v1/user/profile/extended', { expect: 200 })
  await call('GET /v1/user', '/v1/user', { expect: 200 })

  // Errors, in the documented error shape
  await call('GET /v1/contacts/{id}', '/v1/contacts/not-a-uuid', { expect: 404 })
  await call('POST /v1/contacts', '/v1/contacts', { body: { full_name: 'no number' }, expect: 400, invalid: true })
  await call('GET /v1/assistants', '/v1/assistants', { headers: {}, expect: 401, invalid: true })
  await call('DELETE /v1/phone-numbers/{id}', `/v1/phone-numbers/${numbers.shared_numbers[0].id}`, { expect: 403 })
  await control('PATCH', '/_mock/config', { credits: 0 })
  await call('POST /v1/calls/outbound', '/v1/calls/outbound', {
    body: { assistant_id: assistant, phone_number: seeded.jan },
    expect: 402,
  })

  // The deletes, last
  await call('DELETE /v1/assistants/{id}/phone-number', `/v1/assistants/${assistant}/phone-number`, { expect: 200 })
  await call('DELETE /v1/phone-numbers/{id}', `/v1/phone-numbers/${number}`, { expect: 200 })
  await call('DELETE /v1/contacts/{id}', `/v1/contacts/${contact}`, { expect: 200 })
  await call('DELETE /v1/assistants/{id}', `/v1/assistants/${assistant}`, { expect: 200 })

  const documented = operationsOf(document)
  const called = new Set(results.map((r) => r.operation))
  const missed = documented.filter((operation) => !called.has(operation))
  const unknown = [...called].filter((operation) => !documented.includes(operation))
  const violations = (where, invalid) =>
    results
      .filter((r) => r.invalid === invalid)
      .flatMap((r) =>
        r.violations
          .filter((v) => v.location?.[0] === where)
          .map((v) => `${r.operation} (${r.url} → ${r.status}): ${v.location.join('.')} ${v.message}`),
      )
  const inResponses = [...violations('response', false), ...violations('response', true)]
  const inRequests = violations('request', false)
  for (const line of inResponses) log(`response violation: ${line}`)
  for (const line of inRequests) log(`request violation: ${line}`)
  for (const line of violations('request', true)) log(`request violation, on purpose: ${line}`)
  for (const operation of [...missed, ...unknown]) log(`not covered: ${operation}`)
  const statuses = [...new Set(results.map((r) => r.status))].sort().join(', ')
  log(
    `${results.length} requests over ${called.size} of ${documented.length} operations (statuses ${statuses}): ` +
      `${inResponses.length} response violations, ${inRequests.length} request violations`,
  )
  if (inResponses.length + inRequests.length + missed.length + unknown.length > 0) process.exitCode = 1
}
