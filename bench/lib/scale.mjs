// flireo-mock at scale: (a) list and search over many contacts in one workspace, (b) many
// concurrent calls on a manual clock, every webhook counted by a receiver in this process.
import { once } from 'node:events'
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { generatedContact, randomNameFragment, randomShortTerm, seededAssistantId } from './data.mjs'
import { request, requestOk } from './http.mjs'

const seedBatchSize = 5_000 // about 0.5 MB of JSON, under Fastify's 1 MB body limit

/** mulberry32: the same offsets and search terms on every run. */
function seededRandom(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

/** Requests made before the timed ones of each figure, so they time a warmed-up server. */
const warmUp = 200

/** `count` requests one after another on one keep-alive connection: p50/p99 in ms. */
async function sequential(baseUrl, headers, count, pathOf) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const times = []
  let failed = 0
  try {
    for (let i = 0; i < warmUp + count; i++) {
      const started = performance.now()
      const res = await request(baseUrl + pathOf(), { headers, agent })
      if (i < warmUp) continue
      times.push(performance.now() - started)
      if (res.status !== 200) failed++
    }
  } finally {
    agent.destroy()
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p99: percentile(times, 99), failed, count }
}

/**
 * (a) Loads `contacts` contacts with POST /_mock/seed, then asks for random pages, searches for
 * 1–2 characters and searches for name fragments of 3–5, `requests` of each.
 */
export async function contactsAtScale(baseUrl, { contacts, requests }) {
  const headers = { authorization: 'Bearer bench-scale' }
  const started = performance.now()
  let batches = 0
  for (let from = 0; from < contacts; from += seedBatchSize) {
    const batch = []
    for (let i = from; i < Math.min(contacts, from + seedBatchSize); i++) {
      const { contact_id: _id, ...contact } = generatedContact(i)
      batch.push(contact)
    }
    await requestOk(`${baseUrl}/_mock/seed`, { method: 'POST', headers, body: { contacts: batch }, timeoutMs: 120_000 })
    batches++
  }
  const loadSeconds = (performance.now() - started) / 1000
  const { meta } = await requestOk(`${baseUrl}/v1/contacts?limit=1`, { headers })

  const random = seededRandom(42)
  const page = await sequential(baseUrl, headers, requests, () => {
    const offset = Math.floor(random() * (meta.total - 20))
    return `/v1/contacts?limit=20&offset=${offset}`
  })
  const searchFor = (term) => () => `/v1/contacts?search=${encodeURIComponent(term(random))}`
  const searchShort = await sequential(baseUrl, headers, requests, searchFor(randomShortTerm))
  const searchLong = await sequential(baseUrl, headers, requests, searchFor(randomNameFragment))
  return { contacts, total: meta.total, batches, loadSeconds, page, searchShort, searchLong }
}

const expectedEvents = ['status-update in-progress', 'status-update ended', 'end-of-call-report']

/** What a webhook body is about: `{ kind: 'status-update ended', callId }`. */
function eventOf(body) {
  try {
    const event = JSON.parse(body)
    const kind = event.eventType === 'status-update' ? `status-update ${event.status}` : event.eventType
    return { kind, callId: event.callSession ?? event.callId }
  } catch {
    return { kind: 'not JSON', callId: null }
  }
}

/** A webhook receiver on 127.0.0.1:<free port>: the events of each call, in arrival order. */
async function startReceiver(expectedTotal) {
  const byCall = new Map()
  let total = 0
  let allArrived
  const complete = new Promise((resolve) => (allArrived = resolve))
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const { kind, callId } = eventOf(Buffer.concat(chunks).toString('utf8'))
      if (!byCall.has(callId)) byCall.set(callId, [])
      byCall.get(callId).push(kind)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      if (++total === expectedTotal) allArrived(performance.now())
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${server.address().port}/flireo`,
    complete,
    byCall,
    total: () => total,
    close: () => {
      server.closeAllConnections()
      server.close()
    },
  }
}

/** Runs `task(i)` for i < count, at most `concurrency` at a time. */
async function pool(count, concurrency, task) {
  let next = 0
  const worker = async () => {
    while (next < count) await task(next++)
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

/** (b) `calls` outbound calls on a manual clock, then one advance of 60 s. */
export async function callsAtScale(baseUrl, { calls }) {
  const headers = { authorization: 'Bearer bench-calls' }
  const receiver = await startReceiver(calls * expectedEvents.length)
  try {
    await requestOk(`${baseUrl}/_mock/clock/mode`, { method: 'POST', headers, body: { mode: 'manual' } })
    await requestOk(`${baseUrl}/_mock/config`, {
      method: 'PATCH',
      headers,
      body: { webhook_urls: [receiver.url], credits: 1_000_000, call_mode: 'auto' },
    })
    const created = new Set()
    const createStarted = performance.now()
    await pool(calls, 10, async (i) => {
      const body = { assistant_id: seededAssistantId, phone_number: `+316${30_000_000 + i}` }
      const { data } = await requestOk(`${baseUrl}/v1/calls/outbound`, { method: 'POST', headers, body })
      created.add(data.id)
    })
    const createSeconds = (performance.now() - createStarted) / 1000

    const timeoutMs = 60_000
    const advanceStarted = performance.now()
    const advance = requestOk(`${baseUrl}/_mock/clock/advance`, {
      method: 'POST',
      headers,
      body: { seconds: 60 },
      timeoutMs,
    }).then(() => performance.now() - advanceStarted)
    // Done when every event has arrived, 2 s after the advance returned (it returns once every
    // webhook is delivered), or at the time-out.
    const allArrivedAt = await Promise.race([
      receiver.complete,
      advance.then(
        () => sleep(2000, null),
        () => null,
      ),
      sleep(timeoutMs, null),
    ])
    const advanceMs = await advance.catch(() => null)

    let received = 0
    let outOfOrder = 0
    for (const id of created) {
      const kinds = receiver.byCall.get(id) ?? []
      received += expectedEvents.filter((kind) => kinds.includes(kind)).length
      if (kinds.join() !== expectedEvents.join()) outOfOrder++
    }
    // What the mock's own delivery log says of the attempts that failed.
    const failed = await requestOk(`${baseUrl}/_mock/webhook-deliveries?ok=false&limit=1`, { headers })
    const expected = calls * expectedEvents.length
    return {
      failedAttempts: failed.meta.total,
      firstError: failed.data[0]?.error ?? null,
      calls,
      createSeconds,
      deliveredSeconds: allArrivedAt === null ? null : (allArrivedAt - advanceStarted) / 1000,
      advanceSeconds: advanceMs === null ? null : advanceMs / 1000,
      expected,
      received,
      lost: expected - received,
      extra: receiver.total() - received,
      outOfOrder,
    }
  } finally {
    receiver.close()
  }
}
