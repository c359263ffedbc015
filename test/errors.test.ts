// The error shape of README § Errors for everything that is not a handler's own answer: unknown
// routes, bad bodies, auth, and the unexpected.
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { KEY, client, testApp } from './helpers.js'

const auth = { authorization: `Bearer ${KEY}` }

/** Asserts the status and that the body is exactly `{error: {code, message, details}}`. */
function assertError(t: Test, res: LightMyRequestResponse, status: number, code: string, label = '') {
  const prefix = label ? `${label}: ` : ''
  t.equal(res.statusCode, status, `${prefix}status ${status}`)
  t.match(res.headers['content-type'], /^application\/json/, `${prefix}a JSON body`)
  const body = res.json()
  t.same(Object.keys(body), ['error'], `${prefix}only "error" at the top`)
  t.same(
    Object.keys(body.error ?? {}).sort(),
    ['code', 'details', 'message'],
    `${prefix}error has code, message, details`,
  )
  t.equal(body.error?.code, code, `${prefix}code ${code}`)
  t.type(body.error?.message, 'string', `${prefix}message is a string`)
  t.ok(body.error?.message.length > 0, `${prefix}message is not empty`)
  t.type(body.error?.details, 'object', `${prefix}details is an object`)
  t.notOk(Array.isArray(body.error?.details), `${prefix}details is not an array`)
  return body.error as { code: string; message: string; details: Record<string, unknown> }
}

t.test('unknown routes are 404 not_found', async (t) => {
  const app = await testApp(t)
  for (const [method, url, headers] of [
    ['GET', '/nope', {}],
    ['GET', '/nope', auth],
    ['GET', '/v1/nope', auth],
    ['POST', '/v1/unknown/thing', auth],
    ['GET', '/v2/contacts', auth],
    ['GET', '/_mock/nope', auth],
  ] as const) {
    const res = await app.inject({ method, url, headers })
    const error = assertError(t, res, 404, 'not_found', `${method} ${url}`)
    t.same(error.details, {}, `${method} ${url}: empty details`)
  }
})

t.test('a wrong method on a known path is 404 not_found', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const cases: [string, Promise<LightMyRequestResponse>][] = [
    ['PATCH /v1/contacts', api.patch('/v1/contacts', { full_name: 'x' })],
    ['DELETE /v1/contacts', api.delete('/v1/contacts')],
    ['PUT /v1/assistants', api.put('/v1/assistants', {})],
    ['POST /health', api.post('/health')],
  ]
  for (const [label, pending] of cases) {
    const error = assertError(t, await pending, 404, 'not_found', label)
    t.same(error.details, {}, `${label}: empty details`)
  }
})

t.test('malformed JSON is 400 invalid_parameters', async (t) => {
  const app = await testApp(t)
  for (const payload of ['{"phone_number": ', '{bad json}', 'nope', '{"a":1}}']) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: { ...auth, 'content-type': 'application/json' },
      payload,
    })
    const error = assertError(t, res, 400, 'invalid_parameters', payload)
    t.match(error.details, { field: 'body' }, `${payload}: names the body`)
  }
})

t.test('a body that is not valid UTF-8 is 400 invalid_parameters and stores nothing', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const total = async () => (await api.get('/v1/contacts')).json().meta.total as number
  const before = await total()
  const json = (name: Buffer) =>
    Buffer.concat([Buffer.from('{"phone_number":"+31611111111","full_name":"'), name, Buffer.from('"}')])
  for (const [label, bytes] of [
    ['FF FE C3', Buffer.from([0xff, 0xfe, 0xc3])],
    ['a cut two-byte character', Buffer.from([0x41, 0xc3])],
    ['an overlong slash', Buffer.from([0xc0, 0xaf])],
    ['a UTF-16 surrogate', Buffer.from([0xed, 0xa0, 0x80])],
  ] as const) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: json(bytes),
    })
    const error = assertError(t, res, 400, 'invalid_parameters', label)
    t.match(error.details, { field: 'body', reason: 'is not valid UTF-8' }, `${label}: names the body`)
  }
  t.equal(await total(), before, 'no contact was created')

  const res = await app.inject({
    method: 'POST',
    url: '/v1/contacts',
    headers: { ...auth, 'content-type': 'application/json' },
    payload: json(Buffer.from('Zoë Ångström ✓ 😀')),
  })
  t.equal(res.statusCode, 201, 'valid UTF-8 is accepted')
  t.equal(res.json().full_name, 'Zoë Ångström ✓ 😀', 'and stored as sent')
})

t.test('a number in a query string is written in decimal: 0x10, 0b1, " 16" are 400', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  for (const value of ['0x10', '0b1', '0o20', '%2016', '16%20', '1e400', 'Infinity']) {
    const error = assertError(t, await api.get(`/v1/contacts?limit=${value}`), 400, 'invalid_parameters', value)
    t.match(error.details, { field: 'limit' }, `limit=${value}: names limit`)
  }
  for (const [value, limit] of [
    ['16', 16],
    ['016', 16],
    ['1e1', 10],
  ] as const) {
    const res = await api.get(`/v1/contacts?limit=${value}`)
    t.equal(res.statusCode, 200, `limit=${value} is accepted`)
    t.equal(res.json().meta.limit, limit)
  }
})

t.test('a value outside an enumeration names the values allowed', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const cases = [
    [await api.post('/_mock/clock/mode', { mode: 'fast' }), 'mode', 'must be one of: real, manual'],
    [
      await api.get('/v1/calls?status=bogus'),
      'status',
      'must be one of: queued, ringing, in-progress, ended, ended-with-debugging',
    ],
    [await api.post('/v1/assistants', { name: 'x', type: 'bogus' }), 'type', 'must be one of: default, external'],
    [
      await api.patch('/_mock/config', { callee_outcome: 'maybe' }),
      'callee_outcome',
      'must be one of: answer, no-answer, busy',
    ],
  ] as const
  for (const [res, field, reason] of cases) {
    const error = assertError(t, res, 400, 'invalid_parameters', field)
    t.same(error.details, { field, reason }, `${field}: ${reason}`)
    t.match(error.message, reason, `${field}: the message says it too`)
  }
})

t.test('a text/plain body is 400 invalid_parameters naming the content type', async (t) => {
  const app = await testApp(t)
  for (const contentType of [
    'text/plain',
    'text/plain; charset=utf-8',
    'application/x-www-form-urlencoded',
    'application/xml',
  ]) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: { ...auth, 'content-type': contentType },
      payload: 'phone_number=+31600000000',
    })
    const error = assertError(t, res, 400, 'invalid_parameters', contentType)
    t.match(error.details, { field: 'content-type' }, `${contentType}: field content-type`)
  }
})

t.test('application/json with an empty body is 400 invalid_parameters', async (t) => {
  const app = await testApp(t)
  for (const method of ['POST', 'PATCH'] as const) {
    const res = await app.inject({
      method,
      url: method === 'POST' ? '/v1/contacts' : '/v1/contacts/d4e5f6a7-b8c9-4123-8ef0-1234567890ab',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '',
    })
    const error = assertError(t, res, 400, 'invalid_parameters', method)
    t.match(error.details, { field: 'body' })
  }
})

t.test('POST without a body is 400 invalid_parameters', async (t) => {
  const app = await testApp(t)
  for (const url of ['/v1/contacts', '/v1/assistants', '/_mock/clock/advance', '/_mock/seed']) {
    const res = await app.inject({ method: 'POST', url, headers: auth })
    assertError(t, res, 400, 'invalid_parameters', url)
  }
})

t.test('401 unauthorized: missing header, wrong scheme, empty key', async (t) => {
  const app = await testApp(t)
  const cases: [string, Record<string, string>][] = [
    ['no header', {}],
    ['Basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['Token scheme', { authorization: `Token ${KEY}` }],
    ['bare key', { authorization: KEY }],
    ['empty key', { authorization: 'Bearer ' }],
    ['Bearer alone', { authorization: 'Bearer' }],
    ['empty header', { authorization: '' }],
  ]
  for (const url of ['/v1/contacts', '/_mock/clock']) {
    for (const [label, headers] of cases) {
      const res = await app.inject({ method: 'GET', url, headers })
      const error = assertError(t, res, 401, 'unauthorized', `${url} ${label}`)
      t.same(error.details, {}, `${url} ${label}: empty details`)
    }
  }
  // the scheme is case-insensitive
  t.equal((await app.inject({ url: '/v1/contacts', headers: { authorization: `bearer ${KEY}` } })).statusCode, 200)
})

t.test('with apiKeys configured only those keys work', async (t) => {
  const app = await testApp(t, { apiKeys: ['k1'] })
  t.equal((await client(app, 'k1').get('/v1/contacts')).statusCode, 200, 'k1 works')
  t.equal((await client(app, 'k1').get('/_mock/clock')).statusCode, 200, 'k1 works on /_mock')
  for (const key of ['k2', 'K1', 'k1k1', 'test-key']) {
    for (const url of ['/v1/contacts', '/_mock/clock']) {
      const res = await client(app, key).get(url)
      const error = assertError(t, res, 401, 'unauthorized', `${key} ${url}`)
      t.equal(error.message, 'Invalid API key')
      t.same(error.details, {})
    }
  }
  // a missing header is still its own message
  const missing = assertError(t, await app.inject('/v1/contacts'), 401, 'unauthorized', 'no header')
  t.not(missing.message, 'Invalid API key')
})

t.test('an unexpected error is 500 server_error without internals', async (t) => {
  for (const warm of [false, true]) {
    t.test(warm ? 'workspace already resolved' : 'first request of the key', async (t) => {
      const app = await testApp(t)
      const api = client(app)
      // the app is up (its onReady work done) before the database goes away
      await app.ready()
      if (warm) t.equal((await api.get('/v1/contacts')).statusCode, 200)
      app.services.db.close()
      const res = await api.get('/v1/contacts')
      const error = assertError(t, res, 500, 'server_error')
      t.same(error.details, {})
      t.notMatch(res.body, /sqlite/i, 'does not name SQLite')
      t.notMatch(res.body, /database connection/i, 'does not repeat the driver message')
      t.notMatch(res.body, /\bat .+:\d+:\d+/, 'no stack frame')
      t.notMatch(res.body, /\.(ts|js):\d+/, 'no source location')
      t.notMatch(res.body, /stack/i, 'no stack')
      t.notMatch(res.body, /TypeError|Error:/, 'no error class')
    })
  }
})
