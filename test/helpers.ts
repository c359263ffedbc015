// Builds an app the way each test needs it: its own :memory: database, a manual clock held at a
// fixed instant, and helpers to call it as a given API key; and the checks of the error envelope
// that most test files make. The seed's ids are in ./fixtures.ts.
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../src/app.js'
import type { Config } from '../src/config.js'

/** 2026-01-15T10:30:00Z, the instant every test app's clock starts at. */
export const T0 = Date.UTC(2026, 0, 15, 10, 30, 0)

export const KEY = 'test-key'
/** The key of a second workspace, for what must not cross between workspaces. */
export const OTHER_KEY = 'other-key'

/** The REST timestamp `seconds` after T0, in the mock's format (no `.000`). */
export const at = (seconds = 0) => new Date(T0 + seconds * 1000).toISOString().replace('.000Z', 'Z')

export async function testApp(t: Test, overrides: Partial<Config> = {}) {
  const app = await buildApp({ clock: 'manual', logLevel: 'silent', quiet: true, ...overrides }, { wall: () => T0 })
  t.teardown(() => app.close())
  return app
}

export type TestApp = Awaited<ReturnType<typeof testApp>>

/** A client for one API key: `api.get('/v1/contacts')`, `api.post(url, body)` and so on. */
export function client(app: TestApp, key = KEY) {
  const call = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    })
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown) => call('POST', url, body),
    put: (url: string, body?: unknown) => call('PUT', url, body),
    patch: (url: string, body?: unknown) => call('PATCH', url, body),
    delete: (url: string) => call('DELETE', url),
    /** Moves this workspace's clock forward. */
    advance: (seconds: number) => call('POST', '/_mock/clock/advance', { seconds }),
  }
}

export type Api = ReturnType<typeof client>

/** An app and a client for it; a non-empty `config` is PATCHed to /_mock/config first. */
export async function setup(t: Test, config: Record<string, unknown> = {}, options: Partial<Config> = {}) {
  const app = await testApp(t, options)
  const api = client(app)
  if (Object.keys(config).length > 0) t.equal((await api.patch('/_mock/config', config)).statusCode, 200, 'configured')
  return { app, api }
}

/** An error response with this status and code (and message, when given); returns the body. */
export function assertError(
  t: Test,
  res: LightMyRequestResponse,
  status: number,
  code: string,
  what: string,
  message?: string,
) {
  t.equal(res.statusCode, status, `${what}: status ${status}`)
  const body = res.json()
  t.match(body, { error: { code, message: String, details: Object } }, `${what}: ${code}`)
  if (message !== undefined) t.equal(body.error?.message, message, `${what}: message`)
  return body
}

/** A 400 invalid_parameters whose details name exactly `field` and give a reason. */
export function assertInvalid(t: Test, res: LightMyRequestResponse, field: string, what = field) {
  t.equal(res.statusCode, 400, `${what}: status 400`)
  const body = res.json()
  t.match(
    body,
    { error: { code: 'invalid_parameters', message: String, details: { reason: String } } },
    `${what}: error shape`,
  )
  t.equal(body.error?.details?.field, field, `${what}: details.field`)
}
