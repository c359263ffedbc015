// The bounds that keep one careless or hostile test from exhausting a shared mock (README § Limits):
// free-form objects, the webhook delivery log, and how much of a webhook answer is read.
import t from 'tap'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { assertInvalid, at, client, testApp } from './helpers.js'
import { startReceiver } from './receiver.js'
import { JAN, JAN_PHONE, KLANTENSERVICE } from './fixtures.js'
import { attemptLogCapacity } from '../src/webhooks/deliveries.js'

/** An object of `n` keys `k0`, `k1`, ... each with the value `value`. */
const keys = (n: number, value: unknown = 'v') =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]))
const kilobytes = (n: number) => 'x'.repeat(n * 1024)

t.test('free-form objects: at most 1,000 keys and 64 KB as JSON, else 400 naming the field', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const contactTotal = async () => (await api.get('/v1/contacts')).json().meta.total as number
  const before = await contactTotal()

  t.equal(
    (await api.post('/v1/contacts', { phone_number: '+31611110001', logs: keys(1000) })).statusCode,
    201,
    '1,000 keys',
  )
  const tooMany = await api.post('/v1/contacts', { phone_number: '+31611110002', logs: keys(1001) })
  assertInvalid(t, tooMany, 'logs', 'POST logs with 1,001 keys')
  t.equal(tooMany.json().error.details.reason, 'has more than 1000 keys')
  const tooBig = await api.post('/v1/contacts', { phone_number: '+31611110003', logs: { a: kilobytes(64) } })
  assertInvalid(t, tooBig, 'logs', 'POST logs of 64 KB and more')
  t.equal(tooBig.json().error.details.reason, 'is larger than 64 KB as JSON')
  t.equal(await contactTotal(), before + 1, 'only the first contact was created')

  // 60,000 keys (769 KB) used to be stored, blocking the event loop for a second.
  const started = performance.now()
  assertInvalid(t, await api.patch(`/v1/contacts/${JAN}`, { logs: keys(60_000) }), 'logs', 'PATCH 60,000 keys')
  t.ok(performance.now() - started < 1000, 'refused without storing it')

  // A merge may not grow the object past the bounds either.
  t.equal((await api.patch(`/v1/contacts/${JAN}`, { logs: keys(600, 'a') })).statusCode, 200, '600 keys merged')
  const grown = await api.patch(`/v1/contacts/${JAN}`, {
    logs: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`n${i}`, 'b'])),
  })
  assertInvalid(t, grown, 'logs', 'a PATCH that would make 1,201 keys')
  t.equal(grown.json().error.details.reason, 'would have more than 1000 keys')
  const jan = (await api.get(`/v1/contacts/${JAN}`)).json()
  t.equal(Object.keys(jan.logs).length, 601, 'the contact kept its 600 keys and its own note')

  const call = await api.post('/v1/calls/outbound', {
    assistant_id: KLANTENSERVICE,
    phone_number: JAN_PHONE,
    metadata: { blob: kilobytes(65) },
  })
  assertInvalid(t, call, 'metadata', 'call metadata over 64 KB')
  t.equal((await api.get('/v1/calls')).json().meta.total, 0, 'no call was placed')

  const scheduled = { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE, scheduled_at: at(3600) }
  assertInvalid(t, await api.post('/v1/scheduled-calls', { ...scheduled, metadata: keys(1001) }), 'metadata')
  const created = await api.post('/v1/scheduled-calls', { ...scheduled, metadata: keys(1000) })
  t.equal(created.statusCode, 201, 'a scheduled call with 1,000 metadata keys')
  const id = created.json().data.id
  const more = await api.patch(`/v1/scheduled-calls/${id}`, { metadata: { another: 1 } })
  assertInvalid(t, more, 'metadata', 'a PATCH that would make 1,001 metadata keys')
  t.equal(Object.keys((await api.get(`/v1/scheduled-calls/${id}`)).json().data.metadata).length, 1000, 'unchanged')

  const tool = { name: 'lookup', description: 'Looks up', parameters: { type: 'object', properties: keys(1001, {}) } }
  const assistant = await api.post('/v1/assistants', {
    name: 'Tools',
    tools: [{ ...tool, parameters: keys(1001, {}) }],
  })
  assertInvalid(t, assistant, 'tools[0].parameters', 'tool parameters with 1,001 keys')
  const nested = await api.post('/v1/assistants', { name: 'Tools', tools: [tool] })
  t.equal(nested.statusCode, 201, 'the bound is on the object itself, not on what it nests')
})

t.test(`the delivery log keeps the newest ${attemptLogCapacity} attempts of a workspace`, async (t) => {
  const receiver = await startReceiver(t)
  const app = await testApp(t, { webhookUrls: [receiver.url()] })
  const api = client(app)
  t.equal(
    (await api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE })).statusCode,
    201,
  )
  t.equal((await api.advance(60)).statusCode, 200)
  const log = async (query = '') => (await api.get(`/_mock/webhook-deliveries?limit=100${query}`)).json()
  const first = await log()
  t.equal(first.meta.total, 3, 'the call sent three webhooks')
  const report = first.data.find((e: { event: string }) => e.event === 'end-of-call-report')

  for (let i = 0; i < attemptLogCapacity - 1; i++) {
    const res = await api.post(`/_mock/webhook-deliveries/${report.id}/redeliver`)
    if (res.statusCode !== 200) t.fail(`redelivery ${i}: ${res.statusCode} ${res.body}`)
  }
  const full = await log()
  t.equal(full.meta.total, attemptLogCapacity, `${attemptLogCapacity + 2} attempts, ${attemptLogCapacity} kept`)
  t.equal((await log('&event=status-update')).meta.total, 0, 'the two oldest (status-updates) went first')
  t.equal(full.data[0].attempt, attemptLogCapacity, 'the newest is attempt 1000 of the report')

  const again = await api.post(`/_mock/webhook-deliveries/${report.id}/redeliver`)
  t.equal(again.json().data.attempt, attemptLogCapacity + 1, 'attempts go on counting after the oldest went')
  t.equal((await log()).meta.total, attemptLogCapacity)
  const gone = await api.post(`/_mock/webhook-deliveries/${report.id}/redeliver`)
  t.equal(gone.statusCode, 404, 'an attempt that left the log can no longer be redelivered')
  const third = await api.post(`/_mock/webhook-deliveries/${again.json().data.id}/redeliver`)
  t.equal(third.json().data.attempt, attemptLogCapacity + 2, 'and after the delivery lost its first attempts')
  const redeliverPruned = await api.get(`/_mock/webhook-deliveries?limit=1&offset=${attemptLogCapacity - 1}`)
  t.equal(redeliverPruned.json().data[0].attempt, 3, 'the oldest kept is attempt 3: attempts 1 and 2 went')
})

t.test('a slow, large webhook answer is read up to 64 KB, the rest dropped unread', async (t) => {
  // Streams 64 KB every 100 ms, 2 MB in all (3.2 s), unless the mock closes the connection.
  const closedAfter: number[] = []
  const open = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      open.add(res)
      res.writeHead(200, { 'content-type': 'text/plain' })
      const started = performance.now()
      let sent = 0
      const timer = setInterval(() => {
        if (sent === 32) return res.end()
        res.write(kilobytes(64).replace(/^x/, String(sent++ % 10)))
      }, 100)
      res.on('close', () => {
        clearInterval(timer)
        open.delete(res)
        closedAfter.push(performance.now() - started)
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    for (const res of open) res.destroy()
    server.closeAllConnections()
    server.close()
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  const app = await testApp(t, { webhookUrls: [url], webhookTimeoutMs: 10_000 })
  const api = client(app)
  t.equal(
    (await api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE })).statusCode,
    201,
  )
  t.equal((await api.advance(60)).statusCode, 200)

  const entries = (await api.get('/_mock/webhook-deliveries')).json().data
  t.equal(entries.length, 3)
  for (const entry of entries) {
    t.equal(entry.response.status, 200, `${entry.event}: answered`)
    t.equal(entry.response.body.length, 64 * 1024, `${entry.event}: 64 KB kept`)
    t.equal(entry.response.body.slice(0, 1), '0', `${entry.event}: the first chunk`)
    // Reading to 1 MB took 1.6 s per answer.
    t.ok(entry.duration_ms < 1000, `${entry.event}: done after ${entry.duration_ms} ms, at the second chunk`)
  }
  for (let i = 0; i < 50 && closedAfter.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20))
  t.equal(closedAfter.length, 3, 'the mock closed each connection')
  t.ok(Math.max(...closedAfter) < 1000, `before the answers were sent (${closedAfter.map(Math.round)} ms)`)
})
