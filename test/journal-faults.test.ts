// The request journal (GET/DELETE /_mock/requests) and fault rules (GET/POST/DELETE /_mock/faults)
// of mock-control.md: what a workspace's clients sent and got back, and the errors and delays a
// test can make the /v1 API answer with.
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import fc from 'fast-check'
import { journalByteCapacity, journalCapacity } from '../src/journal/journal.js'
import type { JournalEntryView as Entry } from '../src/journal/entry.js'
import { pathMatcher } from '../src/faults/path-pattern.js'
import { type Api, at, client, KEY, OTHER_KEY, testApp } from './helpers.js'
import { JAN } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

interface Journal {
  data: Entry[]
  meta: { total: number; limit: number; offset: number }
}

/** The journal page the query asks for (e.g. `?method=POST`). */
async function journal(api: Api, query = ''): Promise<Journal> {
  const res = await api.get(`/_mock/requests${query}`)
  if (res.statusCode !== 200) throw new Error(`GET /_mock/requests${query}: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** Adds a fault rule and returns it. */
async function addRule(t: Test, api: Api, rule: Record<string, unknown>) {
  const res = await api.post('/_mock/faults', rule)
  t.equal(res.statusCode, 201, `rule added: ${JSON.stringify(rule)}`)
  return res.json().data as Record<string, unknown> & { id: number }
}

const rules = async (api: Api) => (await api.get('/_mock/faults')).json().data as Record<string, unknown>[]

const contactTotal = async (api: Api) => (await api.get('/v1/contacts')).json().meta.total as number

/** An answer in the Flireo error shape with this status and code. */
function assertError(t: Test, res: LightMyRequestResponse, status: number, code: string, what: string) {
  t.equal(res.statusCode, status, `${what}: ${status}`)
  const body = res.json()
  t.same(Object.keys(body), ['error'], `${what}: the error envelope`)
  t.match(body, { error: { code, message: String, details: Object } }, `${what}: ${code}`)
  return body.error as { code: string; message: string; details: Record<string, unknown> }
}

let phoneCounter = 0
/** A fresh valid Dutch mobile number. */
const newPhone = () => `+316900${String(++phoneCounter).padStart(5, '0')}`

// --- the request journal ---------------------------------------------------------------------------

t.test('GET /_mock/requests records every /v1 request of the key, newest first', async (t) => {
  const app = await testApp(t)
  const api = client(app)

  const list = await api.get('/v1/contacts?limit=2&offset=1')
  t.equal(list.statusCode, 200)
  t.equal((await api.advance(90)).statusCode, 200)
  const phone = newPhone()
  const created = await api.post('/v1/contacts', { phone_number: phone, full_name: 'Journaled' })
  t.equal(created.statusCode, 201)
  const missing = await api.get('/v1/contacts/00000000-0000-4000-8000-000000000000')
  t.equal(missing.statusCode, 404)

  const { data, meta } = await journal(api)
  t.same(meta, { total: 3, limit: 20, offset: 0 }, 'three /v1 requests; the /_mock ones are not recorded')
  t.same(
    data.map((e) => `${e.method} ${e.path} ${e.status}`),
    ['GET /v1/contacts/00000000-0000-4000-8000-000000000000 404', 'POST /v1/contacts 201', 'GET /v1/contacts 200'],
    'newest first',
  )
  t.ok(data[0]!.id > data[1]!.id && data[1]!.id > data[2]!.id, 'ids grow with time')

  const [notFound, post, get] = data as [Entry, Entry, Entry]
  t.same(Object.keys(get).sort(), [
    'at',
    'duration_ms',
    'id',
    'method',
    'path',
    'query',
    'request',
    'response',
    'status',
  ])
  t.equal(get.path, '/v1/contacts', 'the path has no query string')
  t.match(get.query, { limit: 2, offset: 1 }, 'the query apart')
  t.equal(get.at, at(0), 'at: the mock clock when it was sent')
  t.type(get.duration_ms, 'number')
  t.ok(get.duration_ms >= 0, 'a duration')
  t.match(get.request.headers, { authorization: `Bearer ${KEY}` }, 'the request headers')
  t.equal(get.request.body, null, 'a GET has no body')
  t.same(get.response.body, list.json(), 'the response body, as JSON')

  t.equal(post.at, at(90), 'the clock moved by 90 s in between')
  t.same(post.query, {})
  t.same(post.request.body, { phone_number: phone, full_name: 'Journaled' }, 'a JSON request body as JSON')
  t.same(post.response.body, created.json(), 'a JSON response body as JSON')
  t.match(post.request.headers, { 'content-type': /^application\/json/ })

  t.same(notFound.response.body, missing.json(), 'an error answer is recorded as well')
})

t.test('GET /_mock/requests filters: method, path prefix, status', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  t.equal((await api.get('/v1/contacts')).statusCode, 200)
  t.equal((await api.get(`/v1/contacts/${JAN}`)).statusCode, 200)
  t.equal((await api.post('/v1/contacts', { phone_number: newPhone() })).statusCode, 201)
  t.equal((await api.post('/v1/contacts', { phone_number: 'not a number' })).statusCode, 400)
  t.equal((await api.get('/v1/assistants')).statusCode, 200)
  t.equal((await api.get('/v1/user')).statusCode, 200)

  const lines = async (query: string) =>
    (await journal(api, query)).data.map((e) => `${e.method} ${e.path} ${e.status}`)

  t.same(await lines('?method=POST'), ['POST /v1/contacts 400', 'POST /v1/contacts 201'], 'method')
  t.same(await lines('?method=post'), ['POST /v1/contacts 400', 'POST /v1/contacts 201'], 'method in lower case')
  t.same(
    await lines('?path=/v1/contacts'),
    ['POST /v1/contacts 400', 'POST /v1/contacts 201', `GET /v1/contacts/${JAN} 200`, 'GET /v1/contacts 200'],
    'path is a prefix',
  )
  t.same(await lines('?path=/v1/assist'), ['GET /v1/assistants 200'], 'any prefix')
  t.same(await lines('?status=400'), ['POST /v1/contacts 400'], 'status')
  t.same(
    await lines('?method=GET&path=/v1/contacts&status=200'),
    [`GET /v1/contacts/${JAN} 200`, 'GET /v1/contacts 200'],
    'combined',
  )
  t.same(await lines('?path=/v1/calls'), [], 'no match')

  const filtered = await journal(api, '?method=GET&limit=1&offset=1')
  t.same(filtered.meta, { total: 4, limit: 1, offset: 1 }, 'total counts all matches of the filters, not the page')
  t.same(
    filtered.data.map((e) => e.path),
    ['/v1/assistants'],
  )

  const bad = await api.get('/_mock/requests?status=abc')
  assertError(t, bad, 400, 'invalid_parameters', 'status=abc')
})

t.test('/_mock calls are not recorded; another key sees only its own requests', async (t) => {
  const app = await testApp(t)
  const a = client(app)
  const b = client(app, OTHER_KEY)
  await a.get('/_mock/clock')
  await a.patch('/_mock/config', { credits: 50 })
  await a.get('/_mock/faults')
  await a.get('/_mock/requests')
  t.same((await journal(a)).meta.total, 0, 'nothing from /_mock')
  await app.inject({ method: 'GET', url: '/health' })
  t.same((await journal(a)).meta.total, 0, 'nothing from /health')

  await a.get('/v1/contacts')
  await b.get('/v1/user')
  await b.get('/v1/assistants')
  t.same(
    (await journal(a)).data.map((e) => e.path),
    ['/v1/contacts'],
    "A sees only A's",
  )
  t.same(
    (await journal(b)).data.map((e) => e.path),
    ['/v1/assistants', '/v1/user'],
    "B sees only B's",
  )

  const noKey = await app.inject({ method: 'GET', url: '/v1/contacts' })
  t.equal(noKey.statusCode, 401)
  t.same((await journal(a)).meta.total, 1, 'a request without a key belongs to no journal')
})

t.test('DELETE /_mock/requests clears the journal of this key only', async (t) => {
  const app = await testApp(t)
  const a = client(app)
  const b = client(app, OTHER_KEY)
  await a.get('/v1/contacts')
  await a.get('/v1/user')
  await b.get('/v1/user')

  const res = await a.delete('/_mock/requests')
  t.equal(res.statusCode, 200)
  t.match(res.json(), { message: String })
  t.same(await journal(a), { data: [], meta: { total: 0, limit: 20, offset: 0 } }, 'empty')
  t.equal((await journal(b)).meta.total, 1, "B's journal stays")

  await a.get('/v1/assistants')
  t.same(
    (await journal(a)).data.map((e) => e.path),
    ['/v1/assistants'],
    'recording goes on',
  )
})

t.test('bodies over 64 KB are cut to 64 KB of text', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const limit = 64 * 1024
  const fullName = 'x'.repeat(100 * 1024)
  const res = await api.post('/v1/contacts', { phone_number: newPhone(), full_name: fullName })
  assertError(t, res, 400, 'invalid_parameters', 'a 100 KB full_name')

  const [entry] = (await journal(api)).data
  t.ok(entry, 'the refused request is recorded')
  t.equal(entry!.status, 400)
  const body = entry!.request.body
  t.type(body, 'string', 'a cut body is text, not JSON')
  t.equal(Buffer.byteLength(body as string), limit, 'cut at 64 KB')
  t.ok((body as string).startsWith('{"phone_number":"+316'), 'its start is the JSON sent')
  t.same(entry!.response.body, res.json(), 'the small response body is JSON')
})

t.test(`the journal keeps at most ${journalCapacity} requests a key, the oldest go first`, async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const sent = journalCapacity + 5
  for (let n = 0; n < sent; n++) {
    const res = await api.get(`/v1/user?n=${n}`)
    if (res.statusCode !== 200) t.fail(`request ${n}: ${res.statusCode}`)
  }
  const newest = await journal(api, '?limit=1')
  t.equal(newest.meta.total, journalCapacity, 'total stays at the cap')
  t.same(newest.data[0]!.query, { n: String(sent - 1) }, 'the newest is the last one sent')
  const oldest = await journal(api, `?limit=1&offset=${journalCapacity - 1}`)
  t.same(oldest.data[0]!.query, { n: '5' }, 'the five oldest were dropped')
  t.same((await journal(api, `?limit=1&offset=${journalCapacity}`)).data, [], 'nothing beyond the cap')
})

t.test(`the journal keeps at most ${journalByteCapacity / 1024 / 1024} MB a key, the oldest go first`, async (t) => {
  const app = await testApp(t)
  const api = client(app)
  // Each is recorded with 64 KB of its body: 100 of them are more than the budget holds.
  for (let n = 0; n < 100; n++) {
    const res = await api.post(`/v1/contacts?n=${n}`, { phone_number: newPhone(), full_name: 'x'.repeat(100 * 1024) })
    if (res.statusCode !== 400) t.fail(`request ${n}: ${res.statusCode}`)
  }
  const { meta, data } = await journal(api, '?limit=1')
  const fits = Math.floor(journalByteCapacity / (64 * 1024))
  t.ok(meta.total < fits && meta.total > fits * 0.9, `${meta.total} of 100 kept, as many as fit in the budget`)
  t.same(data[0]!.query, { n: '99' }, 'the newest is the last one sent')
  const oldest = await journal(api, `?limit=1&offset=${meta.total - 1}`)
  t.same(oldest.data[0]!.query, { n: String(100 - meta.total) }, 'the oldest went first')
  const small = await api.get('/v1/user')
  t.equal(small.statusCode, 200)
  t.equal((await journal(api, '?limit=1')).data[0]!.path, '/v1/user', 'recording goes on')
})

t.test('POST /_mock/reset clears the journal', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  await api.get('/v1/contacts')
  await api.get('/v1/user')
  t.equal((await journal(api)).meta.total, 2)
  t.equal((await api.post('/_mock/reset')).statusCode, 200)
  t.equal((await journal(api)).meta.total, 0, 'empty after reset')
})

// --- fault rules -----------------------------------------------------------------------------------

t.test('a fault rule with times: the next matching requests fail and change nothing', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const before = await contactTotal(api)

  const res = await api.post('/_mock/faults', { path: '/v1/contacts', method: 'POST', status: 503, times: 2 })
  t.equal(res.statusCode, 201)
  t.match(res.json(), { message: String })
  const rule = res.json().data
  t.match(rule, { id: Number, path: '/v1/contacts', method: 'POST', status: 503, times: 2, remaining: 2, applied: 0 })

  const sent: unknown[] = []
  for (const n of [1, 2]) {
    const body = { phone_number: newPhone(), full_name: `Attempt ${n}` }
    sent.unshift(body)
    const failed = await api.post('/v1/contacts', body)
    const error = assertError(t, failed, 503, 'server_error', `attempt ${n}`)
    t.same(error.details, { fault_rule_id: rule.id }, `attempt ${n}: names the rule`)
    t.equal(await contactTotal(api), before, `attempt ${n}: no contact created`)
  }
  t.match(await rules(api), [{ id: rule.id, remaining: 0, applied: 2 }], 'used up')

  const third = await api.post('/v1/contacts', { phone_number: newPhone(), full_name: 'Attempt 3' })
  t.equal(third.statusCode, 201, 'the third succeeds')
  t.equal(await contactTotal(api), before + 1)

  const posts = (await journal(api, '?method=POST')).data
  t.same(
    posts.map((e) => e.status),
    [201, 503, 503],
    'the faulted requests are in the journal with their status',
  )
  t.same(
    posts.slice(1).map((e) => e.request.body),
    sent,
    'and with the bodies they sent',
  )
  t.match(posts[1]!.response.body, { error: { code: 'server_error', details: { fault_rule_id: rule.id } } })
})

t.test('a rule with a method never affects other methods', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  await addRule(t, api, { path: '/v1/contacts', method: 'POST', status: 500 })
  for (let i = 0; i < 3; i++) t.equal((await api.get('/v1/contacts')).statusCode, 200, `GET ${i + 1} passes`)
  t.equal((await api.get(`/v1/contacts/${JAN}`)).statusCode, 200)
  t.equal((await api.post('/v1/contacts', { phone_number: newPhone() })).statusCode, 500, 'POST still fails')
  t.match(await rules(api), [{ applied: 1, remaining: null, times: null }], 'without times the rule stays')
})

t.test('a rule with a code only, or a status and a code', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const credits = await addRule(t, api, { path: '/v1/calls/outbound', code: 'insufficient_credits', times: 1 })
  t.match(credits, { code: 'insufficient_credits', status: null })
  const res = await api.post('/v1/calls/outbound', {
    assistant_id: '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7',
    phone_number: '+31612345678',
  })
  const error = assertError(t, res, 402, 'insufficient_credits', 'code only: its own status')
  t.same(error.details, { fault_rule_id: credits.id })
  t.same((await api.get('/v1/calls')).json().data, [], 'no call was started')

  await addRule(t, api, { path: '/v1/phone-numbers', status: 503, code: 'provider_error' })
  assertError(t, await api.get('/v1/phone-numbers'), 503, 'provider_error', 'status and code: both as given')
  assertError(t, await api.get('/v1/phone-numbers/available'), 503, 'provider_error', 'a path is a prefix')

  await addRule(t, api, { path: '/v1/user', status: 404 })
  assertError(t, await api.get('/v1/user'), 404, 'not_found', "status only: that status's code")
})

t.test('delay_ms delays the answer, then answers normally', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  await addRule(t, api, { path: '/v1/contacts', method: 'GET', delay_ms: 100, times: 1 })
  const started = performance.now()
  const res = await api.get('/v1/contacts')
  const elapsed = performance.now() - started
  t.equal(res.statusCode, 200, 'a normal answer')
  t.equal(res.json().meta.total, 3, 'with the seeded contacts')
  // timers count whole milliseconds: allow for rounding at the edge
  t.ok(elapsed >= 99, `took ${elapsed.toFixed(1)} ms, at least the delay`)
  t.match(await rules(api), [{ delay_ms: 100, status: null, code: null, applied: 1, remaining: 0 }])
})

t.test('path patterns: * is one segment, ** anything', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  await addRule(t, api, { path: '/v1/contacts/*', status: 500 })
  t.equal((await api.get('/v1/contacts')).statusCode, 200, '/v1/contacts/* does not match /v1/contacts')
  assertError(t, await api.get(`/v1/contacts/${JAN}`), 500, 'server_error', '/v1/contacts/* matches /v1/contacts/<id>')
  t.equal((await api.get('/v1/assistants')).statusCode, 200, 'nor another resource')
  t.equal((await api.delete('/_mock/faults')).statusCode, 200)

  await addRule(t, api, { path: '/v1/**', status: 500 })
  assertError(t, await api.get('/v1/user'), 500, 'server_error', '/v1/** matches /v1/user')
  assertError(t, await api.get('/v1/contacts'), 500, 'server_error', '/v1/** matches /v1/contacts')
  assertError(t, await api.get(`/v1/contacts/${JAN}`), 500, 'server_error', '/v1/** matches /v1/contacts/<id>')
  assertError(t, await api.post('/v1/assistants', { name: 'x' }), 500, 'server_error', '/v1/** matches a POST')
  t.equal((await api.get('/_mock/clock')).statusCode, 200, 'the control plane is never faulted')
  t.match(await rules(api), [{ path: '/v1/**', applied: 4 }])
})

t.test('path patterns match in linear time: no pattern stalls a request', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  // As a backtracking regular expression this pattern took 14 s against this path, blocking every
  // request; each further `a**` multiplied it.
  await addRule(t, api, { path: '/**a**a**a**a**a**a**b', status: 500 })
  const started = performance.now()
  const res = await api.get(`/v1/contacts/${'a'.repeat(100)}`)
  const elapsed = performance.now() - started
  t.equal(res.statusCode, 404, 'the rule does not match: the request goes on to its 404')
  t.ok(elapsed < 500, `answered in ${elapsed.toFixed(1)} ms`)
  t.match(await rules(api), [{ applied: 0 }])
})

t.test('path patterns match as * = [^/]* and ** = .* anchored, a plain path as a prefix', async (t) => {
  // The regular expression the patterns used to compile to, as the reference on short inputs.
  const reference = (pattern: string, path: string) => {
    if (!pattern.includes('*')) return path.startsWith(pattern)
    const source = pattern
      .split('**')
      .map((part) =>
        part
          .split('*')
          .map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^/]*'),
      )
      .join('.*')
    return new RegExp(`^${source}$`).test(path)
  }
  const alphabet = fc.constantFrom('/', 'a', 'b', '.')
  const text = (max: number) => fc.array(alphabet, { maxLength: max }).map((chars) => chars.join(''))
  const pattern = fc
    .array(fc.oneof(alphabet, fc.constantFrom('*', '**', '***')), { maxLength: 10 })
    .map((parts) => parts.join(''))
  fc.assert(
    fc.property(pattern, text(12), (p, path) => pathMatcher(p)(path) === reference(p, path)),
    { numRuns: 5000 },
  )
  t.pass('5000 random patterns and paths agree with the regular expression')
  // A long pattern with many live positions against a long path: well under a millisecond a
  // character.
  const many = pathMatcher(`/${'**a'.repeat(160)}`)
  const path = `/${'a'.repeat(16_000)}`
  many(path)
  const started = performance.now()
  t.equal(many(path), true)
  const elapsed = performance.now() - started
  t.ok(elapsed < 200, `a 481-character pattern against a 16,000-character path: ${elapsed.toFixed(1)} ms`)
})

t.test('probability with a seed gives the same hits in two fresh apps', async (t) => {
  /** Which of 20 requests a rule with probability 0.5 and seed 7 failed, in a fresh app. */
  const hits = async () => {
    const app = await testApp(t)
    const api = client(app)
    await addRule(t, api, { path: '/v1/user', status: 500, probability: 0.5, seed: 7 })
    const failed: number[] = []
    for (let i = 0; i < 20; i++) {
      const res = await api.get('/v1/user')
      if (res.statusCode === 500) failed.push(i)
      else if (res.statusCode !== 200) t.fail(`request ${i}: ${res.statusCode}`)
    }
    t.match(await rules(api), [{ probability: 0.5, seed: 7, applied: failed.length }], 'applied counts the hits')
    return failed
  }
  const first = await hits()
  const second = await hits()
  t.same(second, first, `the same requests failed: ${first.join(',')}`)
  t.ok(first.length > 0 && first.length < 20, `some but not all failed (${first.length} of 20)`)
})

t.test('GET /_mock/faults lists the rules with their counts; DELETE clears them', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  t.same((await api.get('/_mock/faults')).json(), { data: [] }, 'none at first')
  const one = await addRule(t, api, { path: '/v1/user', status: 500, times: 3 })
  const two = await addRule(t, api, { path: '/v1/assistants', method: 'GET', delay_ms: 1 })
  await api.get('/v1/user')
  await api.get('/v1/assistants')
  await api.get('/v1/assistants')

  const res = await api.get('/_mock/faults')
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    data: [
      {
        id: one.id,
        method: null,
        path: '/v1/user',
        status: 500,
        code: null,
        delay_ms: 0,
        times: 3,
        remaining: 2,
        probability: null,
        seed: 1,
        applied: 1,
      },
      {
        id: two.id,
        method: 'GET',
        path: '/v1/assistants',
        status: null,
        code: null,
        delay_ms: 1,
        times: null,
        remaining: null,
        probability: null,
        seed: 1,
        applied: 2,
      },
    ],
  })

  const cleared = await api.delete('/_mock/faults')
  t.equal(cleared.statusCode, 200)
  t.match(cleared.json(), { message: String })
  t.same(await rules(api), [], 'no rules left')
  t.equal((await api.get('/v1/user')).statusCode, 200, 'and no faults')
})

t.test('DELETE /_mock/faults/{id} removes that rule only; an unknown id is 404', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const other = client(app, OTHER_KEY)
  const one = await addRule(t, api, { path: '/v1/user', status: 500 })
  const two = await addRule(t, api, { path: '/v1/assistants', status: 503 })
  const foreign = await addRule(t, other, { path: '/v1/user', status: 500 })

  const removed = await api.delete(`/_mock/faults/${one.id}`)
  t.equal(removed.statusCode, 200)
  t.same(removed.json(), { message: 'Fault rule removed' })
  t.same(
    ((await rules(api)) as { id: number }[]).map((r) => r.id),
    [two.id],
    'the other rule stays',
  )
  t.equal((await api.get('/v1/user')).statusCode, 200, 'no longer faulted')

  const twice = await api.delete(`/_mock/faults/${one.id}`)
  assertError(t, twice, 404, 'not_found', 'removed twice')
  t.equal(twice.json().error.message, 'Fault rule not found')
  assertError(t, await api.delete(`/_mock/faults/${foreign.id}`), 404, 'not_found', "another key's rule")
  assertError(t, await api.delete('/_mock/faults/abc'), 404, 'not_found', 'not an id')
  t.equal(((await rules(other)) as unknown[]).length, 1, "the other key's rule is untouched")
})

t.test("the inspector's own requests (X-Mock-Inspector) are neither journaled nor faulted", async (t) => {
  const app = await testApp(t)
  const api = client(app)
  await addRule(t, api, { path: '/v1/user', status: 500, times: 1 })
  const inspector = await app.inject({
    method: 'GET',
    url: '/v1/user',
    headers: { authorization: `Bearer ${KEY}`, 'x-mock-inspector': '1' },
  })
  t.equal(inspector.statusCode, 200, 'not faulted')
  t.same((await journal(api)).data, [], 'not journaled')
  assertError(t, await api.get('/v1/user'), 500, 'server_error', "the app's request still gets the fault")
  t.same(
    (await journal(api)).data.map((e) => `${e.method} ${e.path} ${e.status}`),
    ['GET /v1/user 500'],
    'and is journaled',
  )
})

t.test('POST /_mock/reset clears the fault rules', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  await addRule(t, api, { path: '/v1/**', status: 500 })
  assertError(t, await api.get('/v1/user'), 500, 'server_error', 'before the reset')
  t.equal((await api.post('/_mock/reset')).statusCode, 200)
  t.same(await rules(api), [])
  t.equal((await api.get('/v1/user')).statusCode, 200, 'after the reset')
})

t.test("another key's rules do not affect this key", async (t) => {
  const app = await testApp(t)
  const a = client(app)
  const b = client(app, OTHER_KEY)
  await addRule(t, b, { path: '/v1/**', status: 500 })
  t.equal((await a.get('/v1/user')).statusCode, 200, 'A is not faulted')
  t.same(await rules(a), [], "A does not see B's rules")
  assertError(t, await b.get('/v1/user'), 500, 'server_error', 'B is')
  t.equal((await a.delete('/_mock/faults')).statusCode, 200)
  t.equal(((await rules(b)) as unknown[]).length, 1, "A's DELETE leaves B's rules")
})

t.test('bad fault rules are 400 naming the field, and add nothing', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const bad: [string, unknown, string][] = [
    ['no path', { status: 500 }, 'path'],
    ['a path not starting with /', { path: 'v1/contacts', status: 500 }, 'path'],
    ['status 200', { path: '/v1/contacts', status: 200 }, 'status'],
    ['code bogus', { path: '/v1/contacts', code: 'bogus' }, 'code'],
    ['an unknown field', { path: '/v1/contacts', status: 500, colour: 'red' }, 'colour'],
    ['delay_ms -1', { path: '/v1/contacts', delay_ms: -1 }, 'delay_ms'],
    ['no status, code or delay_ms', { path: '/v1/contacts', times: 1 }, 'status'],
  ]
  for (const [label, body, field] of bad) {
    const error = assertError(t, await api.post('/_mock/faults', body), 400, 'invalid_parameters', label)
    t.match(error.details, { field }, `${label}: names ${field}`)
  }
  t.same(await rules(api), [], 'no rule was added')
  t.equal((await api.get('/v1/contacts')).statusCode, 200)
})
