// One HTTP attempt of a webhook: POST the body, wait at most `timeoutMs` for the answer, keep what
// the delivery log and the call engine need of it: its first 64 KB. Reading stops there and the
// rest is dropped unread (a slow receiver streaming megabytes costs the mock nothing more).
import { createHmac } from 'node:crypto'
import { packageVersion } from '../package.js'

/** The most of a response body that is read, and kept in the delivery log (a larger answer is not a valid answer). */
export const loggedBodyLimit = 64 * 1024

export interface Attempt {
  ok: boolean
  status: number | null
  headers: Record<string, string> | null
  /** The first 64 KB of the response body. */
  body: string | null
  /** The parsed JSON answer, when the body was JSON (and not over 64 KB). */
  json: unknown
  durationMs: number
  error: string | null
}

export interface Request {
  url: string
  body: string
  headers: Record<string, string>
  timeoutMs: number
  signal: AbortSignal
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, as receivers check it. */
export const signature = (secret: string, timestamp: number, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`

/** The headers of a webhook request; with a secret, signed at `timestamp` (unix seconds). */
export function webhookHeaders(
  event: string,
  deliveryId: string,
  body: string,
  secret: string | null,
  timestamp: number,
) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': `flireo-mock/${packageVersion}`,
    'x-flireo-event': event,
    'x-flireo-delivery': deliveryId,
  }
  if (secret) {
    headers['x-flireo-timestamp'] = String(timestamp)
    headers['x-flireo-signature'] = signature(secret, timestamp, body)
  }
  return headers
}

/**
 * The body up to `limit` bytes as text (a character cut in half at the limit left out); beyond
 * that nothing more is read: the stream is cancelled, which closes the connection.
 */
async function readLimited(response: Response, limit: number): Promise<{ text: string; complete: boolean }> {
  if (!response.body) return { text: '', complete: true }
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = response.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return { text: Buffer.concat(chunks, size).toString('utf8'), complete: true }
    chunks.push(value)
    size += value.byteLength
    if (size > limit) {
      reader.cancel().catch(() => {})
      const kept = Buffer.concat(chunks, limit)
      return { text: new TextDecoder().decode(kept, { stream: true }), complete: false }
    }
  }
}

/**
 * A kept-alive socket the receiver closed as it was reused (a receiver may close an idle one at
 * any moment): reset, or closed by the other side after it had carried an earlier answer.
 */
function staleSocket(error: unknown) {
  const cause = (error as { cause?: { code?: string; socket?: { bytesRead?: number } } }).cause
  return cause?.code === 'ECONNRESET' || (cause?.code === 'UND_ERR_SOCKET' && (cause.socket?.bytesRead ?? 0) > 0)
}

/** One attempt; a stale socket, before any answer, is tried once more on a fresh one. */
export async function send(request: Request): Promise<Attempt> {
  const first = await sendOnce(request)
  return first.staleSocket && !request.signal.aborted ? (await sendOnce(request)).attempt : first.attempt
}

async function sendOnce({
  url,
  body,
  headers,
  timeoutMs,
  signal,
}: Request): Promise<{ attempt: Attempt; staleSocket: boolean }> {
  const started = performance.now()
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10
  let response: Response | undefined
  // One plain controller for the time-out and the server closing: AbortSignal.timeout and
  // AbortSignal.any cost more than the request itself when thousands go out at once.
  const abort = new AbortController()
  const timeout = setTimeout(() => abort.abort(new DOMException('The operation timed out.', 'TimeoutError')), timeoutMs)
  const closing = () => abort.abort(signal.reason)
  signal.addEventListener('abort', closing)
  try {
    if (signal.aborted) closing()
    response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: abort.signal })
    const { text, complete } = await readLimited(response, loggedBodyLimit)
    let json: unknown
    if (complete) {
      try {
        json = JSON.parse(text)
      } catch {
        // not JSON: recorded as text, not an answer
      }
    }
    const attempt = {
      ok: response.status >= 200 && response.status < 300,
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: text,
      json,
      durationMs: elapsed(),
      error: null,
    }
    return { attempt, staleSocket: false }
  } catch (error) {
    const cause = error as Error & { cause?: { code?: string; message?: string } }
    const reason =
      cause.name === 'TimeoutError'
        ? `timed out after ${timeoutMs} ms`
        : (cause.cause?.code ?? cause.cause?.message ?? cause.message)
    const attempt = {
      ok: false,
      status: null,
      headers: null,
      body: null,
      json: undefined,
      durationMs: elapsed(),
      error: reason,
    }
    return { attempt, staleSocket: response === undefined && staleSocket(error) }
  } finally {
    clearTimeout(timeout)
    signal.removeEventListener('abort', closing)
  }
}
