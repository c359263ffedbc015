// A real webhook receiver on loopback (port 0) for tests: records every request it gets and
// answers as the test tells it to.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Test } from 'tap'

export interface Received {
  path: string
  headers: IncomingHttpHeaders
  /** The raw body, as a signature is computed over it. */
  raw: string
  body: Record<string, unknown>
  /** It came on a kept-alive connection that had carried an earlier request. */
  reused: boolean
}

/** How to answer one request: a status and JSON, a raw text, or never ('hang'). */
export type Answer = { status?: number; json?: unknown; text?: string; delayMs?: number } | 'hang' | 'reset'

export type Responder = (request: Received) => Answer | undefined

/** What a receiver does: recompute the HMAC over "<timestamp>.<raw body>" and compare in constant time. */
export function verifies(secret: string, headers: IncomingHttpHeaders, raw: string) {
  const timestamp = headers['x-flireo-timestamp']
  const signature = headers['x-flireo-signature']
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !signature.startsWith('sha256=')) return false
  const expected = createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest()
  const given = Buffer.from(signature.slice('sha256='.length), 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export async function startReceiver(t: Test, respond: Responder = () => undefined) {
  const received: Received[] = []
  const open = new Set<ServerResponse>()
  let responder = respond
  const usedSockets = new WeakSet<Socket>()
  const server = createServer((req, res) => {
    const reused = usedSockets.has(req.socket)
    usedSockets.add(req.socket)
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      let body: Record<string, unknown> = {}
      try {
        body = JSON.parse(raw)
      } catch {
        // recorded as raw only
      }
      const request = { path: req.url ?? '/', headers: req.headers, raw, body, reused }
      received.push(request)
      const answer = responder(request) ?? { json: {} }
      if (answer === 'hang') {
        open.add(res)
        return
      }
      if (answer === 'reset') {
        req.socket.destroy()
        return
      }
      const send = () => {
        res.statusCode = answer.status ?? 200
        if (answer.text !== undefined) return res.end(answer.text)
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(answer.json ?? {}))
      }
      if (answer.delayMs) setTimeout(send, answer.delayMs)
      else send()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: (path = '/hook') => base + path,
    received,
    /** The events received, in order: `status-update:in-progress`, `end-of-call-report`, ... */
    events: (path?: string) =>
      received
        .filter((r) => path === undefined || r.path === path)
        .map((r) => (r.body.status ? `${r.body.eventType}:${r.body.status}` : String(r.body.eventType))),
    respondWith(next: Responder) {
      responder = next
    },
  }
}
