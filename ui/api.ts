// The page's only way to the mock: the public /v1 and /_mock endpoints, with the workspace's key
// (and the admin token once the server asked for it), and the event stream read with fetch.
import type { MockEvent } from '../src/events/catalogue.js'

export type { MockEvent }

export interface Session {
  key: string
  admin: string
}

/** A request the mock refused, in the Flireo error shape. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }

  /** The control plane wants the X-Mock-Admin header (--admin-token). */
  get needsAdmin() {
    return this.status === 401 && this.message.includes('X-Mock-Admin')
  }
}

export interface Page<T> {
  data: T[]
  meta: { total: number; limit: number; offset: number }
}

/** Marks the inspector's own requests: the request journal and fault rules leave them out. */
const inspectorHeader = { 'x-mock-inspector': '1' }

function headersOf(session: Session, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${session.key}`, ...inspectorHeader, ...extra }
  if (session.admin) headers['x-mock-admin'] = session.admin
  return headers
}

async function failureOf(response: Response) {
  const body = await response.json().catch(() => null)
  const error = body?.error ?? {}
  return new ApiFailure(response.status, error.code ?? 'error', error.message ?? `HTTP ${response.status}`)
}

export function createApi(session: Session, onFailure: (failure: ApiFailure) => void) {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(path, {
      method,
      headers: headersOf(session, body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!response.ok) {
      const failure = await failureOf(response)
      onFailure(failure)
      throw failure
    }
    return (await response.json()) as T
  }
  return {
    get: <T>(path: string) => request<T>('GET', path),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
    delete: <T>(path: string) => request<T>('DELETE', path),
  }
}

export type Api = ReturnType<typeof createApi>

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'refused'

/**
 * Reads GET /_mock/events until stopped, reconnecting with Last-Event-ID after a drop. EventSource
 * cannot send the Authorization header, so the stream is read with fetch.
 */
export function readStream(
  session: Session,
  onEvent: (event: MockEvent) => void,
  onState: (state: StreamState, failure?: ApiFailure) => void,
) {
  let lastId: string | undefined
  let controller: AbortController | undefined
  let stopped = false

  async function readOnce() {
    controller = new AbortController()
    const response = await fetch('/_mock/events', {
      headers: headersOf(session, lastId ? { 'last-event-id': lastId } : {}),
      signal: controller.signal,
      cache: 'no-store',
    })
    if (!response.ok || !response.body) {
      onState('refused', await failureOf(response))
      return false
    }
    onState('live')
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return true
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        let data = ''
        for (const line of frame.split('\n')) {
          if (line.startsWith('id: ')) lastId = line.slice(4)
          else if (line.startsWith('data: ')) data += line.slice(6)
        }
        if (data) onEvent(JSON.parse(data) as MockEvent)
      }
    }
  }

  ;(async () => {
    for (;;) {
      const again = await readOnce().catch(() => true)
      if (stopped || !again) return
      onState('reconnecting')
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  })()
  return () => {
    stopped = true
    controller?.abort()
  }
}
