// Every webhook the call simulator sends, byte for byte: a set of calls run on a manual clock with
// a fixed wall clock and fixed ids, their deliveries received by a real loopback receiver and
// compared with the set recorded in webhook-payloads.json. A change to any payload, header or
// order of events shows here. `RECORD=1 npx tap test/webhook-payloads.test.ts` records the set again
// (only when a payload is meant to change).
import { readFileSync, writeFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { buildApp } from '../src/app.js'
import { client, T0, type Api } from './helpers.js'
import { startReceiver, type Received } from './receiver.js'
import { JAN_PHONE, KLANTENSERVICE, SHARED_ID, SHARED_NUMBER } from './fixtures.js'

const file = new URL('./webhook-payloads.json', import.meta.url)

/** What a receiver got on one path, in order: the event header and the raw body. */
type Deliveries = Record<string, { event: string; body: string }[]>

/** An app whose ids are 00000000-0000-4000-8000-000000000001, …002 and so on. */
async function scenarioApp(t: Test) {
  let next = 0
  const newId = () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`
  const app = await buildApp({ clock: 'manual', logLevel: 'silent', quiet: true }, { wall: () => T0, newId })
  t.teardown(() => app.close())
  return client(app)
}

/** The deliveries by path; a recording token (random per database) is written as <token>. */
const byPath = (received: Received[]): Deliveries => {
  const result: Deliveries = {}
  for (const r of received) {
    ;(result[r.path] ??= []).push({
      event: String(r.headers['x-flireo-event']),
      body: r.raw.replace(/token=[0-9a-f]{32}/g, 'token=<token>'),
    })
  }
  return result
}

const ok = async (t: Test, pending: ReturnType<Api['get']>, status = 200) => {
  const res = await pending
  t.equal(res.statusCode, status, `${res.raw.req.method} ${res.raw.req.url}`)
  return res.json().data
}

/** An external assistant with the assistant's server at `/server`, linked to the shared number. */
async function externalAssistant(t: Test, api: Api, serverUrl: string) {
  const assistant = await ok(
    t,
    api.post('/v1/assistants', { name: 'Extern', type: 'external', server_url: serverUrl }),
    201,
  )
  await ok(t, api.post(`/v1/assistants/${assistant.id}/phone-number`, { phone_number_id: SHARED_ID }))
  return assistant.id as string
}

const scenarios: Record<string, (t: Test) => Promise<Deliveries>> = {
  async 'auto mode outbound call'(t) {
    const receiver = await startReceiver(t)
    const api = await scenarioApp(t)
    await ok(t, api.patch('/_mock/config', { webhook_urls: [receiver.url()] }))
    await ok(
      t,
      api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE, metadata: { order: 7 } }),
      201,
    )
    await ok(t, api.advance(120))
    return byPath(receiver.received)
  },

  async 'manual mode: say, inject, tool-calls, end'(t) {
    const receiver = await startReceiver(t)
    const api = await scenarioApp(t)
    await ok(t, api.patch('/_mock/config', { webhook_urls: [receiver.url()], call_mode: 'manual' }))
    const call = await ok(
      t,
      api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number: '+31687654321' }),
      201,
    )
    await ok(t, api.advance(1))
    await ok(t, api.post(`/_mock/calls/${call.id}/say`, { role: 'user', text: 'Hallo?' }))
    await ok(t, api.post(`/v1/calls/${call.id}/inject`, { message: 'De klant heeft haast' }))
    await ok(t, api.advance(5))
    const tools = await api.post(`/_mock/calls/${call.id}/tool-calls`, {
      tasks: [{ name: 'lookup', payload: { q: 1 } }],
    })
    t.equal(tools.statusCode, 200)
    await ok(t, api.advance(5))
    await ok(t, api.post(`/_mock/calls/${call.id}/end`, { reason: 'assistant-ended-call' }))
    await ok(t, api.advance(1))
    return byPath(receiver.received)
  },

  async 'inbound call to an external assistant: assistant-request and tool-calls answered'(t) {
    const receiver = await startReceiver(t, (request) => {
      if (request.body.eventType === 'assistant-request') {
        return {
          json: {
            assistant: {
              firstMessage: 'Hoi!',
              endCallMessage: 'Doei!',
              model: {
                tools: [{ name: 'check', parameters: { properties: { day: { type: 'string', format: 'date' } } } }],
              },
            },
          },
        }
      }
      if (request.body.eventType === 'tool-calls') {
        const tasks = request.body.tasksInitiated as { taskId: string }[]
        return { json: { results: tasks.map((task) => ({ toolCallId: task.taskId, result: 'Vrij om 10:00' })) } }
      }
      return undefined
    })
    const api = await scenarioApp(t)
    await ok(t, api.patch('/_mock/config', { webhook_urls: [receiver.url()] }))
    await externalAssistant(t, api, receiver.url('/server'))
    await ok(
      t,
      api.post('/_mock/inbound-calls', { from: JAN_PHONE, to: SHARED_NUMBER, metadata: { via: 'test' } }),
      201,
    )
    await ok(t, api.advance(120))
    return byPath(receiver.received)
  },

  async 'inbound call whose assistant-request gets no assistant'(t) {
    const receiver = await startReceiver(t)
    const api = await scenarioApp(t)
    await ok(t, api.patch('/_mock/config', { webhook_urls: [receiver.url()] }))
    await externalAssistant(t, api, receiver.url('/server'))
    await ok(t, api.post('/_mock/inbound-calls', { from: '+31611111111', to: SHARED_NUMBER }), 201)
    await ok(t, api.advance(10))
    return byPath(receiver.received)
  },

  async 'scheduled call'(t) {
    const receiver = await startReceiver(t)
    const api = await scenarioApp(t)
    await ok(t, api.patch('/_mock/config', { webhook_urls: [receiver.url()] }))
    const scheduled_at = new Date(T0 + 60_000).toISOString()
    await ok(
      t,
      api.post('/v1/scheduled-calls', { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE, scheduled_at }),
      201,
    )
    await ok(t, api.advance(300))
    return byPath(receiver.received)
  },

  async 'no answer and busy'(t) {
    const receiver = await startReceiver(t)
    const api = await scenarioApp(t)
    await ok(t, api.patch('/_mock/config', { webhook_urls: [receiver.url()], callee_outcome: 'no-answer' }))
    await ok(t, api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE }), 201)
    await ok(t, api.advance(5))
    await ok(t, api.patch('/_mock/config', { callee_outcome: 'busy' }))
    await ok(t, api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE }), 201)
    await ok(t, api.advance(5))
    return byPath(receiver.received)
  },

  async 'max duration'(t) {
    const receiver = await startReceiver(t)
    const api = await scenarioApp(t)
    await ok(t, api.patch('/_mock/config', { webhook_urls: [receiver.url()], call_mode: 'manual' }))
    await ok(t, api.patch(`/v1/assistants/${KLANTENSERVICE}`, { max_duration_seconds: 30 }))
    await ok(t, api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE }), 201)
    await ok(t, api.advance(10))
    await ok(t, api.advance(60))
    return byPath(receiver.received)
  },
}

const recorded: Record<string, Deliveries> = process.env.RECORD ? {} : JSON.parse(readFileSync(file, 'utf8'))

for (const [name, run] of Object.entries(scenarios)) {
  t.test(name, async (t) => {
    const deliveries = await run(t)
    if (process.env.RECORD) {
      recorded[name] = deliveries
      return
    }
    t.same(Object.keys(deliveries), Object.keys(recorded[name] ?? {}), 'the same receivers')
    for (const [path, list] of Object.entries(recorded[name] ?? {})) {
      t.same(
        (deliveries[path] ?? []).map((d) => d.event),
        list.map((d) => d.event),
        `${path}: the same events in order`,
      )
      list.forEach((expected, index) =>
        t.equal(deliveries[path]?.[index]?.body, expected.body, `${path} #${index + 1}: ${expected.event}`),
      )
    }
  })
}

if (process.env.RECORD) {
  t.teardown(() => writeFileSync(file, JSON.stringify(recorded, null, 2) + '\n'))
}
