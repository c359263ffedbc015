// The package's programmatic entry: the same server as the CLI, started inside a test process,
// with helpers that wrap the control plane for one API key.
import { randomUUID } from 'node:crypto'
import { buildApp, type App } from './app.js'
import { defaultConfig, type Config } from './config.js'
import type { Injected } from './services.js'
import type { EventType } from './events/catalogue.js'
import { iterateEvents, type EventOf, type EventsOptions } from './events/iterate.js'

export { buildApp } from './app.js'
export type { Config } from './config.js'
export type { EventData, EventType, MockEvent } from './events/catalogue.js'
export type { EventOf, EventsOptions } from './events/iterate.js'

export interface StartOptions extends Partial<Config> {
  /** The API key the helpers use (its own workspace); a fresh random key by default. */
  apiKey?: string
}

/** A page of a control-plane list. */
export interface Page<T> {
  data: T[]
  meta: { total: number; limit: number; offset: number }
}

export interface ClockState {
  now: string
  mode: 'real' | 'manual'
  speed: number
  pending_timers: number
}

export interface RunningMock {
  app: App
  /** e.g. http://127.0.0.1:4010 */
  url: string
  /** The key the helpers act with; send it as `Authorization: Bearer <apiKey>`. */
  apiKey: string
  /** Headers for a request as this key: `fetch(mock.url + '/v1/contacts', { headers: mock.headers })`. */
  headers: Record<string, string>
  close(): Promise<void>
  /** Wipes this key's workspace and seeds it again. */
  reset(): Promise<void>
  clock: {
    get(): Promise<ClockState>
    /** Moves the clock forward; resolves when every timer due and every webhook it caused is done. */
    advance(seconds: number): Promise<ClockState>
    advanceTo(time: string | Date): Promise<ClockState>
    setMode(mode: 'real' | 'manual', speed?: number): Promise<ClockState>
  }
  /** Reads or changes this workspace's behaviour settings (webhook_urls, call_mode, credits, ...). */
  config(changes?: Record<string, unknown>): Promise<Record<string, unknown>>
  /** The webhook delivery log, newest first. */
  webhookDeliveries(filter?: Record<string, string | number | boolean>): Promise<Page<Record<string, unknown>>>
  /** The request journal, newest first. */
  requests(filter?: Record<string, string | number>): Promise<Page<Record<string, unknown>>>
  /** Loads a seed document into this workspace. */
  seed(document: Record<string, unknown>): Promise<void>
  /**
   * This workspace's live event stream (the events of GET /_mock/events) from now on, as an async
   * iterator: `for await (const event of mock.events({ types: ['call.ended'] })) ...`. It ends when
   * the loop breaks or the mock closes.
   */
  events<T extends EventType = EventType>(options?: EventsOptions<T>): AsyncIterableIterator<EventOf<T>>
}

export async function startMock(options: StartOptions = {}, injected: Injected = {}): Promise<RunningMock> {
  const { apiKey = `test-${randomUUID()}`, ...overrides } = options
  const config = { ...defaultConfig(), port: 0, ...overrides }
  const app = await buildApp(config, injected)
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const url = `http://${host}:${port}`
  app.services.setBaseUrl(['0.0.0.0', '[::]'].includes(host) ? `http://localhost:${port}` : url)

  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` }
  if (config.adminToken) headers['x-mock-admin'] = config.adminToken
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(url + path, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = await response.json()
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
    return json as T
  }
  const query = (filter: Record<string, string | number | boolean> = {}) =>
    new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)])).toString()
  const clockData = (path: string, body?: unknown) =>
    control<{ data: ClockState }>(body === undefined ? 'GET' : 'POST', path, body).then((r) => r.data)

  /** The open mock.events() loops, ended when the mock closes. */
  const closers = new Set<() => void>()
  return {
    app,
    url,
    apiKey,
    headers,
    close: () => {
      for (const close of closers) close()
      return app.close()
    },
    reset: () => control('POST', '/_mock/reset').then(() => undefined),
    clock: {
      get: () => clockData('/_mock/clock'),
      advance: (seconds) => clockData('/_mock/clock/advance', { seconds }),
      advanceTo: (time) => clockData('/_mock/clock/advance', { to: new Date(time).toISOString() }),
      setMode: (mode, speed) => clockData('/_mock/clock/mode', speed === undefined ? { mode } : { mode, speed }),
    },
    config: (changes) =>
      control<{ data: Record<string, unknown> }>(changes ? 'PATCH' : 'GET', '/_mock/config', changes).then(
        (r) => r.data,
      ),
    webhookDeliveries: (filter) => control(`GET`, `/_mock/webhook-deliveries?${query(filter)}`),
    requests: (filter) => control('GET', `/_mock/requests?${query(filter)}`),
    seed: (document) => control('POST', '/_mock/seed', document).then(() => undefined),
    events: (options) => {
      const workspaceId = app.services.workspaces.resolve(apiKey).id
      let close = () => {}
      const iterator = iterateEvents(app.services.events, workspaceId, options, () => closers.delete(close))
      close = iterator.close
      closers.add(close)
      return iterator
    },
  }
}
