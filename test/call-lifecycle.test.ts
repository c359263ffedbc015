// The call simulator (webhooks.md § The call lifecycle, mock-control.md) with a real webhook
// receiver: the documented payloads and headers, what an ended call holds, the recording,
// callee outcomes, max duration, manual mode, timing settings, inbound calls, many calls at once,
// and a receiver that never answers.
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { type Api, assertError, at, client, T0, testApp } from './helpers.js'
import { startReceiver, type Received, type Responder } from './receiver.js'
import {
  FIRST_MESSAGE,
  JAN,
  JAN_PHONE,
  KLANTENSERVICE,
  SHARED_ID,
  SHARED_NUMBER,
  UNKNOWN_ID,
  UUID,
  WEBHOOK_KEYS,
} from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

type Call = Record<string, any>

const END_CALL_MESSAGE = 'Bedankt voor uw telefoontje. Fijne dag nog!'
const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string

const ms = (time: string) => Date.parse(time)

const STATUS_UPDATE_KEYS = WEBHOOK_KEYS['status-update']
const REPORT_KEYS = WEBHOOK_KEYS['end-of-call-report']

/** An app, a client and a receiver that gets every webhook of the workspace. */
async function setup(
  t: Test,
  { responder, config = {}, app: options = {} }: { responder?: Responder; config?: object; app?: object } = {},
) {
  const app = await testApp(t, options)
  const api = client(app)
  const receiver = await startReceiver(t, responder)
  const res = await api.patch('/_mock/config', { webhook_urls: [receiver.url()], ...config })
  t.equal(res.statusCode, 200, 'configured the workspace')
  return { app, api, receiver }
}

async function outbound(t: Test, api: Api, body: Record<string, unknown> = {}): Promise<Call> {
  const res = await api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE, ...body })
  t.equal(res.statusCode, 201, 'call started')
  return res.json().data
}

const getCall = async (api: Api, id: string): Promise<Call> => (await api.get(`/v1/calls/${id}`)).json().data

const credits = async (api: Api): Promise<number> => (await api.get('/v1/user')).json().credits

/** Runs an auto-mode call to its end (the default conversation is far shorter than a minute). */
const runToEnd = (api: Api) => api.advance(60)

/** Waits for the deliveries a control request started without waiting (advancing settles them). */
const settle = (api: Api) => api.advance(0.001)

/** The event's payload of a given kind (and status). */
const bodyOf = (received: Received[], event: string) =>
  received.map((r) => r.body).find((b) => (b.status ? `${b.eventType}:${b.status}` : b.eventType) === event) as Record<
    string,
    any
  >

/** The recording of a call fetched like a client would: its path and query, no Authorization. */
function fetchRecording(app: Awaited<ReturnType<typeof testApp>>, recordingUrl: string, token?: string) {
  const url = new URL(recordingUrl)
  if (token !== undefined) url.searchParams.set('token', token)
  return app.inject({ method: 'GET', url: url.pathname + url.search })
}

/** The fields of a RIFF/WAVE PCM header. */
function wavHeader(buffer: Buffer) {
  return {
    riff: buffer.toString('ascii', 0, 4),
    riffSize: buffer.readUInt32LE(4),
    wave: buffer.toString('ascii', 8, 12),
    fmt: buffer.toString('ascii', 12, 16),
    format: buffer.readUInt16LE(20),
    channels: buffer.readUInt16LE(22),
    sampleRate: buffer.readUInt32LE(24),
    byteRate: buffer.readUInt32LE(28),
    blockAlign: buffer.readUInt16LE(32),
    bitsPerSample: buffer.readUInt16LE(34),
    data: buffer.toString('ascii', 36, 40),
    dataLength: buffer.readUInt32LE(40),
  }
}

// --- the default auto call -------------------------------------------------------------------------

t.test('an outbound call runs to its end: payloads, call, credits, contact', async (t) => {
  const { api, receiver } = await setup(t)
  const c = await outbound(t, api)
  t.same(receiver.events(), [], 'nothing is sent while the call is queued')

  await api.advance(1)
  const answered = await getCall(api, c.id)
  t.equal(answered.status, 'in-progress')
  t.equal(answered.started_at, at(1), 'answered after ring_seconds (1 s)')
  t.equal(answered.transcript, `AI: ${FIRST_MESSAGE}`, 'the assistant speaks its first message')
  t.same(receiver.events(), ['status-update:in-progress'])
  const inProgress = receiver.received[0]!.body
  t.same(inProgress, {
    eventTimestamp: T0 + 1000,
    eventType: 'status-update',
    callSession: c.id,
    fromCaller: JAN_PHONE,
    toAssistant: SHARED_NUMBER,
    status: 'in-progress',
  })
  t.same(Object.keys(inProgress), STATUS_UPDATE_KEYS, 'status-update keys in the documented order')

  await runToEnd(api)
  t.same(receiver.events(), ['status-update:in-progress', 'status-update:ended', 'end-of-call-report'])
  const ended = await getCall(api, c.id)
  t.equal(ended.status, 'ended')
  t.equal(ended.ended_reason, 'customer-ended-call')
  t.equal(ended.debugging_artifact, null)
  t.ok(ended.ended_at, 'ended_at is set')
  t.equal(ended.duration_seconds, (ms(ended.ended_at) - ms(ended.started_at)) / 1000, 'duration = started → ended')
  t.ok(ended.duration_seconds > 0)
  t.equal(ended.credits_used, Math.ceil(ended.duration_seconds / 60), 'one credit per started minute')
  t.equal(await credits(api), 100 - ended.credits_used, 'credits went down by that')
  t.type(ended.summary, 'string')
  t.ok(ended.summary.length > 0, 'a summary')
  t.match(
    ended.recording_url,
    new RegExp(`^http://[^/]+/_mock/recordings/${c.id}\\.wav\\?token=.+$`),
    'a signed recording URL',
  )
  t.match(ended.analysis, { summary: ended.summary, structured_data: Object })
  t.ok(['true', 'false'].includes(ended.analysis.success_evaluation))

  const lines = ended.transcript.split('\n')
  t.equal(lines[0], `AI: ${FIRST_MESSAGE}`, 'the first message first')
  t.match(lines[1], /^Gebruiker: /, 'then the caller')
  t.equal(lines.at(-1), `AI: ${END_CALL_MESSAGE}`, 'the assistant’s end-call message last')
  for (const line of lines) t.match(line, /^(AI|Gebruiker): \S/, `a transcript line: ${line}`)
  t.same(
    ended.messages.map(
      (m: { role: string; content: string }) => `${m.role === 'assistant' ? 'AI' : 'Gebruiker'}: ${m.content}`,
    ),
    lines,
    'messages are the structured transcript',
  )

  const endedUpdate = bodyOf(receiver.received, 'status-update:ended')
  t.same(endedUpdate, {
    eventTimestamp: ms(ended.ended_at),
    eventType: 'status-update',
    callSession: c.id,
    fromCaller: JAN_PHONE,
    toAssistant: SHARED_NUMBER,
    status: 'ended',
  })
  t.same(Object.keys(endedUpdate), STATUS_UPDATE_KEYS)

  const report = bodyOf(receiver.received, 'end-of-call-report')
  t.same(report, {
    eventTimestamp: ms(ended.ended_at),
    eventType: 'end-of-call-report',
    callId: c.id,
    fromCaller: JAN_PHONE,
    toAssistant: SHARED_NUMBER,
    transcriptText: ended.transcript,
    summaryText: ended.summary,
    recordings: { linkStereo: ended.recording_url },
    callLengthSeconds: ended.duration_seconds,
    analysis: {
      summary: ended.summary,
      structuredData: ended.analysis.structured_data,
      successEvaluation: ended.analysis.success_evaluation,
    },
    endedReason: 'customer-ended-call',
    userMetadata: null,
  })
  t.same(Object.keys(report), REPORT_KEYS, 'end-of-call-report keys in the documented order')
  t.same(Object.keys(report.recordings), ['linkStereo'])
  t.same(Object.keys(report.analysis), ['summary', 'structuredData', 'successEvaluation'])

  const jan = (await api.get(`/v1/contacts/${JAN}`)).json()
  t.equal(jan.last_interaction_at, ended.ended_at, 'the contact’s last interaction is the call’s end')
  t.equal(jan.last_interaction_summary, ended.summary, 'with the call’s summary')
  t.equal(jan.last_modified, ended.ended_at, 'and last_modified bumps')
})

t.test('webhook headers: content type, user agent, event, delivery id, no signature without a secret', async (t) => {
  const { api, receiver } = await setup(t)
  await outbound(t, api)
  await runToEnd(api)
  t.equal(receiver.received.length, 3)
  const deliveries = new Set<string>()
  for (const { headers, body, path } of receiver.received) {
    t.equal(path, '/hook')
    t.match(headers['content-type'], /^application\/json/, 'content-type application/json')
    t.equal(headers['user-agent'], `flireo-mock/${VERSION}`)
    t.equal(headers['x-flireo-event'], body.eventType, 'x-flireo-event names the event')
    t.match(headers['x-flireo-delivery'], UUID, 'x-flireo-delivery is a uuid')
    deliveries.add(String(headers['x-flireo-delivery']))
    t.notOk('x-flireo-signature' in headers, 'no signature')
    t.notOk('x-flireo-timestamp' in headers, 'no signature timestamp')
  }
  t.equal(deliveries.size, 3, 'a delivery id per delivery')
})

t.test('userMetadata carries the call’s metadata', async (t) => {
  const { api, receiver } = await setup(t)
  await outbound(t, api, { metadata: { order_id: 'A-42' } })
  await runToEnd(api)
  t.same(bodyOf(receiver.received, 'end-of-call-report').userMetadata, { order_id: 'A-42' })
})

t.test('an assistant’s server_url gets its status-updates and reports, next to the global URLs', async (t) => {
  const { api, receiver } = await setup(t)
  const patched = await api.patch(`/v1/assistants/${KLANTENSERVICE}`, { server_url: receiver.url('/own') })
  t.equal(patched.statusCode, 200)
  await outbound(t, api)
  await runToEnd(api)
  const expected = ['status-update:in-progress', 'status-update:ended', 'end-of-call-report']
  t.same(receiver.events('/own'), expected, 'the server_url')
  t.same(receiver.events('/hook'), expected, 'the global URL')
})

t.test('the same call twice gives the same transcript, summary and report (determinism)', async (t) => {
  const run = async () => {
    const { api, receiver } = await setup(t)
    const c = await outbound(t, api, { metadata: { run: 1 } })
    await runToEnd(api)
    const ended = await getCall(api, c.id)
    const { callId: _id, recordings: _rec, ...report } = bodyOf(receiver.received, 'end-of-call-report')
    return { ended, report, events: receiver.events() }
  }
  const one = await run()
  const two = await run()
  t.not(one.ended.id, two.ended.id, 'two different calls')
  t.equal(two.ended.transcript, one.ended.transcript, 'same transcript')
  t.equal(two.ended.summary, one.ended.summary, 'same summary')
  t.same(two.ended.analysis, one.ended.analysis, 'same analysis')
  t.equal(two.ended.duration_seconds, one.ended.duration_seconds, 'same duration')
  t.same(
    two.ended.messages.map((m: { role: string; content: string; at: string }) => [m.role, m.content, m.at]),
    one.ended.messages.map((m: { role: string; content: string; at: string }) => [m.role, m.content, m.at]),
    'same messages at the same times',
  )
  t.same(two.report, one.report, 'the same end-of-call-report, ids aside')
  t.same(two.events, one.events)
})

// --- the recording ---------------------------------------------------------------------------------

t.test('the recording: a WAV file as long as the call, authorized by its token', async (t) => {
  const { app, api } = await setup(t)
  const c = await outbound(t, api)
  await runToEnd(api)
  const ended = await getCall(api, c.id)

  const res = await fetchRecording(app, ended.recording_url)
  t.equal(res.statusCode, 200, 'served without an Authorization header')
  t.match(res.headers['content-type'], /^audio\/wav/)
  const wav = res.rawPayload
  const header = wavHeader(wav)
  t.match(header, {
    riff: 'RIFF',
    wave: 'WAVE',
    fmt: 'fmt ',
    format: 1,
    channels: 1,
    sampleRate: 8000,
    byteRate: 16000,
    blockAlign: 2,
    bitsPerSample: 16,
    data: 'data',
  })
  t.equal(header.riffSize, wav.length - 8, 'the RIFF size is the file size minus 8')
  t.equal(header.dataLength, wav.length - 44, 'the data chunk is the rest of the file')
  const seconds = header.dataLength / 16000
  t.ok(
    Math.abs(seconds - Math.min(ended.duration_seconds, 10)) < 0.01,
    `${seconds} s of audio for a ${ended.duration_seconds} s call`,
  )

  t.equal((await fetchRecording(app, ended.recording_url, 'f'.repeat(32))).statusCode, 404, 'a wrong token is 404')
  t.equal((await fetchRecording(app, ended.recording_url, '')).statusCode, 404, 'an empty token is 404')
  for (const length of [129, 5000]) {
    const res = await fetchRecording(app, ended.recording_url, 'f'.repeat(length))
    t.equal(res.statusCode, 404, `a ${length}-character token is 404 like any other wrong token`)
  }
  const url = new URL(ended.recording_url)
  t.equal((await app.inject({ method: 'GET', url: url.pathname })).statusCode, 404, 'no token is 404')
  t.equal(
    (await app.inject({ method: 'GET', url: `/_mock/recordings/${UNKNOWN_ID}.wav${url.search}` })).statusCode,
    404,
    'another call’s token is 404',
  )
})

t.test('the recording is capped at 10 s', async (t) => {
  const { app, api } = await setup(t, { config: { call_mode: 'manual' } })
  const c = await outbound(t, api)
  await api.advance(31)
  t.equal((await api.post(`/_mock/calls/${c.id}/end`, {})).statusCode, 200)
  const ended = await getCall(api, c.id)
  t.equal(ended.duration_seconds, 30)
  const res = await fetchRecording(app, ended.recording_url)
  t.equal(res.statusCode, 200)
  t.equal(wavHeader(res.rawPayload).dataLength, 10 * 8000 * 2, '10 s of 8 kHz 16-bit mono')
})

// --- callee outcomes, max duration -----------------------------------------------------------------

for (const outcome of ['no-answer', 'busy']) {
  t.test(`callee_outcome ${outcome}: never in progress, ended with that reason`, async (t) => {
    const { api, receiver } = await setup(t, { config: { callee_outcome: outcome } })
    const c = await outbound(t, api)
    await runToEnd(api)
    const ended = await getCall(api, c.id)
    t.match(ended, {
      status: 'ended',
      ended_reason: outcome,
      started_at: null,
      duration_seconds: 0,
      transcript: '',
      messages: [],
      credits_used: 0,
    })
    t.ok(ended.ended_at, 'ended_at is set')
    t.same(receiver.events(), ['status-update:ended', 'end-of-call-report'], 'never in-progress')
    const report = bodyOf(receiver.received, 'end-of-call-report')
    t.equal(report.transcriptText, '')
    t.equal(report.summaryText, '')
    t.equal(report.callLengthSeconds, 0)
    t.equal(report.endedReason, outcome)
    t.same(Object.keys(report), REPORT_KEYS)
    t.equal(await credits(api), 100, 'credits unchanged')
  })
}

t.test('max_duration_seconds ends the call with max-duration-reached', async (t) => {
  const { api, receiver } = await setup(t, { config: { call_mode: 'manual' } })
  const created = await api.post('/v1/assistants', { name: 'Kort', first_message: 'Hallo.', max_duration_seconds: 10 })
  t.equal(created.statusCode, 201)
  const assistant = created.json().data
  t.equal(
    (await api.post(`/v1/assistants/${assistant.id}/phone-number`, { phone_number_id: SHARED_ID })).statusCode,
    200,
  )
  const c = await outbound(t, api, { assistant_id: assistant.id })

  await api.advance(1)
  t.equal((await getCall(api, c.id)).started_at, at(1))
  await api.advance(9.9)
  t.equal((await getCall(api, c.id)).status, 'in-progress', 'still running just before the limit')
  await api.advance(0.1)
  const ended = await getCall(api, c.id)
  t.match(ended, { status: 'ended', ended_reason: 'max-duration-reached', ended_at: at(11), duration_seconds: 10 })
  t.same(receiver.events(), ['status-update:in-progress', 'status-update:ended', 'end-of-call-report'])
  t.equal(bodyOf(receiver.received, 'end-of-call-report').endedReason, 'max-duration-reached')
})

// --- manual mode -----------------------------------------------------------------------------------

t.test('manual mode: the call waits to be driven through /_mock/calls/{id}', async (t) => {
  const { api, receiver } = await setup(t, { config: { call_mode: 'manual' } })
  const c = await outbound(t, api)
  await api.advance(1)
  t.equal((await getCall(api, c.id)).transcript, `AI: ${FIRST_MESSAGE}`, 'only the first message')
  await api.advance(60)
  const idle = await getCall(api, c.id)
  t.equal(idle.status, 'in-progress')
  t.equal(idle.transcript, `AI: ${FIRST_MESSAGE}`, 'a minute later nothing was added')

  const user = await api.post(`/_mock/calls/${c.id}/say`, { role: 'user', text: 'Ik bel over mijn bestelling.' })
  t.equal(user.statusCode, 200)
  t.equal(
    user.json().data.transcript,
    `AI: ${FIRST_MESSAGE}\nGebruiker: Ik bel over mijn bestelling.`,
    'a caller line, now',
  )
  t.same(user.json().data.messages.at(-1), { role: 'user', content: 'Ik bel over mijn bestelling.', at: at(61) })
  const ai = await api.post(`/_mock/calls/${c.id}/say`, { role: 'assistant', text: 'Welk bestelnummer heeft u?' })
  t.equal(ai.statusCode, 200)
  t.equal(ai.json().data.transcript.split('\n').at(-1), 'AI: Welk bestelnummer heeft u?', 'an assistant line')
  await api.advance(30)
  t.equal((await getCall(api, c.id)).transcript.split('\n').length, 3, 'still nothing added by the clock')

  const end = await api.post(`/_mock/calls/${c.id}/end`, {})
  t.equal(end.statusCode, 200)
  t.match(end.json().data, {
    id: c.id,
    status: 'ended',
    ended_reason: 'customer-ended-call',
    ended_at: at(91),
    duration_seconds: 90,
  })
  await settle(api)
  t.same(receiver.events(), ['status-update:in-progress', 'status-update:ended', 'end-of-call-report'])
  t.equal(bodyOf(receiver.received, 'end-of-call-report').transcriptText, end.json().data.transcript)
  t.equal(end.json().data.credits_used, 2, '90 s is two started minutes')

  assertError(
    t,
    await api.post(`/_mock/calls/${c.id}/say`, { role: 'user', text: 'Hallo?' }),
    400,
    'invalid_status',
    'say on an ended call',
  )
  assertError(t, await api.post(`/_mock/calls/${c.id}/end`, {}), 400, 'invalid_status', 'end on an ended call')
  assertError(
    t,
    await api.post(`/_mock/calls/${UNKNOWN_ID}/say`, { role: 'user', text: 'x' }),
    404,
    'not_found',
    'say, unknown call',
  )
  assertError(t, await api.post(`/_mock/calls/${UNKNOWN_ID}/end`, {}), 404, 'not_found', 'end, unknown call')
  t.same(receiver.events().length, 3, 'nothing more was sent')
})

t.test('manual mode: say needs a call in progress and a valid line', async (t) => {
  const { api } = await setup(t, { config: { call_mode: 'manual' } })
  const c = await outbound(t, api)
  assertError(
    t,
    await api.post(`/_mock/calls/${c.id}/say`, { role: 'user', text: 'Hallo?' }),
    400,
    'invalid_status',
    'say on a queued call',
  )
  await api.advance(1)
  assertError(
    t,
    await api.post(`/_mock/calls/${c.id}/say`, { role: 'system', text: 'x' }),
    400,
    'invalid_parameters',
    'role system',
  )
  assertError(
    t,
    await api.post(`/_mock/calls/${c.id}/say`, { role: 'user', text: '' }),
    400,
    'invalid_parameters',
    'empty text',
  )
  assertError(
    t,
    await api.post(`/_mock/calls/${c.id}/end`, { mood: 'bad' }),
    400,
    'invalid_parameters',
    'end with an unknown field',
  )
  t.equal((await getCall(api, c.id)).status, 'in-progress', 'nothing changed')
})

t.test('manual mode: ending with a debugging artifact', async (t) => {
  const { api, receiver } = await setup(t, { config: { call_mode: 'manual' } })
  const c = await outbound(t, api)
  await api.advance(1)
  const end = await api.post(`/_mock/calls/${c.id}/end`, { debugging_artifact: 'x' })
  t.equal(end.statusCode, 200)
  t.match(end.json().data, { status: 'ended-with-debugging', debugging_artifact: 'x' })
  await settle(api)
  t.same(receiver.events(), ['status-update:in-progress', 'status-update:ended-with-debugging', 'end-of-call-report'])
  const update = bodyOf(receiver.received, 'status-update:ended-with-debugging')
  t.same(update, {
    eventTimestamp: T0 + 1000,
    eventType: 'status-update',
    callSession: c.id,
    fromCaller: JAN_PHONE,
    toAssistant: SHARED_NUMBER,
    status: 'ended-with-debugging',
    'debugging-artifact': 'x',
  })
  t.same(Object.keys(update), [...STATUS_UPDATE_KEYS, 'debugging-artifact'])
  t.equal(
    bodyOf(receiver.received, 'status-update:in-progress')['debugging-artifact'],
    undefined,
    'only with ended-with-debugging',
  )
})

t.test('manual mode: ending with a reason', async (t) => {
  const { api } = await setup(t, { config: { call_mode: 'manual' } })
  const c = await outbound(t, api)
  await api.advance(1)
  const end = await api.post(`/_mock/calls/${c.id}/end`, { reason: 'assistant-ended-call' })
  t.match(end.json().data, { status: 'ended', ended_reason: 'assistant-ended-call' })
})

// --- timing settings -------------------------------------------------------------------------------

/** The seconds between the times of the spoken messages, and from the last one to the end. */
const gaps = (call: Call) => {
  const times = [...call.messages.map((m: { at: string }) => ms(m.at)), ms(call.ended_at)]
  return times.slice(1).map((time, i) => (time - times[i]!) / 1000)
}

t.test('ring_seconds and turn_seconds set the pace of a call', async (t) => {
  const defaults = await setup(t)
  const d = await outbound(t, defaults.api)
  await runToEnd(defaults.api)
  const normal = await getCall(defaults.api, d.id)
  t.equal(normal.started_at, at(1), 'default ring: 1 s')
  t.ok(
    gaps(normal).every((gap) => gap === 2),
    'default turns: 2 s apart',
  )

  const { api } = await setup(t, { config: { ring_seconds: 5, turn_seconds: 3 } })
  const c = await outbound(t, api)
  await api.advance(4.9)
  t.equal((await getCall(api, c.id)).status, 'queued', 'still ringing after 4.9 s')
  await api.advance(0.1)
  t.equal((await getCall(api, c.id)).started_at, at(5), 'answered after 5 s')
  await api.advance(2.9)
  t.equal((await getCall(api, c.id)).messages.length, 1, 'no turn before 3 s')
  await api.advance(0.1)
  t.equal((await getCall(api, c.id)).messages.length, 2, 'the next turn after 3 s')
  await runToEnd(api)
  const slow = await getCall(api, c.id)
  t.equal(slow.status, 'ended')
  t.same(
    gaps(slow),
    gaps(normal).map(() => 3),
    'the same conversation, 3 s apart',
  )
  t.equal(slow.transcript, normal.transcript, 'the same transcript')
})

// --- inbound calls ---------------------------------------------------------------------------------

t.test('POST /_mock/inbound-calls: a customer calls the workspace’s number', async (t) => {
  const { api, receiver } = await setup(t)
  const res = await api.post('/_mock/inbound-calls', { from: JAN_PHONE, to: SHARED_NUMBER })
  t.equal(res.statusCode, 201)
  const c = res.json().data
  t.match(c, {
    assistant_id: KLANTENSERVICE,
    direction: 'inbound',
    from_number: JAN_PHONE,
    to_number: SHARED_NUMBER,
    status: 'ringing',
    contact_id: JAN,
    started_at: null,
    created_at: at(0),
    transcript: '',
  })
  t.match(c.id, UUID)
  t.same(
    (await api.get('/v1/calls?direction=inbound')).json().data.map((x: Call) => x.id),
    [c.id],
    'listed as inbound',
  )

  await api.advance(1)
  t.same(bodyOf(receiver.received, 'status-update:in-progress'), {
    eventTimestamp: T0 + 1000,
    eventType: 'status-update',
    callSession: c.id,
    fromCaller: JAN_PHONE,
    toAssistant: SHARED_NUMBER,
    status: 'in-progress',
  })
  await runToEnd(api)
  const ended = await getCall(api, c.id)
  t.equal(ended.status, 'ended')
  t.equal(ended.transcript.split('\n')[0], `AI: ${FIRST_MESSAGE}`)
  t.match(bodyOf(receiver.received, 'end-of-call-report'), {
    callId: c.id,
    fromCaller: JAN_PHONE,
    toAssistant: SHARED_NUMBER,
  })
})

t.test('POST /_mock/inbound-calls: errors', async (t) => {
  const { api } = await setup(t)
  assertError(
    t,
    await api.post('/_mock/inbound-calls', { from: JAN_PHONE, to: '+31859999999' }),
    404,
    'not_found',
    'a number not in the workspace',
  )
  assertError(
    t,
    await api.post('/_mock/inbound-calls', { from: 'jan', to: SHARED_NUMBER }),
    400,
    'invalid_parameters',
    'from not E.164',
  )
  assertError(t, await api.post('/_mock/inbound-calls', { from: JAN_PHONE }), 400, 'invalid_parameters', 'no to')

  t.equal(
    (await api.delete(`/v1/assistants/${KLANTENSERVICE}/phone-number`)).statusCode,
    200,
    'unlinked the shared number',
  )
  assertError(
    t,
    await api.post('/_mock/inbound-calls', { from: JAN_PHONE, to: SHARED_NUMBER }),
    400,
    'no_phone_number',
    'a number without an assistant',
  )
  t.same((await api.get('/v1/calls')).json().meta.total, 0, 'no call was created')
})

// --- many calls at once ----------------------------------------------------------------------------

t.test('50 concurrent calls each deliver exactly their three events, in order', async (t) => {
  const { api, receiver } = await setup(t)
  const calls: Call[] = []
  for (let i = 0; i < 50; i++) {
    calls.push(await outbound(t, api, { phone_number: `+316200000${String(i).padStart(2, '0')}` }))
  }
  await runToEnd(api)

  const byCall = new Map<string, string[]>()
  for (const { body } of receiver.received) {
    const id = String(body.callSession ?? body.callId)
    const event = body.status ? `${body.eventType}:${body.status}` : String(body.eventType)
    byCall.set(id, [...(byCall.get(id) ?? []), event])
  }
  t.equal(receiver.received.length, 150, '150 deliveries')
  t.same([...byCall.keys()].sort(), calls.map((c) => c.id).sort(), 'every call, and only those')
  for (const c of calls) {
    t.same(
      byCall.get(c.id),
      ['status-update:in-progress', 'status-update:ended', 'end-of-call-report'],
      `call to ${c.to_number}`,
    )
  }
  const deliveryIds = new Set(receiver.received.map((r) => r.headers['x-flireo-delivery']))
  t.equal(deliveryIds.size, 150, 'no delivery sent twice')
  const statuses = (await api.get('/v1/calls?limit=100')).json().data.map((c: Call) => c.status)
  t.same(
    statuses,
    calls.map(() => 'ended'),
    'every call ended',
  )
  t.equal(await credits(api), 50, 'one credit each')
})

// --- a receiver that never answers -----------------------------------------------------------------

t.test('the API stays responsive while a receiver hangs', async (t) => {
  const { api, receiver } = await setup(t, { responder: () => 'hang', app: { webhookTimeoutMs: 200 } })
  const c = await outbound(t, api)

  let advanced = false
  const advancing = api.advance(1).then((res) => {
    advanced = true
    return res
  })
  // Wait (in real time) until the status-update is in flight at the receiver.
  for (let i = 0; i < 200 && receiver.received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5))
  t.equal(receiver.received.length, 1, 'the status-update reached the receiver, which does not answer')

  const started = performance.now()
  const list = await api.get('/v1/calls')
  const elapsed = performance.now() - started
  t.equal(list.statusCode, 200)
  t.notOk(advanced, 'the delivery was still in flight')
  t.ok(elapsed < 1000, `GET /v1/calls answered in ${Math.round(elapsed)} ms`)
  t.equal(list.json().data[0].status, 'in-progress', 'and shows the call answered')
  t.equal((await api.get(`/v1/calls/${c.id}`)).statusCode, 200, 'the detail answers too')

  const res = await advancing
  t.equal(res.statusCode, 200, 'the advance finishes once the delivery timed out')
  const log = (await api.get(`/_mock/webhook-deliveries?call_id=${c.id}`)).json().data
  t.equal(log.length, 1)
  t.match(log[0], { event: 'status-update', ok: false, response: null, error: /timed out after 200 ms/ })
})
