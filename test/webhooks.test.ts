// Webhooks as a receiver sees them (webhooks.md; mock-control.md § webhook-deliveries, inbound
// calls, manual tool calls): the four payloads, what the answers of an assistant's server do to
// a call, global URLs, signing, retries, the delivery log, ordering, and receivers that misbehave.
// Every receiver is a real HTTP server on loopback (test/receiver.ts).
import t, { type Test } from 'tap'
import { type Api, client, T0, type TestApp, testApp } from './helpers.js'
import { startReceiver, verifies, type Answer, type Received, type Responder } from './receiver.js'
import { AFSPRAKENPLANNER, JAN_PHONE, KLANTENSERVICE, WEBHOOK_KEYS } from './fixtures.js'

/** What an inbound call to an external assistant with tools sends its server, in order. */
const externalInboundEvents = [
  'assistant-request',
  'status-update:in-progress',
  'tool-calls',
  'status-update:ended',
  'end-of-call-report',
]

// --- helpers ---------------------------------------------------------------------------------------

/** The customer. */
const CALLER = JAN_PHONE

const ASSISTANT_REQUEST_FAILED = "Couldn't Get Assistant. Assistant Request Did Not Return One."
const TOOL_CALL_FAILED = 'Tool call failed'

/** Orders the first available number (the order completes in 2 s) and links it to the assistant; returns the number. */
async function giveNumber(t: Test, api: Api, assistantId: string): Promise<string> {
  const phone = (await api.get('/v1/phone-numbers/available')).json().data[0].phone_number as string
  t.equal((await api.post('/v1/phone-numbers', { phone_number: phone })).statusCode, 201, `ordered ${phone}`)
  t.equal((await api.advance(2)).statusCode, 200)
  const number = (await api.get('/v1/phone-numbers?limit=100'))
    .json()
    .data.find((n: { phone_number: string }) => n.phone_number === phone)
  const linked = await api.post(`/v1/assistants/${assistantId}/phone-number`, { phone_number_id: number.id })
  t.equal(linked.statusCode, 200, `linked ${phone}`)
  return phone
}

/** Gives the seeded external assistant a number and `serverUrl` as its server URL; returns the number. */
async function externalAssistantWithNumber(t: Test, api: Api, serverUrl: string | null): Promise<string> {
  const number = await giveNumber(t, api, AFSPRAKENPLANNER)
  const patched = await api.patch(`/v1/assistants/${AFSPRAKENPLANNER}`, { server_url: serverUrl })
  t.equal(patched.statusCode, 200, 'server_url set')
  return number
}

/** A customer calls `to`; returns the new call's id. */
async function inbound(t: Test, api: Api, to: string, metadata?: Record<string, unknown>): Promise<string> {
  const res = await api.post('/_mock/inbound-calls', { from: CALLER, to, ...(metadata ? { metadata } : {}) })
  t.equal(res.statusCode, 201, 'inbound call created')
  return res.json().data.id
}

/** The assistant calls the customer; returns the new call's id. */
async function outbound(t: Test, api: Api, assistantId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post('/v1/calls/outbound', { assistant_id: assistantId, phone_number: CALLER, ...extra })
  t.equal(res.statusCode, 201, `outbound call: ${res.body.slice(0, 200)}`)
  return res.json().data.id
}

const getCall = async (api: Api, id: string) => (await api.get(`/v1/calls/${id}`)).json().data

/** The delivery log, newest first. */
const deliveryLog = async (api: Api, query = '') =>
  (await api.get(`/_mock/webhook-deliveries?limit=100${query}`)).json()

type LogEntry = {
  id: string
  delivery_id: string
  call_id: string
  event: string
  url: string
  attempt: number
  at: string
  ok: boolean
  request: { headers: Record<string, string>; body: string }
  response: { status: number; headers: Record<string, string>; body: string } | null
  duration_ms: number
  error: string | null
}

/** Answers each event type as given; everything else gets `200 {}`. */
const byEvent =
  (answers: Record<string, Answer | ((r: Received) => Answer)>): Responder =>
  (request) => {
    const answer = answers[request.body.eventType as string]
    return typeof answer === 'function' ? answer(request) : answer
  }

type Task = { taskId: string; taskName: string; taskPayload?: Record<string, unknown> }

/** A tool server: every task of a tool-calls event gets `result`. */
const toolResults =
  (result: string) =>
  (request: Received): Answer => ({
    json: { results: (request.body.tasksInitiated as Task[]).map((task) => ({ toolCallId: task.taskId, result })) },
  })

/** The valid assistant-request answer of the brief. */
const assistantAnswer = {
  assistant: {
    firstMessage: 'Hoi!',
    endCallMessage: 'Doei!',
    maxDurationSeconds: 120,
    model: { tools: [{ name: 'check_availability' }], messages: [{ role: 'system', content: 'Plan.' }] },
    voice: { provider: 'x' },
  },
}

/** The call id a payload names (`callSession` in status-update, `callId` elsewhere). */
const callOf = (r: Received) => (r.body.callId ?? r.body.callSession) as string | undefined

// --- assistant-request ---------------------------------------------------------------------------

t.test('assistant-request: exact payload, and a valid answer configures the call', async (t) => {
  const receiver = await startReceiver(
    t,
    byEvent({ 'assistant-request': { json: assistantAnswer }, 'tool-calls': toolResults('Vrij om 10:00') }),
  )
  const app = await testApp(t)
  const api = client(app)
  const number = await externalAssistantWithNumber(t, api, receiver.url())

  const id = await inbound(t, api, number)
  t.equal((await api.advance(60)).statusCode, 200)

  t.equal(
    receiver.received[0]!.raw,
    `{"eventType":"assistant-request","fromCaller":"${CALLER}","toAssistant":"${number}"}`,
    'exact body',
  )
  t.equal(receiver.received[0]!.headers['x-flireo-event'], 'assistant-request')

  const call = await getCall(api, id)
  t.equal(call.status, 'ended')
  t.equal(call.ended_reason, 'customer-ended-call')
  t.ok(call.transcript.startsWith('AI: Hoi!\n'), `transcript starts with the answer's firstMessage: ${call.transcript}`)
  t.ok(call.transcript.endsWith('\nAI: Doei!'), "transcript ends with the answer's endCallMessage")
  const toolEvents = receiver.received.filter((r) => r.body.eventType === 'tool-calls')
  t.same(
    toolEvents.flatMap((r) => (r.body.tasksInitiated as Task[]).map((task) => task.taskName)),
    ['check_availability'],
    'only the tool of the answer is called',
  )
  t.same(
    [...new Set(call.messages.filter((m: { role: string }) => m.role === 'tool').map((m: { name: string }) => m.name))],
    ['check_availability'],
  )
  t.match(call.messages, [{ role: 'system', content: 'Plan.' }], 'the system message is in messages')
  t.ok(call.transcript.includes('AI: Vrij om 10:00'))
  t.same(
    call.metadata.assistant_config,
    assistantAnswer.assistant,
    "metadata.assistant_config is the answer's assistant",
  )
  t.same(receiver.events(), externalInboundEvents)

  // The other payloads, key for key in the documented order.
  const [, started, , ended, report] = receiver.received.map((r) => r.body)
  t.same(Object.keys(started!), ['eventTimestamp', 'eventType', 'callSession', 'fromCaller', 'toAssistant', 'status'])
  t.match(started, {
    eventType: 'status-update',
    callSession: id,
    fromCaller: CALLER,
    toAssistant: number,
    status: 'in-progress',
  })
  t.same(Object.keys(ended!), Object.keys(started!))
  t.same(Object.keys(report!), WEBHOOK_KEYS['end-of-call-report'])
  t.match(report, {
    callId: id,
    fromCaller: CALLER,
    toAssistant: number,
    transcriptText: call.transcript,
    summaryText: call.summary,
    recordings: { linkStereo: call.recording_url },
    callLengthSeconds: call.duration_seconds,
    endedReason: 'customer-ended-call',
  })
})

t.test("assistant-request: the answer's maxDurationSeconds limits the call", async (t) => {
  const receiver = await startReceiver(t, byEvent({ 'assistant-request': { json: assistantAnswer } }))
  const app = await testApp(t, { callMode: 'manual' })
  const api = client(app)
  const number = await externalAssistantWithNumber(t, api, receiver.url())

  const id = await inbound(t, api, number)
  t.equal((await api.advance(1)).statusCode, 200)
  const started = await getCall(api, id)
  t.equal(started.status, 'in-progress')
  t.equal((await api.advance(119)).statusCode, 200)
  t.equal((await getCall(api, id)).status, 'in-progress', 'still going at 119 s')
  t.equal((await api.advance(1)).statusCode, 200)
  const ended = await getCall(api, id)
  t.equal(ended.ended_reason, 'max-duration-reached', "ended at 120 s, not at the assistant's 900 s")
  t.equal(ended.duration_seconds, 120)
})

const invalidAnswers: { name: string; answer: Answer; config?: { webhookTimeoutMs: number } }[] = [
  { name: '500', answer: { status: 500, json: { assistant: assistantAnswer.assistant } } },
  { name: '200 not JSON', answer: { text: 'not json' } },
  { name: '200 JSON without assistant', answer: { json: { firstMessage: 'Hoi!' } } },
  { name: 'timeout', answer: 'hang', config: { webhookTimeoutMs: 300 } },
  { name: 'connection reset', answer: 'reset' },
]

for (const { name, answer, config } of invalidAnswers) {
  t.test(`assistant-request answered with ${name}: the call ends with debugging`, async (t) => {
    const receiver = await startReceiver(t, byEvent({ 'assistant-request': answer }))
    const app = await testApp(t, config)
    const api = client(app)
    const number = await externalAssistantWithNumber(t, api, receiver.url())

    const id = await inbound(t, api, number)
    t.equal((await api.advance(1)).statusCode, 200)

    const call = await getCall(api, id)
    t.equal(call.status, 'ended-with-debugging')
    t.equal(call.ended_reason, 'assistant-request-failed')
    t.equal(call.debugging_artifact, ASSISTANT_REQUEST_FAILED)
    t.equal(call.transcript, '')
    t.same(receiver.events(), ['assistant-request', 'status-update:ended-with-debugging', 'end-of-call-report'])
    const status = receiver.received[1]!.body
    t.same(Object.keys(status), [
      'eventTimestamp',
      'eventType',
      'callSession',
      'fromCaller',
      'toAssistant',
      'status',
      'debugging-artifact',
    ])
    t.equal(status['debugging-artifact'], ASSISTANT_REQUEST_FAILED)
    t.equal(status.callSession, id)
    t.equal(receiver.received[2]!.body.endedReason, 'assistant-request-failed')

    // Nothing more happens to it.
    t.equal((await api.advance(60)).statusCode, 200)
    t.equal(receiver.received.length, 3, 'no further events')
    const log = (await deliveryLog(api, '&event=assistant-request')).data as LogEntry[]
    t.equal(log.length, 1, 'one assistant-request attempt, not retried')
  })
}

// --- tool-calls ----------------------------------------------------------------------------------

t.test('tool-calls: payload in documented key order, results spoken and kept in messages', async (t) => {
  const receiver = await startReceiver(t, byEvent({ 'tool-calls': toolResults('Vrij om 10:00') }))
  const app = await testApp(t)
  const api = client(app)
  const number = await externalAssistantWithNumber(t, api, receiver.url())

  const id = await outbound(t, api, AFSPRAKENPLANNER)
  t.equal((await api.advance(60)).statusCode, 200)

  const toolEvents = receiver.received.filter((r) => r.body.eventType === 'tool-calls')
  t.same(
    toolEvents.map((r) => (r.body.tasksInitiated as Task[])[0]!.taskName),
    ['check_availability', 'book_appointment'],
  )
  const first = toolEvents[0]!.body
  t.same(Object.keys(first), [
    'eventTime',
    'callId',
    'eventType',
    'fromCaller',
    'toAssistant',
    'tasksInitiated',
    'userMetadata',
  ])
  t.match(first, { callId: id, eventType: 'tool-calls', fromCaller: CALLER, toAssistant: number, userMetadata: null })
  t.type(first.eventTime, 'number')
  const tasks = first.tasksInitiated as Task[]
  t.equal(tasks.length, 1)
  t.same(Object.keys(tasks[0]!), ['taskId', 'taskName', 'taskPayload'])
  t.match(tasks[0]!.taskId, /^call_[A-Za-z0-9]{24}$/)
  t.same(tasks[0]!.taskPayload, { date: '2026-01-15' }, 'a date argument is the clock date')
  t.equal(toolEvents[0]!.headers['x-flireo-event'], 'tool-calls')

  const call = await getCall(api, id)
  t.equal(call.status, 'ended')
  t.equal(call.ended_reason, 'customer-ended-call')
  const lines = call.transcript.split('\n')
  const said = lines.indexOf('AI: Vrij om 10:00')
  t.ok(said > 0, `the AI speaks the result: ${call.transcript}`)
  const toolMessages = call.messages.filter((m: { role: string }) => m.role === 'tool')
  t.match(
    toolMessages.find((m: { content: string }) => m.content === 'Vrij om 10:00'),
    { role: 'tool', content: 'Vrij om 10:00', tool_call_id: tasks[0]!.taskId, name: 'check_availability' },
    'the result is a tool message',
  )
  // The result is spoken in the turn right after the tool call (turn_seconds later).
  const callAt = call.messages.find(
    (m: { role: string; tool_call_id?: string }) => m.role === 'tool' && m.tool_call_id === tasks[0]!.taskId,
  ).at
  const spoken = call.messages.find(
    (m: { role: string; content: string }) => m.role === 'assistant' && m.content === 'Vrij om 10:00',
  ).at
  t.equal(Date.parse(spoken) - Date.parse(callAt), 2000, 'spoken at the next turn')
})

t.test('tool-calls: userMetadata is the call metadata; a tool without parameters has no taskPayload', async (t) => {
  const receiver = await startReceiver(t, byEvent({ 'tool-calls': toolResults('ok') }))
  const app = await testApp(t)
  const api = client(app)
  await externalAssistantWithNumber(t, api, receiver.url())

  const withMetadata = await outbound(t, api, AFSPRAKENPLANNER, { metadata: { klant: 'A-17', prioriteit: 2 } })
  t.equal((await api.advance(60)).statusCode, 200)
  const events = receiver.received.filter((r) => r.body.eventType === 'tool-calls' && r.body.callId === withMetadata)
  t.equal(events.length, 2)
  for (const e of events) t.same(e.body.userMetadata, { klant: 'A-17', prioriteit: 2 })

  // An external assistant of its own whose tool takes nothing.
  const created = await api.post('/v1/assistants', {
    name: 'Pinger',
    type: 'external',
    server_url: receiver.url('/pinger'),
    tools: [{ name: 'ping', description: 'Is de agenda bereikbaar?', parameters: { type: 'object', properties: {} } }],
  })
  t.equal(created.statusCode, 201)
  await giveNumber(t, api, created.json().data.id)
  const pingCall = await outbound(t, api, created.json().data.id)
  t.equal((await api.advance(60)).statusCode, 200)
  const ping = receiver.received.find((r) => r.path === '/pinger' && r.body.eventType === 'tool-calls')!
  t.ok(ping, 'the ping tool was called')
  const task = (ping.body.tasksInitiated as Task[])[0]!
  t.same(Object.keys(task), ['taskId', 'taskName'], 'no taskPayload key')
  t.equal(task.taskName, 'ping')
  t.equal((await getCall(api, pingCall)).status, 'ended')
})

const badToolAnswers: { name: string; answer: Answer; config?: { webhookTimeoutMs: number } }[] = [
  { name: '500', answer: { status: 500, json: { results: [] } } },
  { name: 'garbage', answer: { text: '<<garbage>>' } },
  {
    name: 'an answer that comes too late',
    answer: { json: { results: [] }, delayMs: 1000 },
    config: { webhookTimeoutMs: 300 },
  },
]

for (const { name, answer, config } of badToolAnswers) {
  t.test(`tool-calls answered with ${name}: "Tool call failed", the call goes on`, async (t) => {
    const receiver = await startReceiver(t, byEvent({ 'tool-calls': answer }))
    const app = await testApp(t, config)
    const api = client(app)
    await externalAssistantWithNumber(t, api, receiver.url())

    const id = await outbound(t, api, AFSPRAKENPLANNER)
    t.equal((await api.advance(60)).statusCode, 200)

    const call = await getCall(api, id)
    t.equal(call.status, 'ended')
    t.equal(call.ended_reason, 'customer-ended-call', 'the normal end')
    const lines = call.transcript.split('\n') as string[]
    t.same(
      lines.filter((l) => l === `AI: ${TOOL_CALL_FAILED}`).length,
      2,
      'the AI says "Tool call failed" for each tool',
    )
    t.equal(lines.at(-1), 'AI: Bedankt voor uw telefoontje. Fijne dag nog!', 'the call reaches its closing line')
    t.same(receiver.events(), [
      'status-update:in-progress',
      'tool-calls',
      'tool-calls',
      'status-update:ended',
      'end-of-call-report',
    ])
  })
}

// --- global URLs ---------------------------------------------------------------------------------

t.test('global URLs get copies of every event; only the server_url answers', async (t) => {
  const a = await startReceiver(
    t,
    byEvent({ 'assistant-request': { json: assistantAnswer }, 'tool-calls': toolResults('Van A') }),
  )
  const b = await startReceiver(
    t,
    byEvent({
      'assistant-request': { json: { assistant: { firstMessage: 'Van B!', endCallMessage: 'Dag B' } } },
      'tool-calls': toolResults('Van B'),
    }),
  )
  const app = await testApp(t, { webhookUrls: [b.url()] })
  const api = client(app)
  const number = await externalAssistantWithNumber(t, api, a.url())

  const external = await inbound(t, api, number)
  t.equal((await api.advance(60)).statusCode, 200)
  const all = [
    'assistant-request',
    'status-update:in-progress',
    'tool-calls',
    'status-update:ended',
    'end-of-call-report',
  ]
  t.same(a.events(), all, 'the server_url gets all events of the external call')
  t.same(b.events(), all, 'the global URL gets copies of all four kinds')
  t.equal(b.received[0]!.raw, a.received[0]!.raw, 'the same assistant-request body')
  t.same(
    b.received.map((r) => r.raw),
    a.received.map((r) => r.raw),
    'identical bodies',
  )

  const call = await getCall(api, external)
  t.ok(call.transcript.startsWith('AI: Hoi!'), "A's assistant is used")
  t.ok(call.transcript.includes('AI: Van A'), "A's tool result is spoken")
  t.notOk(call.transcript.includes('Van B'), "B's answers are not used")

  // A default assistant's call: only status-update and end-of-call-report, and A hears nothing of it.
  const before = a.received.length
  const plain = await outbound(t, api, KLANTENSERVICE)
  t.equal((await api.advance(60)).statusCode, 200)
  t.same(
    b.received
      .filter((r) => callOf(r) === plain)
      .map((r) => (r.body.status ? `${r.body.eventType}:${r.body.status}` : r.body.eventType)),
    ['status-update:in-progress', 'status-update:ended', 'end-of-call-report'],
  )
  t.equal(a.received.length, before, 'the external server hears nothing of another assistant')
  t.equal((await getCall(api, plain)).status, 'ended')
})

// --- manual tool calls -----------------------------------------------------------------------------

t.test('manual mode: POST /_mock/calls/{id}/tool-calls answers with the receiver result', async (t) => {
  const receiver = await startReceiver(t, byEvent({ 'tool-calls': toolResults('Geboekt om 14:00') }))
  const app = await testApp(t, { callMode: 'manual' })
  const api = client(app)
  await externalAssistantWithNumber(t, api, receiver.url())

  const id = await outbound(t, api, AFSPRAKENPLANNER)
  t.equal((await api.advance(1)).statusCode, 200)
  t.equal((await getCall(api, id)).status, 'in-progress')

  const res = await api.post(`/_mock/calls/${id}/tool-calls`, {
    tasks: [{ name: 'book_appointment', payload: { slot: 'x' } }],
  })
  t.equal(res.statusCode, 200, res.body)
  const sent = receiver.received.find((r) => r.body.eventType === 'tool-calls')!
  t.ok(sent, 'the receiver got the tool-calls')
  const task = (sent.body.tasksInitiated as Task[])[0]!
  t.match(task, { taskName: 'book_appointment', taskPayload: { slot: 'x' } })
  t.same(task.taskPayload, { slot: 'x' })
  t.same(res.json().data.results, [{ toolCallId: task.taskId, result: 'Geboekt om 14:00' }])

  const turn = (await api.get('/_mock/config')).json().data.turn_seconds as number
  t.equal((await api.advance(turn)).statusCode, 200)
  const call = await getCall(api, id)
  t.equal(call.status, 'in-progress', 'manual: still in progress')
  t.equal(call.transcript.split('\n').at(-1), 'AI: Geboekt om 14:00', 'the AI speaks the result at the next turn')
})

// --- signing -------------------------------------------------------------------------------------

t.test('signing: every request carries a timestamp and an HMAC-SHA256 signature of the raw body', async (t) => {
  const receiver = await startReceiver(
    t,
    byEvent({ 'assistant-request': { json: assistantAnswer }, 'tool-calls': toolResults('Vrij') }),
  )
  const app = await testApp(t, { webhookSecret: 's3cret' })
  const api = client(app)
  const number = await externalAssistantWithNumber(t, api, receiver.url())

  await inbound(t, api, number)
  t.equal((await api.advance(60)).statusCode, 200)
  t.same(receiver.events(), externalInboundEvents)

  for (const r of receiver.received) {
    const what = r.body.eventType as string
    // The mock clock when it was sent: the payload's own timestamp (the assistant-request has none; it goes out at T0+2 s).
    const sentAt = (r.body.eventTimestamp ?? r.body.eventTime ?? T0 + 2000) as number
    t.equal(
      r.headers['x-flireo-timestamp'],
      String(Math.floor(sentAt / 1000)),
      `${what}: unix seconds of the mock clock`,
    )
    t.match(r.headers['x-flireo-signature'], /^sha256=[0-9a-f]{64}$/, `${what}: signature format`)
    t.ok(verifies('s3cret', r.headers, r.raw), `${what}: verifies`)
    t.notOk(
      verifies('s3cret', r.headers, r.raw.replace('"eventType"', '"eventtype"')),
      `${what}: a tampered body does not`,
    )
    t.notOk(verifies('other', r.headers, r.raw), `${what}: another secret does not`)
    t.equal(r.headers['content-type'], 'application/json')
    t.match(r.headers['user-agent'], /^flireo-mock\/\d+\.\d+\.\d+/)
    t.match(r.headers['x-flireo-delivery'], /^[0-9a-f-]{36}$/)
  }
})

t.test('without a secret there is no signature', async (t) => {
  const receiver = await startReceiver(t)
  const app = await testApp(t, { webhookUrls: [receiver.url()] })
  const api = client(app)
  await outbound(t, api, KLANTENSERVICE)
  t.equal((await api.advance(60)).statusCode, 200)
  t.equal(receiver.received.length, 3)
  for (const r of receiver.received) {
    t.equal(r.headers['x-flireo-signature'], undefined)
    t.equal(r.headers['x-flireo-timestamp'], undefined)
  }
})

// --- retries -------------------------------------------------------------------------------------

t.test('retries: a failing end-of-call-report is retried after 0.5 s and 1 s of mock time', async (t) => {
  let failures = 0
  const receiver = await startReceiver(
    t,
    byEvent({
      'end-of-call-report': () =>
        failures++ < 2 ? { status: 500, text: `kapot ${failures}` } : { json: { ontvangen: true } },
    }),
  )
  const app = await testApp(t, { webhookUrls: [receiver.url()], webhookRetries: 2 })
  const api = client(app)
  const id = await outbound(t, api, KLANTENSERVICE)

  t.equal((await api.advance(60)).statusCode, 200)
  const endedAt = Date.parse((await getCall(api, id)).ended_at)
  const reports = () => receiver.received.filter((r) => r.body.eventType === 'end-of-call-report')
  // advance(60) also ran the retries that fell inside it; look at the log's clock times.
  const log = (await deliveryLog(api, `&call_id=${id}&event=end-of-call-report`)).data as LogEntry[]
  t.same(
    log.map((e) => e.attempt),
    [3, 2, 1],
    'three attempts, newest first',
  )
  t.same(
    log.map((e) => e.ok),
    [true, false, false],
  )
  t.same(new Set(log.map((e) => e.delivery_id)).size, 1, 'one delivery')
  t.same(
    log.map((e) => Date.parse(e.at) - endedAt).reverse(),
    [0, 500, 1500],
    'attempts at the end, +0.5 s, then 1 s later',
  )
  t.same(
    log.map((e) => e.response?.status),
    [200, 500, 500],
  )
  t.same(
    log.map((e) => e.response?.body),
    ['{"ontvangen":true}', 'kapot 2', 'kapot 1'],
  )
  for (const e of log) {
    t.equal(e.request.body, reports()[0]!.raw, `attempt ${e.attempt}: the request body`)
    t.equal(e.request.headers['x-flireo-event'], 'end-of-call-report')
    t.equal(e.request.headers['x-flireo-delivery'], e.delivery_id)
    t.equal(e.error, null)
  }
  t.equal(reports().length, 3)
  t.same(new Set(reports().map((r) => r.raw)).size, 1, 'the same body every time')
  t.same(new Set(reports().map((r) => r.headers['x-flireo-delivery'])).size, 1, 'the same delivery id every time')
})

t.test('retries wait for the mock clock', async (t) => {
  let failures = 0
  const receiver = await startReceiver(
    t,
    byEvent({ 'end-of-call-report': () => (failures++ < 2 ? { status: 500 } : { json: {} }) }),
  )
  const app = await testApp(t, { webhookUrls: [receiver.url()], webhookRetries: 2 })
  const api = client(app)
  const id = await outbound(t, api, KLANTENSERVICE)
  const reports = () => receiver.received.filter((r) => r.body.eventType === 'end-of-call-report').length

  // Run up to the end of the call, exactly.
  for (let i = 0; i < 60 && (await getCall(api, id)).status !== 'ended'; i++) await api.advance(1)
  t.equal(reports(), 1, 'the first attempt at the end')
  await api.advance(0.4)
  t.equal(reports(), 1, 'not before +0.5 s')
  await api.advance(0.1)
  t.equal(reports(), 2, 'the second attempt at +0.5 s')
  await api.advance(0.9)
  t.equal(reports(), 2, 'not before a further 1 s')
  await api.advance(0.1)
  t.equal(reports(), 3, 'the third attempt 1 s later succeeds')
  await api.advance(60)
  t.equal(reports(), 3, 'no more after a success')
  t.equal((await api.get('/_mock/clock')).json().data.pending_timers, 0)
})

t.test('without retries a failing status-update is attempted once', async (t) => {
  const receiver = await startReceiver(t, byEvent({ 'status-update': { status: 500 } }))
  const app = await testApp(t, { webhookUrls: [receiver.url()] })
  const api = client(app)
  const id = await outbound(t, api, KLANTENSERVICE)
  t.equal((await api.advance(120)).statusCode, 200)
  t.same(receiver.events(), ['status-update:in-progress', 'status-update:ended', 'end-of-call-report'])
  const log = (await deliveryLog(api, `&call_id=${id}&event=status-update`)).data as LogEntry[]
  t.same(
    log.map((e) => [e.attempt, e.ok, e.response?.status]),
    [
      [1, false, 500],
      [1, false, 500],
    ],
  )
})

t.test('assistant-request and tool-calls are never retried', async (t) => {
  const receiver = await startReceiver(
    t,
    byEvent({ 'assistant-request': { status: 500 }, 'tool-calls': { status: 500 } }),
  )
  const app = await testApp(t, { webhookRetries: 2 })
  const api = client(app)
  const number = await externalAssistantWithNumber(t, api, receiver.url())

  const failed = await inbound(t, api, number)
  const toolCall = await outbound(t, api, AFSPRAKENPLANNER)
  t.equal((await api.advance(120)).statusCode, 200)
  t.equal((await getCall(api, failed)).ended_reason, 'assistant-request-failed')
  t.equal((await getCall(api, toolCall)).ended_reason, 'customer-ended-call')
  t.equal(receiver.received.filter((r) => r.body.eventType === 'assistant-request').length, 1, 'one assistant-request')
  t.equal(receiver.received.filter((r) => r.body.eventType === 'tool-calls').length, 2, 'one tool-calls per tool')
  const attempts = (await deliveryLog(api, '&ok=false')).data as LogEntry[]
  t.same(
    attempts.map((e) => e.attempt),
    attempts.map(() => 1),
    'every failed attempt is a first attempt',
  )
  t.equal(attempts.length, 3)
})

// --- the delivery log ----------------------------------------------------------------------------

t.test('delivery log: newest first, filters, paging', async (t) => {
  const receiver = await startReceiver(t, byEvent({ 'end-of-call-report': { status: 503, text: 'later' } }))
  const app = await testApp(t, { webhookUrls: [receiver.url()] })
  const api = client(app)

  const first = await outbound(t, api, KLANTENSERVICE)
  t.equal((await api.advance(60)).statusCode, 200)
  const second = await outbound(t, api, KLANTENSERVICE)
  t.equal((await api.advance(60)).statusCode, 200)

  const all = await deliveryLog(api)
  t.same(all.meta, { total: 6, limit: 100, offset: 0 })
  const entries = all.data as LogEntry[]
  t.same(
    entries.map((e) => [e.call_id, e.event]),
    [
      [second, 'end-of-call-report'],
      [second, 'status-update'],
      [second, 'status-update'],
      [first, 'end-of-call-report'],
      [first, 'status-update'],
      [first, 'status-update'],
    ],
    'newest first',
  )
  t.ok(
    entries.every((e, i) => i === 0 || Date.parse(entries[i - 1]!.at) >= Date.parse(e.at)),
    'times descend',
  )
  t.match(entries[0], {
    url: receiver.url(),
    attempt: 1,
    ok: false,
    request: { headers: { 'x-flireo-event': 'end-of-call-report' }, body: String },
    response: { status: 503, headers: Object, body: 'later' },
    duration_ms: Number,
    error: null,
  })
  t.same(JSON.parse(entries[0]!.request.body).callId, second)

  const byCall = (await deliveryLog(api, `&call_id=${first}`)).data as LogEntry[]
  t.same(
    byCall.map((e) => e.id),
    entries.slice(3).map((e) => e.id),
    'call_id filter',
  )
  const byEventType = (await deliveryLog(api, '&event=status-update')).data as LogEntry[]
  t.same(
    byEventType.map((e) => e.id),
    entries.filter((e) => e.event === 'status-update').map((e) => e.id),
    'event filter',
  )
  const failed = await deliveryLog(api, '&ok=false')
  t.same(
    failed.data.map((e: LogEntry) => e.event),
    ['end-of-call-report', 'end-of-call-report'],
    'ok=false',
  )
  t.equal(failed.meta.total, 2)
  const succeeded = await deliveryLog(api, '&ok=true')
  t.equal(succeeded.meta.total, 4, 'ok=true')
  t.ok(succeeded.data.every((e: LogEntry) => e.ok && e.event === 'status-update'))

  const page = (await api.get('/_mock/webhook-deliveries?limit=2&offset=1')).json()
  t.same(page.meta, { total: 6, limit: 2, offset: 1 })
  t.same(
    page.data.map((e: LogEntry) => e.id),
    entries.slice(1, 3).map((e) => e.id),
  )
  const combined = await deliveryLog(api, `&call_id=${second}&event=status-update&ok=true`)
  t.equal(combined.meta.total, 2, 'filters combine')
})

t.test('delivery log: response bodies are cut at 64 KB', async (t) => {
  const big = 'x'.repeat(100 * 1024)
  const receiver = await startReceiver(t, () => ({ text: big }))
  const app = await testApp(t, { webhookUrls: [receiver.url()] })
  const api = client(app)
  await outbound(t, api, KLANTENSERVICE)
  t.equal((await api.advance(60)).statusCode, 200)
  const entries = (await deliveryLog(api)).data as LogEntry[]
  t.equal(entries.length, 3)
  for (const e of entries) {
    t.equal(e.response?.status, 200)
    t.equal(e.response?.body.length, 64 * 1024, `${e.event}: 64 KB kept`)
    t.equal(e.response?.body, big.slice(0, 64 * 1024))
  }
})

t.test('delivery log: the 64 KB are bytes, also for multi-byte text', async (t) => {
  const receiver = await startReceiver(t, () => ({ text: 'é'.repeat(100 * 1024) }))
  const app = await testApp(t, { webhookUrls: [receiver.url()] })
  const api = client(app)
  await outbound(t, api, KLANTENSERVICE)
  t.equal((await api.advance(60)).statusCode, 200)
  const [entry] = (await deliveryLog(api)).data as LogEntry[]
  const kept = entry!.response!.body
  t.ok(Buffer.byteLength(kept) <= 64 * 1024, `at most 64 KB kept (kept ${Buffer.byteLength(kept)} bytes)`)
  t.ok(Buffer.byteLength(kept) > 64 * 1024 - 4, 'and not much less')
  t.match(kept, /^é+$/, 'no broken character at the cut')
})

t.test('redeliver: the same body and delivery id again, as attempt n+1', async (t) => {
  const receiver = await startReceiver(t)
  const app = await testApp(t, { webhookUrls: [receiver.url()], webhookSecret: 's3cret' })
  const api = client(app)
  const id = await outbound(t, api, KLANTENSERVICE)
  t.equal((await api.advance(60)).statusCode, 200)

  const [report] = (await deliveryLog(api, `&call_id=${id}&event=end-of-call-report`)).data as LogEntry[]
  const original = receiver.received.find((r) => r.body.eventType === 'end-of-call-report')!
  t.equal((await api.advance(5)).statusCode, 200)

  const res = await api.post(`/_mock/webhook-deliveries/${report!.id}/redeliver`)
  t.equal(res.statusCode, 200, res.body)
  const again = receiver.received.at(-1)!
  t.equal(receiver.received.length, 4)
  t.equal(again.raw, original.raw, 'identical raw body')
  t.equal(again.headers['x-flireo-delivery'], original.headers['x-flireo-delivery'], 'the same delivery id')
  t.ok(verifies('s3cret', again.headers, again.raw), 'signed afresh')
  const entry = res.json().data as LogEntry
  t.match(entry, { delivery_id: report!.delivery_id, call_id: id, event: 'end-of-call-report', attempt: 2, ok: true })
  t.not(entry.id, report!.id, 'a new log entry')
  t.equal(entry.request.body, original.raw)

  const log = (await deliveryLog(api, `&call_id=${id}&event=end-of-call-report`)).data as LogEntry[]
  t.same(
    log.map((e) => e.attempt),
    [2, 1],
    'the log has both',
  )
  const twice = await api.post(`/_mock/webhook-deliveries/${report!.id}/redeliver`)
  t.equal(twice.json().data.attempt, 3)

  const unknown = await api.post('/_mock/webhook-deliveries/00000000-0000-4000-8000-000000000000/redeliver')
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().error.code, 'not_found')
})

// --- ordering ------------------------------------------------------------------------------------

t.test('a slow receiver gets the events of each call in order, calls running at once', async (t) => {
  // Every answer takes 50 ms; tool calls get a result, assistant requests the assistant as it is.
  const slow = await startReceiver(t, (r) => ({
    json:
      r.body.eventType === 'tool-calls'
        ? { results: (r.body.tasksInitiated as Task[]).map((k) => ({ toolCallId: k.taskId, result: 'Vrij' })) }
        : r.body.eventType === 'assistant-request'
          ? { assistant: {} }
          : {},
    delayMs: 50,
  }))
  const app = await testApp(t, { webhookUrls: [slow.url('/global')] })
  const api = client(app)
  const number = await externalAssistantWithNumber(t, api, slow.url('/own'))

  const plain = [await outbound(t, api, KLANTENSERVICE), await outbound(t, api, KLANTENSERVICE)]
  const outboundExternal = await outbound(t, api, AFSPRAKENPLANNER)
  const inboundExternal = [await inbound(t, api, number), await inbound(t, api, number)]
  t.equal((await api.advance(120)).statusCode, 200)

  const eventsOf = (path: string, id: string) =>
    slow.received
      .filter((r) => r.path === path && callOf(r) === id)
      .map((r) => (r.body.status ? `${r.body.eventType}:${r.body.status}` : r.body.eventType))
  const plainEvents = ['status-update:in-progress', 'status-update:ended', 'end-of-call-report']
  const toolEvents = [
    'status-update:in-progress',
    'tool-calls',
    'tool-calls',
    'status-update:ended',
    'end-of-call-report',
  ]
  for (const id of plain) t.same(eventsOf('/global', id), plainEvents, `default call ${id.slice(0, 8)}: in order`)
  t.same(eventsOf('/own', outboundExternal), toolEvents, 'outbound external call: in order at its server')
  t.same(eventsOf('/global', outboundExternal), toolEvents, 'outbound external call: in order at the global URL')
  // The assistant-request has no call id; the rest of the inbound calls' events must follow in order.
  for (const id of inboundExternal) {
    t.same(eventsOf('/own', id), toolEvents, `inbound call ${id.slice(0, 8)}: in order at its server`)
    t.same(eventsOf('/global', id), toolEvents, `inbound call ${id.slice(0, 8)}: in order at the global URL`)
  }
  t.equal(
    slow.received.filter((r) => r.body.eventType === 'assistant-request').length,
    4,
    'two assistant-requests, each to both URLs',
  )
  for (const id of [...plain, outboundExternal, ...inboundExternal]) t.equal((await getCall(api, id)).status, 'ended')
  // The calls overlapped: the first events of all five arrived before any call's end-of-call-report.
  const firstReport = slow.received.findIndex((r) => r.body.eventType === 'end-of-call-report')
  const starts = slow.received.filter((r) => r.body.status === 'in-progress').map((r) => slow.received.indexOf(r))
  t.ok(
    starts.every((i) => i < firstReport),
    'the calls ran at the same time',
  )
})

// --- bad URLs ------------------------------------------------------------------------------------

t.test('only http and https URLs are accepted as targets', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  for (const url of ['ftp://x', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
    const res = await api.patch('/_mock/config', { webhook_urls: [url] })
    t.equal(res.statusCode, 400, `webhook_urls ${url}`)
    t.equal(res.json().error.code, 'invalid_parameters')
  }
  t.same((await api.get('/_mock/config')).json().data.webhook_urls, [], 'nothing was stored')
  const ok = await api.patch('/_mock/config', { webhook_urls: ['https://hooks.example.com/a', 'http://127.0.0.1:9/b'] })
  t.equal(ok.statusCode, 200)
  t.same(ok.json().data.webhook_urls, ['https://hooks.example.com/a', 'http://127.0.0.1:9/b'])

  for (const url of ['file:///etc/passwd', 'ftp://x']) {
    const res = await api.patch(`/v1/assistants/${AFSPRAKENPLANNER}`, { server_url: url })
    t.equal(res.statusCode, 400, `server_url ${url}`)
    t.equal(res.json().error.code, 'invalid_parameters')
  }
  t.equal((await api.get(`/v1/assistants/${AFSPRAKENPLANNER}`)).json().data.server_url, null)
})

// --- misbehaving receivers -----------------------------------------------------------------------

t.test('receivers that answer 10 MB, reset or hang never hold up the API', async (t) => {
  const huge = 'y'.repeat(10 * 1024 * 1024)
  const big = await startReceiver(t, () => ({ text: huge }))
  const reset = await startReceiver(t, () => 'reset')
  let hungOnce: () => void
  const hung = new Promise<void>((resolve) => (hungOnce = resolve))
  const hang = await startReceiver(t, () => {
    hungOnce()
    return 'hang'
  })
  const app: TestApp = await testApp(t, { webhookUrls: [big.url(), reset.url(), hang.url()], webhookTimeoutMs: 800 })
  const api = client(app)
  const id = await outbound(t, api, KLANTENSERVICE)

  const advancing = api.advance(60)
  await hung
  const started = performance.now()
  const listed = await api.get('/v1/assistants')
  const took = performance.now() - started
  t.equal(listed.statusCode, 200)
  t.ok(took < 400, `GET /v1/assistants answered in ${Math.round(took)} ms while deliveries hang`)
  t.equal(hang.received.length, 1, 'the hanging delivery is still in flight')

  t.equal((await advancing).statusCode, 200)
  t.equal((await getCall(api, id)).status, 'ended')
  const entries = (await deliveryLog(api)).data as LogEntry[]
  for (const [receiver, name] of [
    [big, 'big'],
    [reset, 'reset'],
    [hang, 'hang'],
  ] as const) {
    const mine = entries.filter((e) => e.url === receiver.url())
    t.equal(mine.length, 3, `${name}: three events attempted`)
    t.equal(receiver.received.length, mine.length, `${name}: every request it got is in the log`)
    for (const e of mine) t.ok(e.error !== null || e.response !== null, `${name} ${e.event}: an error or a status`)
  }
  for (const e of entries.filter((e) => e.url === big.url())) {
    t.equal(e.response?.status, 200)
    t.equal(e.response?.body.length, 64 * 1024, 'the big answer is cut to 64 KB')
  }
  for (const e of entries.filter((e) => e.url === reset.url())) {
    t.equal(e.response, null)
    t.equal(e.ok, false)
    t.type(e.error, 'string')
  }
  for (const e of entries.filter((e) => e.url === hang.url())) {
    t.equal(e.response, null)
    t.match(e.error, /timed out after 800 ms/)
  }
})

t.test(
  'a kept-alive connection closed by the receiver as it is reused: the event goes once more on a new one',
  async (t) => {
    // Each connection answers its first request and is closed as a second one arrives, as when a
    // receiver closes an idle connection just as it is taken for the next event.
    const receiver = await startReceiver(t, (r) => (r.reused ? 'reset' : undefined))
    const app = await testApp(t, { webhookUrls: [receiver.url()] })
    const api = client(app)
    const id = await outbound(t, api, KLANTENSERVICE)
    t.equal((await api.advance(60)).statusCode, 200)

    const { received } = receiver
    t.ok(
      received.some((r) => r.reused),
      'a kept-alive connection was taken again',
    )
    received.forEach((r, i) => {
      if (r.reused) t.match(received[i + 1], { raw: r.raw, reused: false }, 'sent again at once, on a new connection')
    })
    t.same(
      received.filter((r) => !r.reused).map((r) => `${r.body.eventType}:${r.body.status ?? ''}`),
      ['status-update:in-progress', 'status-update:ended', 'end-of-call-report:'],
    )
    const entries = ((await deliveryLog(api)).data as LogEntry[]).reverse()
    t.same(
      entries.map((e) => [e.call_id, e.event, e.attempt, e.ok]),
      [
        [id, 'status-update', 1, true],
        [id, 'status-update', 1, true],
        [id, 'end-of-call-report', 1, true],
      ],
      'one successful attempt logged per event',
    )
  },
)

t.test('a new connection closed before any answer is not sent again', async (t) => {
  const receiver = await startReceiver(t, () => 'reset')
  const app = await testApp(t, { webhookUrls: [receiver.url()] })
  const api = client(app)
  await outbound(t, api, KLANTENSERVICE)
  t.equal((await api.advance(60)).statusCode, 200)

  t.equal(receiver.received.length, 3, 'one request per event')
  const entries = (await deliveryLog(api)).data as LogEntry[]
  t.same(
    entries.map((e) => [e.ok, e.error]),
    [
      [false, 'UND_ERR_SOCKET'],
      [false, 'UND_ERR_SOCKET'],
      [false, 'UND_ERR_SOCKET'],
    ],
  )
})
