// Who may use the mock, and how much (mock-control.md § Surface, § Configuration): --rate-limit,
// --admin-token, --no-control; and a reset that leaves no timer, delivery or rule behind.
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { type Api, client, KEY, OTHER_KEY, T0, type TestApp, testApp } from './helpers.js'
import { startReceiver } from './receiver.js'
import { KLANTENSERVICE, SEEDED_CONTACTS } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

/** An answer in the Flireo error shape with this status and code. */
function assertError(t: Test, res: LightMyRequestResponse, status: number, code: string, what: string) {
  t.equal(res.statusCode, status, `${what}: ${status}`)
  const body = res.json()
  t.same(Object.keys(body), ['error'], `${what}: the error envelope`)
  t.match(body, { error: { code, message: String, details: Object } }, `${what}: ${code}`)
}

/** A GET with exactly these headers. */
const get = (app: TestApp, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers })

const bearer = (key = KEY) => ({ authorization: `Bearer ${key}` })

const rateHeaders = (res: LightMyRequestResponse) =>
  Object.keys(res.headers).filter((name) => name.startsWith('x-ratelimit') || name === 'retry-after')

async function outbound(t: Test, api: Api, phone_number: string): Promise<string> {
  const res = await api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number })
  t.equal(res.statusCode, 201, `call to ${phone_number} started`)
  return res.json().data.id
}

// --- rate limit ------------------------------------------------------------------------------------

t.test('--rate-limit 3: three requests a minute per key on /v1, then 429', async (t) => {
  const app = await testApp(t, { rateLimit: 3 })
  const api = client(app)

  for (const remaining of [2, 1, 0]) {
    const res = await api.get('/v1/user')
    t.equal(res.statusCode, 200, `allowed, ${remaining} left`)
    t.equal(res.headers['x-ratelimit-limit'], '3', 'X-RateLimit-Limit')
    t.equal(res.headers['x-ratelimit-remaining'], String(remaining), 'X-RateLimit-Remaining goes down')
    t.ok(Number(res.headers['x-ratelimit-reset']) > 0, 'X-RateLimit-Reset')
  }

  const limited = await api.get('/v1/contacts')
  assertError(t, limited, 429, 'rate_limit_exceeded', 'the fourth')
  const retryAfter = Number(limited.headers['retry-after'])
  t.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After in seconds (${limited.headers['retry-after']})`)
  t.equal(limited.headers['x-ratelimit-limit'], '3')
  t.equal(limited.headers['x-ratelimit-remaining'], '0')
  assertError(
    t,
    await api.post('/v1/contacts', { phone_number: '+31699999999' }),
    429,
    'rate_limit_exceeded',
    'a POST too',
  )

  const other = await client(app, OTHER_KEY).get('/v1/user')
  t.equal(other.statusCode, 200, 'another key has its own budget')
  t.equal(other.headers['x-ratelimit-remaining'], '2')

  const health = await get(app, '/health')
  t.equal(health.statusCode, 200, '/health is not limited')
  t.same(rateHeaders(health), [], 'and has no rate-limit headers')
  for (let i = 0; i < 5; i++) {
    const control = await api.get('/_mock/clock')
    t.equal(control.statusCode, 200, `/_mock is not limited (${i + 1})`)
    t.same(rateHeaders(control), [])
  }
})

t.test('--rate-limit counts per workspace, however the Authorization header spells the key', async (t) => {
  const app = await testApp(t, { rateLimit: 3 })
  for (const authorization of ['Bearer k1', 'bearer k1', 'BEARER k1']) {
    t.equal((await get(app, '/v1/user', { authorization })).statusCode, 200, `${authorization}: allowed`)
  }
  for (const authorization of ['Bearer k1', 'bearer k1', 'BEARER k1', 'Bearer  k1', 'BeArEr k1']) {
    const res = await get(app, '/v1/user', { authorization })
    assertError(t, res, 429, 'rate_limit_exceeded', JSON.stringify(authorization))
  }
  t.equal((await get(app, '/v1/user', { authorization: 'Bearer k2' })).statusCode, 200, 'another key is not limited')
})

t.test('without --rate-limit there are no rate-limit headers and no 429', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  for (let i = 0; i < 10; i++) {
    const res = await api.get('/v1/user')
    if (res.statusCode !== 200 || rateHeaders(res).length > 0) {
      t.fail(`request ${i}: ${res.statusCode} ${rateHeaders(res)}`)
    }
  }
  const res = await api.get('/v1/user')
  t.equal(res.statusCode, 200)
  t.same(rateHeaders(res), [], 'no X-RateLimit-* or Retry-After')
})

// --- admin token -----------------------------------------------------------------------------------

t.test('--admin-token: /_mock needs X-Mock-Admin, /v1 does not', async (t) => {
  const app = await testApp(t, { adminToken: 's3cret' })

  assertError(t, await get(app, '/_mock/clock', bearer()), 401, 'unauthorized', 'no X-Mock-Admin')
  assertError(
    t,
    await get(app, '/_mock/clock', { ...bearer(), 'x-mock-admin': 'wrong' }),
    401,
    'unauthorized',
    'a wrong token',
  )
  assertError(
    t,
    await get(app, '/_mock/clock', { ...bearer(), 'x-mock-admin': 's3cret!' }),
    401,
    'unauthorized',
    'a longer token',
  )
  assertError(
    t,
    await get(app, '/_mock/clock', { ...bearer(), 'x-mock-admin': '' }),
    401,
    'unauthorized',
    'an empty token',
  )
  const reset = await app.inject({ method: 'POST', url: '/_mock/reset', headers: bearer() })
  assertError(t, reset, 401, 'unauthorized', 'POST /_mock/reset without the token')

  const ok = await get(app, '/_mock/clock', { ...bearer(), 'x-mock-admin': 's3cret' })
  t.equal(ok.statusCode, 200, 'the right token works')
  t.match(ok.json(), { data: { mode: 'manual' } })
  const advanced = await app.inject({
    method: 'POST',
    url: '/_mock/clock/advance',
    headers: { ...bearer(), 'x-mock-admin': 's3cret' },
    payload: { seconds: 60 },
  })
  t.equal(advanced.statusCode, 200, 'a POST with the right token works')

  const v1 = await get(app, '/v1/contacts', bearer())
  t.equal(v1.statusCode, 200, '/v1 needs no admin token')
  t.equal(v1.json().meta.total, 3)
  t.equal((await get(app, '/health')).statusCode, 200, '/health neither')
})

// --- control off -----------------------------------------------------------------------------------

t.test('--no-control: /_mock is gone, /v1 works, recording links still serve', async (t) => {
  const app = await testApp(t, { control: false })
  const api = client(app)

  assertError(t, await api.post('/_mock/reset'), 404, 'not_found', 'POST /_mock/reset')
  assertError(t, await api.get('/_mock/clock'), 404, 'not_found', 'GET /_mock/clock')
  assertError(t, await api.get('/_mock/requests'), 404, 'not_found', 'GET /_mock/requests')
  assertError(t, await api.post('/_mock/faults', { path: '/v1', status: 500 }), 404, 'not_found', 'POST /_mock/faults')

  t.equal((await api.get('/v1/contacts')).json().meta.total, 3, '/v1 works, seeded')
  const id = await outbound(t, api, '+31612345678')

  // Without the control plane only the process itself can move the workspace's clock.
  const { clocks, workspaces } = app.services
  await clocks.advanceTo(workspaces.resolve(KEY), T0 + 120_000)
  const call = (await api.get(`/v1/calls/${id}`)).json().data
  t.equal(call.status, 'ended', 'the call ran to its end')
  t.match(call.recording_url, /\/_mock\/recordings\/.+\.wav\?token=/)

  // The implementation registers the recording route outside the /_mock scope (src/app.ts), so the
  // signed links a call hands out keep working with the control plane off.
  const url = new URL(call.recording_url)
  const recording = await app.inject({ method: 'GET', url: url.pathname + url.search })
  t.equal(recording.statusCode, 200, 'the recording of an ended call still serves')
  t.equal(recording.headers['content-type'], 'audio/wav')
  t.equal(recording.rawPayload.toString('ascii', 0, 4), 'RIFF')
  const wrong = await app.inject({ method: 'GET', url: `${url.pathname}?token=nope` })
  assertError(t, wrong, 404, 'not_found', 'a wrong token')
})

// --- reset -----------------------------------------------------------------------------------------

t.test('POST /_mock/reset leaves no timer, delivery, rule or data behind', async (t) => {
  // Every webhook fails and is retried, so deliveries stay open (retrying, or queued behind one).
  const receiver = await startReceiver(t, () => ({ status: 500, json: { error: 'down' } }))
  const app = await testApp(t, { webhookRetries: 5 })
  const api = client(app)
  t.equal((await api.patch('/_mock/config', { webhook_urls: [receiver.url()] })).statusCode, 200)

  // a pending order (completes after order_delay_seconds)
  const phone = (await api.get('/v1/phone-numbers/available')).json().data[0].phone_number
  t.equal((await api.post('/v1/phone-numbers', { phone_number: phone })).statusCode, 201, 'a number ordered')
  // two calls; after a second both are in progress and their first status-update waits for a retry
  const ending = await outbound(t, api, '+31612345678')
  const running = await outbound(t, api, '+31687654321')
  t.equal((await api.advance(1)).statusCode, 200)
  t.equal((await api.get(`/v1/calls/${running}`)).json().data.status, 'in-progress', 'a call in progress')
  // ending one queues its last events behind the retrying one
  t.equal((await api.post(`/_mock/calls/${ending}/end`, {})).statusCode, 200)
  t.equal((await api.post('/_mock/faults', { path: '/v1/user', status: 500 })).statusCode, 201, 'a fault rule')

  const { db, workspaces } = app.services
  const workspaceId = workspaces.resolve(KEY).id
  const openDeliveries = () =>
    (
      db
        .prepare(
          `SELECT state, count(*) AS n FROM webhook_deliveries WHERE workspace_id = ? GROUP BY state ORDER BY state`,
        )
        .all(workspaceId) as {
        state: string
        n: number
      }[]
    ).filter((r) => r.state === 'queued' || r.state === 'retrying')
  const before = (await api.get('/_mock/clock')).json().data.pending_timers
  t.ok(before >= 4, `timers pending before: ${before} (order, call, retries)`)
  t.match(openDeliveries(), [{ state: 'queued' }, { state: 'retrying' }], 'deliveries queued and retrying')
  t.ok((await api.get('/_mock/webhook-deliveries')).json().meta.total > 0, 'attempts logged')
  t.equal((await api.get('/v1/phone-number-orders')).json().meta.total, 1, 'an order')

  const res = await api.post('/_mock/reset')
  t.equal(res.statusCode, 200)

  t.match((await api.get('/_mock/clock')).json(), { data: { pending_timers: 0 } }, 'no timers pending')
  t.same((await api.get('/_mock/faults')).json(), { data: [] }, 'no fault rules')
  t.same(
    (await api.get('/_mock/webhook-deliveries')).json(),
    { data: [], meta: { total: 0, limit: 20, offset: 0 } },
    'no delivery log',
  )
  t.same(openDeliveries(), [], 'no delivery waits to be sent')
  t.equal((await api.get('/v1/user')).statusCode, 200, 'the fault rule no longer applies')

  const contacts = (await api.get('/v1/contacts?limit=100'))
    .json()
    .data.map((c: { contact_id: string }) => c.contact_id)
    .sort()
  t.same(contacts, SEEDED_CONTACTS, 'the seeded contacts are back')
  t.same((await api.get('/v1/calls')).json().data, [], 'no calls')
  t.equal((await api.get('/v1/phone-number-orders')).json().meta.total, 0, 'no orders')
  t.match(
    (await api.get('/_mock/config')).json(),
    { data: { credits: 100, webhook_urls: [] } },
    'credits and settings as new',
  )

  const sent = receiver.received.length
  t.equal((await api.advance(600)).statusCode, 200)
  t.equal(receiver.received.length, sent, 'nothing is sent after the reset, even ten minutes on')
  t.match((await api.get('/_mock/clock')).json(), { data: { pending_timers: 0 } })
})
