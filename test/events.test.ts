// What the writes publish to the live event stream (src/events/catalogue.ts), through the sink
// buildApp is given: a call run on the manual clock, event by event, with exact data.
import t from 'tap'
import { buildApp } from '../src/app.js'
import type { MockEventInput } from '../src/events/catalogue.js'
import { at, client, T0 } from './helpers.js'
import { startReceiver } from './receiver.js'
import { JAN_PHONE, KLANTENSERVICE, SHARED_NUMBER } from './fixtures.js'

async function recordingApp(t: Parameters<typeof startReceiver>[0]) {
  const published: (MockEventInput & { workspace_id: string; time: string })[] = []
  let next = 0
  const newId = () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`
  const app = await buildApp(
    { clock: 'manual', logLevel: 'silent', quiet: true },
    {
      wall: () => T0,
      newId,
      events: { publish: (workspace_id, time, event) => published.push({ workspace_id, time, ...event }) },
    },
  )
  t.teardown(() => app.close())
  return { api: client(app), published }
}

t.test('an auto call publishes its creation, status, lines, end and every webhook attempt, in order', async (t) => {
  const receiver = await startReceiver(t)
  const { api, published } = await recordingApp(t)
  t.equal((await api.patch('/_mock/config', { webhook_urls: [receiver.url()] })).statusCode, 200)
  const res = await api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE })
  t.equal(res.statusCode, 201)
  const id = res.json().data.id
  t.equal((await api.advance(60)).statusCode, 200)

  const workspaces = new Set(published.map((e) => e.workspace_id))
  t.equal(workspaces.size, 1, 'every event names the workspace')
  const seen = published
    .filter((e) => e.type.startsWith('call.') || e.type === 'webhook.attempt' || e.type === 'timer.fired')
    .map(({ workspace_id: _workspace, ...e }) => {
      if (e.type !== 'webhook.attempt') return e
      t.type(e.data.duration_ms, 'number', 'an attempt says how long it took')
      const { duration_ms: _duration, delivery_id: _delivery, ...data } = e.data
      return { ...e, data }
    })
  const line = (seconds: number, role: string, text: string) => ({
    type: 'call.line',
    time: at(seconds),
    data: { call_id: id, role, text, time: at(seconds) },
  })
  const attempt = (seconds: number, event: string) => ({
    type: 'webhook.attempt',
    time: at(seconds),
    data: { call_id: id, event, url: receiver.url(), attempt: 1, ok: true, status_code: 200, error: null },
  })
  const timer = (seconds: number, kind: string) => ({
    type: 'timer.fired',
    time: at(seconds),
    data: { kind, subject: id, due_at: at(seconds) },
  })
  t.same(seen, [
    {
      type: 'call.created',
      time: at(0),
      data: {
        call_id: id,
        direction: 'outbound',
        status: 'queued',
        from_number: SHARED_NUMBER,
        to_number: JAN_PHONE,
        assistant_id: KLANTENSERVICE,
      },
    },
    timer(1, 'call.answer'),
    { type: 'call.status', time: at(1), data: { call_id: id, status: 'in-progress' } },
    line(1, 'assistant', 'Goedendag, u spreekt met de klantenservice van Voorbeeld BV. Waarmee kan ik u helpen?'),
    attempt(1, 'status-update'),
    timer(3, 'call.turn'),
    line(3, 'user', 'Hallo, ik heb een vraag over mijn afspraak.'),
    timer(5, 'call.turn'),
    line(5, 'assistant', 'Daar help ik u graag mee. Ik heb het voor u genoteerd.'),
    timer(7, 'call.turn'),
    line(7, 'user', 'Dank u wel, dat was alles.'),
    timer(9, 'call.turn'),
    line(9, 'assistant', 'Bedankt voor uw telefoontje. Fijne dag nog!'),
    timer(11, 'call.turn'),
    { type: 'call.status', time: at(11), data: { call_id: id, status: 'ended' } },
    {
      type: 'call.ended',
      time: at(11),
      data: { call_id: id, status: 'ended', ended_reason: 'customer-ended-call', duration_seconds: 10 },
    },
    attempt(11, 'status-update'),
    attempt(11, 'end-of-call-report'),
  ])
  t.same(published.at(-1), {
    workspace_id: [...workspaces][0],
    type: 'clock.changed',
    time: at(60),
    data: { now: at(60), mode: 'manual', speed: 1 },
  })
})

t.test('writes publish resource.changed; a write that fails publishes nothing', async (t) => {
  const { api, published } = await recordingApp(t)
  const created = await api.post('/v1/assistants', { name: 'Nieuw' })
  t.equal(created.statusCode, 201)
  const id = created.json().data.id
  t.equal((await api.patch(`/v1/assistants/${id}`, { first_message: 'Hoi' })).statusCode, 200)
  const before = published.length
  t.equal((await api.post('/v1/assistants', { name: 'Dubbel', tools: [{ name: 'x' }, { name: 'x' }] })).statusCode, 400)
  t.equal(published.length, before, 'the failed create published nothing')
  t.equal((await api.delete(`/v1/assistants/${id}`)).statusCode, 200)
  t.same(
    published
      .filter((e) => e.type === 'resource.changed' && e.data.id === id)
      .map((e) => ({ time: e.time, data: e.data })),
    [
      { time: at(0), data: { kind: 'assistant', id, action: 'created' } },
      { time: at(0), data: { kind: 'assistant', id, action: 'updated' } },
      { time: at(0), data: { kind: 'assistant', id, action: 'deleted' } },
    ],
  )
})
