// The in-process mock (startMock) as the tests use it: started with a manual clock and no log
// lines, closed after the test, and called as its key with fetch.
import type { Test } from 'tap'
import { startMock, type RunningMock, type StartOptions } from '../src/index.js'

/** Starts a mock with a manual clock (and no log lines in the test output); closed after the test. */
export async function start(t: Test, options: StartOptions = {}): Promise<RunningMock> {
  const mock = await startMock({ clock: 'manual', logLevel: 'silent', ...options })
  t.teardown(() => mock.close())
  return mock
}

/** A JSON request as the mock's key. */
export async function api(mock: RunningMock, method: string, path: string, body?: unknown) {
  const response = await fetch(mock.url + path, {
    method,
    headers: body === undefined ? mock.headers : { ...mock.headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, headers: response.headers, json: (await response.json()) as any }
}
