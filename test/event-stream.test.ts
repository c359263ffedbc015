// The live event stream as readers get it (mock-control.md § Watching and driving it live): the
// hub's numbering and backlog, GET /_mock/events over real sockets (auth, frames, Last-Event-ID,
// keep-alive, a slow reader cut off), the `request` event, and mock.events(). What the writes
// publish is test/events.test.ts.
import t, { type Test } from 'tap'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import { buildApp } from '../src/app.js'
import type { Config } from '../src/config.js'
import type { MockEvent } from '../src/events/catalogue.js'
import { createEventHub, sseFrame } from '../src/events/hub.js'
import { startMock } from '../src/index.js'
import type { Injected } from '../src/services.js'
import { KEY, OTHER_KEY, T0, at } from './helpers.js'
import { withTimeout } from './server-process.js'

// --- helpers ---------------------------------------------------------------------------------------

/** A listening app with a manual clock at T0. */
async function listening(t: Test, overrides: Partial<Config> = {}, injected: Injected = {}) {
  const app = await buildApp(
    { clock: 'manual', logLevel: 'silent', quiet: true, ...overrides },
    { wall: () => T0, ...injected },
  )
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const base = `http://127.0.0.1:${port}`
  const call = (method: string, path: string, body?: unknown, key = KEY) =>
    fetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  return { app, base, call }
}

interface Frame {
  event?: string
  id?: string
  data?: string
  comment?: string
}

/** An open GET /_mock/events: its response and the frames it has received so far. */
function openStream(t: Test, base: string, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }) {
  const frames: Frame[] = []
  const parsed: MockEvent[] = []
  let text = ''
  const waiters: (() => void)[] = []
  const closed = new Promise<void>((resolve) => {
    const req = httpRequest(base + '/_mock/events', { headers }, (res) => {
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
        for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
          const frame: Frame = {}
          for (const line of text.slice(0, end).split('\n')) {
            if (line.startsWith(':')) frame.comment = line.slice(1).trim()
            else {
              const colon = line.indexOf(':')
              ;(frame as Record<string, string>)[line.slice(0, colon)] = line.slice(colon + 1).trimStart()
            }
          }
          frames.push(frame)
          if (frame.data !== undefined) parsed.push(JSON.parse(frame.data))
          text = text.slice(end + 2)
        }
        for (const wake of waiters.splice(0)) wake()
      })
      res.on('close', resolve)
      responded(res)
    })
    req.on('error', () => resolve())
    req.end()
    t.teardown(() => req.destroy())
  })
  let responded: (res: IncomingMessage) => void = () => {}
  const response = new Promise<IncomingMessage>((resolve) => (responded = resolve))
  const events = () => parsed
  /** Resolves once `test` holds for the frames received; fails after 5 s. */
  const until = (test: (frames: Frame[]) => boolean) =>
    withTimeout(
      (async () => {
        while (!test(frames)) await new Promise<void>((resolve) => waiters.push(resolve))
      })(),
      5000,
      'stream frames',
    )
  return { response, frames, events, until, closed }
}

// --- the hub ---------------------------------------------------------------------------------------

const line = (text: string) => ({ type: 'call.line', data: { call_id: 'c1', role: 'user', text, time: at() } }) as const

t.test('hub: sequence ids per workspace, backlog and resume after an id', async (t) => {
  const hub = createEventHub({ maxEvents: 3 })
  const seen: string[] = []
  hub.subscribe('w1', ({ event }) => seen.push(`${event.workspace_id}#${event.id}`))
  hub.publish('w1', at(), line('a'))
  hub.publish('w2', at(), line('b'))
  hub.publish('w1', at(1), line('c'))
  t.same(seen, ['w1#1', 'w1#2'], 'each workspace numbers its own events; a subscriber sees only its workspace')

  hub.publish('w1', at(2), line('d'))
  hub.publish('w1', at(3), line('e'))
  const replayed = (after?: number) => {
    const ids: number[] = []
    hub.subscribe('w1', ({ event }) => ids.push(event.id), after)()
    return ids
  }
  t.same(replayed(), [], 'no replay without an id')
  t.same(replayed(3), [4], 'after an id: the newer events')
  t.same(replayed(0), [2, 3, 4], 'the backlog keeps the newest 3')
  t.same(replayed(99), [2, 3, 4], 'an id from before a restart (beyond the last): all the backlog holds')

  const stored: string[] = []
  hub.subscribe('w1', ({ frame }) => stored.push(frame))
  hub.publish('w1', at(4), line('f'))
  t.equal(
    stored[0],
    `event: call.line\nid: 5\ndata: {"id":5,"workspace_id":"w1","time":"${at(4)}","type":"call.line",` +
      `"data":{"call_id":"c1","role":"user","text":"f","time":"${at()}"}}\n\n`,
    'the SSE frame: event type, id, the event as one line of JSON',
  )
})

t.test('hub: the backlog is bounded in bytes too, and a failing subscriber is dropped', async (t) => {
  const hub = createEventHub({ maxBytes: 1000 })
  for (let i = 0; i < 20; i++) hub.publish('w', at(), line('x'.repeat(100)))
  const kept: number[] = []
  hub.subscribe('w', ({ event }) => kept.push(event.id), 0)
  const frameBytes = Buffer.byteLength(sseFrame({ id: 20, workspace_id: 'w', time: at(), ...line('x'.repeat(100)) }))
  t.equal(kept.length, Math.floor(1000 / frameBytes), 'as many of the newest as fit in 1000 bytes')
  t.equal(kept.at(-1), 20)

  let calls = 0
  hub.subscribe('w', () => {
    calls++
    throw new Error('reader failed')
  })
  t.doesNotThrow(() => hub.publish('w', at(), line('y')), 'the publisher is not hurt')
  hub.publish('w', at(), line('z'))
  t.equal(calls, 1, 'the failing subscriber got no more events')
})

// --- GET /_mock/events -----------------------------------------------------------------------------

t.test(
  '/_mock/events: the workspace of the key, as Server-Sent Events, with a request event per /v1 call',
  async (t) => {
    const { base, call } = await listening(t)
    const stream = openStream(t, base)
    const other = openStream(t, base, { authorization: `Bearer ${OTHER_KEY}` })
    const res = await stream.response
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8')
    t.equal(res.headers['cache-control'], 'no-cache, no-transform')
    await stream.until((frames) => frames.length >= 1)
    t.match(stream.frames[0], { retry: '1000' }, 'the first frame sets the reconnect delay')

    t.equal((await call('GET', '/v1/contacts?limit=1')).status, 200)
    t.equal((await call('GET', '/v1/contacts/nope')).status, 404)
    await stream.until(() => stream.events().length >= 2)
    const [first, second] = stream.frames.filter((f) => f.data)
    const request = stream.events()[0]! as MockEvent & { type: 'request' }
    t.match(first, { event: 'request', id: String(request.id) })
    t.same(request, {
      id: request.id,
      workspace_id: request.workspace_id,
      time: at(),
      type: 'request',
      data: { method: 'GET', path: '/v1/contacts', status: 200, duration_ms: request.data.duration_ms },
    })
    t.match(second, { event: 'request', id: String(request.id + 1) }, 'the next id')
    t.match(stream.events()[1], { type: 'request', data: { method: 'GET', path: '/v1/contacts/nope', status: 404 } })
    t.type(request.data.duration_ms, 'number')
    t.same(other.events(), [], "another key's stream sees none of it")
  },
)

t.test('/_mock/events: Last-Event-ID resumes after that event; a bad one is a 400', async (t) => {
  const { base, call } = await listening(t)
  for (const path of ['/v1/contacts', '/v1/assistants', '/v1/phone-numbers']) await call('GET', path)
  // From the start of the backlog: the seeding of the new workspace, then the three requests.
  const all = openStream(t, base, { authorization: `Bearer ${KEY}`, 'last-event-id': '0' })
  await all.until(() => all.events().filter((e) => e.type === 'request').length >= 3)
  t.same(
    all.events().map((e) => e.id),
    all.events().map((_e, i) => i + 1),
    'every event of the workspace so far, numbered from 1',
  )
  const requests = all.events().filter((e) => e.type === 'request')
  const resumed = openStream(t, base, { authorization: `Bearer ${KEY}`, 'last-event-id': String(requests[0]!.id) })
  await resumed.until(() => resumed.events().length >= 2)
  t.same(
    resumed.events().map((e) => [e.id, (e.data as { path: string }).path]),
    [
      [requests[1]!.id, '/v1/assistants'],
      [requests[2]!.id, '/v1/phone-numbers'],
    ],
    'the backlog after the first request',
  )
  await call('GET', '/v1/user')
  await resumed.until(() => resumed.events().length >= 3)
  t.equal(resumed.events()[2]!.id, requests[2]!.id + 1, 'then the live events')

  const badId = await fetch(base + '/_mock/events', {
    headers: { authorization: `Bearer ${KEY}`, 'last-event-id': 'abc' },
  })
  t.equal(badId.status, 400)
  t.match(await badId.json(), { error: { code: 'invalid_parameters', details: { field: 'Last-Event-ID' } } })
})

t.test('/_mock/events: auth like the rest of /_mock; gone with --no-control', async (t) => {
  const { base } = await listening(t, { adminToken: 'sesame' })
  const noKey = await fetch(base + '/_mock/events')
  t.equal(noKey.status, 401)
  t.match(await noKey.json(), { error: { code: 'unauthorized' } })
  const noAdmin = await fetch(base + '/_mock/events', { headers: { authorization: `Bearer ${KEY}` } })
  t.equal(noAdmin.status, 401, 'the admin token is needed when set')
  t.match(await noAdmin.json(), { error: { code: 'unauthorized', message: /X-Mock-Admin/ } })
  const admitted = openStream(t, base, { authorization: `Bearer ${KEY}`, 'x-mock-admin': 'sesame' })
  t.equal((await admitted.response).statusCode, 200)

  const off = await listening(t, { control: false })
  const gone = await off.call('GET', '/_mock/events')
  t.equal(gone.status, 404)
})

t.test('/_mock/events: a keep-alive comment on an idle stream', async (t) => {
  const { base } = await listening(t, {}, { stream: { keepAliveMs: 20 } })
  const stream = openStream(t, base)
  await stream.until((frames) => frames.some((f) => f.comment === 'keep-alive'))
  t.pass('a ": keep-alive" comment arrived')
})

t.test('/_mock/events: a reader that stops reading is cut off; the others and the API go on', async (t) => {
  const { app, base, call } = await listening(t, {}, { stream: { maxBufferBytes: 64 * 1024 } })
  const live = openStream(t, base)
  await live.response
  // A reader that sends its request and then reads nothing at all.
  const stalled = connect(Number(new URL(base).port), '127.0.0.1')
  t.teardown(() => stalled.destroy())
  stalled.write(`GET /_mock/events HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer ${KEY}\r\n\r\n`)
  stalled.pause()
  let ended = false
  stalled.on('close', () => (ended = true))
  await new Promise((resolve) => setTimeout(resolve, 100))

  // Events of about 40 KB, one at a time, as fast as the reading stream takes them, until the
  // stalled reader's socket buffers and its 64 KB are full.
  const workspace = app.services.workspaces.resolve(KEY)
  const connections = () =>
    new Promise<number>((resolve, reject) =>
      app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    )
  const openBefore = await connections()
  let openNow = openBefore
  let published = 0
  while (openNow === openBefore && published < 2000) {
    app.services.events.publish(workspace.id, at(), line('x'.repeat(40_000)))
    published += 1
    await live.until(() => live.events().length === published)
    openNow = await connections()
  }
  t.equal(openNow, openBefore - 1, `the server closed the stalled reader's connection (after ${published} events)`)
  let received = 0
  stalled.on('data', (chunk: Buffer) => (received += chunk.length))
  stalled.resume()
  await new Promise<void>((resolve) => (ended ? resolve() : stalled.on('close', () => resolve())))
  t.ok(received < published * 40_000, `it got what was buffered before the cut (${received} bytes), then the end`)
  t.equal((await call('GET', '/v1/user')).status, 200, 'the API answers')
  await live.until(() => live.events().some((e) => e.type === 'request'))
  t.equal(live.events().length, published + 1, 'the reading stream got every event')
})

t.test('/_mock/events: closing the server ends the open streams', async (t) => {
  const { app, base } = await listening(t)
  const stream = openStream(t, base)
  await stream.response
  await app.close()
  await stream.closed
  t.pass('closed')
})

// --- mock.events() ---------------------------------------------------------------------------------

t.test('mock.events(): the stream as an async iterator, filtered by type, ended by break or close', async (t) => {
  const mock = await startMock({ clock: 'manual', logLevel: 'silent', quiet: true })
  t.teardown(() => mock.close())
  const requests = mock.events({ types: ['request'] })
  await fetch(mock.url + '/v1/contacts', { headers: mock.headers })
  await fetch(mock.url + '/v1/user', { headers: mock.headers })
  const paths: string[] = []
  const ids: number[] = []
  for await (const event of requests) {
    ids.push(event.id)
    paths.push(`${event.data.method} ${event.data.path} ${event.data.status}`)
    if (paths.length === 2) break
  }
  t.same(paths, ['GET /v1/contacts 200', 'GET /v1/user 200'], 'published before the loop, not lost')
  t.equal(ids[1], ids[0]! + 1)

  const replay = mock.events({ after: ids[0] })
  t.match(
    await replay.next(),
    { done: false, value: { id: ids[1], type: 'request' } },
    'after: resumes from the backlog',
  )
  await replay.return!()

  const pending = mock.events({ types: ['call.ended'] }).next()
  await mock.close()
  t.same(await pending, { value: undefined, done: true }, 'closing the mock ends a waiting loop')
})
