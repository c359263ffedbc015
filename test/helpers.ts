// Builds an app the way each test needs it: its own :memory: database, a manual clock held at a
// fixed instant, and helpers to call it as a given API key.
import type { InjectOptions } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../src/app.js'
import type { Config } from '../src/config.js'

/** 2026-01-15T10:30:00Z, the instant every test app's clock starts at. */
export const T0 = Date.UTC(2026, 0, 15, 10, 30, 0)

export const KEY = 'test-key'

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
