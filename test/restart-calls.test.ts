// A restart in the middle of a call on a file database (mock-control.md § Configuration: a file
// keeps state across restarts; webhooks.md § Delivery: deliveries are rows, so what was queued
// still goes out). The call's timers and webhook deliveries live in the database: the new app
// takes the call to its end, exactly once.
import t, { type Test } from 'tap'
import { join } from 'node:path'
import { type Api, client, testApp, type TestApp } from './helpers.js'
import { startReceiver, type Received } from './receiver.js'
import { AFSPRAKENPLANNER, JAN_PHONE, KLANTENSERVICE } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

/** The customer: Jan of the seed. */
const CALLER = JAN_PHONE

/** The Dutch default script of Klantenservice, line by line. */
const KLANTENSERVICE_TRANSCRIPT = [
  'AI: Goedendag, u spreekt met de klantenservice van Voorbeeld BV. Waarmee kan ik u helpen?',
  'Gebruiker: Hallo, ik heb een vraag over mijn afspraak.',
  'AI: Daar help ik u graag mee. Ik heb het voor u genoteerd.',
  'Gebruiker: Dank u wel, dat was alles.',
  'AI: Bedankt voor uw telefoontje. Fijne dag nog!',
].join('\n')

/** A database file in the test's own directory. */
const dbFile = (t: Test) => join(t.testdir({}), 'mock.sqlite')

async function outbound(t: Test, api: Api, assistantId: string): Promise<string> {
  const res = await api.post('/v1/calls/outbound', { assistant_id: assistantId, phone_number: CALLER })
  t.equal(res.statusCode, 201, 'call started')
  return res.json().data.id
}

const getCall = async (api: Api, id: string) => (await api.get(`/v1/calls/${id}`)).json().data

/** Gives the seeded external assistant a fresh number and `serverUrl` as its server URL. */
async function externalAssistantWithNumber(t: Test, api: Api, serverUrl: string) {
  const phone = (await api.get('/v1/phone-numbers/available')).json().data[0].phone_number as string
  t.equal((await api.post('/v1/phone-numbers', { phone_number: phone })).statusCode, 201)
  await api.advance(2)
  const number = (await api.get('/v1/phone-numbers?limit=100'))
    .json()
    .data.find((n: { phone_number: string }) => n.phone_number === phone)
  t.equal(
    (await api.post(`/v1/assistants/${AFSPRAKENPLANNER}/phone-number`, { phone_number_id: number.id })).statusCode,
    200,
  )
  t.equal((await api.patch(`/v1/assistants/${AFSPRAKENPLANNER}`, { server_url: serverUrl })).statusCode, 200)
}

/** `event` or `event:status` of each request, in arrival order. */
const eventsOf = (received: Received[], callId: string) =>
  received
    .filter((r) => (r.body.callId ?? r.body.callSession) === callId)
    .map((r) => (r.body.status ? `${r.body.eventType}:${r.body.status}` : String(r.body.eventType)))

/** Closes an app that testApp will close again at teardown (a second close must be harmless). */
const closeApp = (app: TestApp) => app.close()

// --- tests -----------------------------------------------------------------------------------------

t.test('a call in progress when the app closes ends exactly once after the restart', async (t) => {
  const receiver = await startReceiver(t)
  const db = dbFile(t)

  const first = await testApp(t, { db, webhookUrls: [receiver.url()] })
  const before = client(first)
  const id = await outbound(t, before, KLANTENSERVICE)
  t.equal((await before.advance(1)).statusCode, 200)
  t.equal((await getCall(before, id)).status, 'in-progress', 'in progress before the restart')
  t.same(eventsOf(receiver.received, id), ['status-update:in-progress'])
  await closeApp(first)

  const second = await testApp(t, { db, webhookUrls: [receiver.url()] })
  const api = client(second)
  const resumed = await getCall(api, id)
  t.equal(resumed.status, 'in-progress', 'still in progress after the restart')
  t.equal(resumed.started_at, '2026-01-15T10:30:01Z')
  t.equal((await api.advance(60)).statusCode, 200)

  const call = await getCall(api, id)
  t.equal(call.status, 'ended')
  t.equal(call.ended_reason, 'customer-ended-call')
  t.equal(call.transcript, KLANTENSERVICE_TRANSCRIPT, 'the transcript is complete, no line lost or doubled')
  t.equal(call.ended_at, '2026-01-15T10:30:11Z', 'on schedule: answered at 1 s, four turns of 2 s, the end')
  t.equal(call.duration_seconds, 10)
  t.same(
    eventsOf(receiver.received, id),
    ['status-update:in-progress', 'status-update:ended', 'end-of-call-report'],
    'each event once',
  )
  const report = receiver.received.find((r) => r.body.eventType === 'end-of-call-report')!
  t.equal(report.body.transcriptText, KLANTENSERVICE_TRANSCRIPT)

  // Nothing left to fire, and nothing fires twice later.
  t.equal((await api.get('/_mock/clock')).json().data.pending_timers, 0)
  t.equal((await api.advance(3600)).statusCode, 200)
  t.equal(receiver.received.length, 3, 'no event after the end')
  t.equal((await getCall(api, id)).transcript, KLANTENSERVICE_TRANSCRIPT)
  const log = (await api.get(`/_mock/webhook-deliveries?call_id=${id}`)).json()
  t.equal(log.meta.total, 3, 'three attempts in the log, across both runs')
  t.ok(log.data.every((e: { ok: boolean; attempt: number }) => e.ok && e.attempt === 1))
  const credits = (await api.get('/_mock/config')).json().data.credits
  t.equal(call.credits_used, 1, 'charged once')

  // A third start on the same file changes nothing either.
  await closeApp(second)
  const third = await testApp(t, { db, webhookUrls: [receiver.url()] })
  const after = client(third)
  t.equal((await after.advance(60)).statusCode, 200)
  t.equal(receiver.received.length, 3, 'no event after another restart')
  t.equal((await after.get('/_mock/config')).json().data.credits, credits, 'not charged again')
})

t.test('a webhook in flight when the app closes is sent again after the restart', async (t) => {
  // The tool server hangs on its first tool call (until the app closes), then answers.
  let toolCalls = 0
  let hanging: () => void
  const hung = new Promise<void>((resolve) => (hanging = resolve))
  const receiver = await startReceiver(t, (r) => {
    if (r.body.eventType !== 'tool-calls') return { json: {} }
    if (toolCalls++ === 0) {
      hanging()
      return 'hang'
    }
    return {
      json: {
        results: (r.body.tasksInitiated as { taskId: string }[]).map((task) => ({
          toolCallId: task.taskId,
          result: 'Vrij om 9:30',
        })),
      },
    }
  })
  const db = dbFile(t)

  const first = await testApp(t, { db })
  const before = client(first)
  await externalAssistantWithNumber(t, before, receiver.url())
  const id = await outbound(t, before, AFSPRAKENPLANNER)
  // The advance waits for the tool server; close the app while it does.
  const advancing = before.advance(30).catch((error: Error) => error)
  await hung
  await closeApp(first)
  await advancing
  t.same(eventsOf(receiver.received, id), ['status-update:in-progress', 'tool-calls'], 'the tool call was in flight')
  const lost = receiver.received.at(-1)!

  const second = await testApp(t, { db })
  const api = client(second)
  t.equal((await api.advance(60)).statusCode, 200)

  const toolEvents = receiver.received.filter((r) => r.body.eventType === 'tool-calls')
  t.equal(toolEvents[1]?.raw, lost.raw, 'the same body is sent again after the restart')
  t.equal(toolEvents[1]?.headers['x-flireo-delivery'], lost.headers['x-flireo-delivery'], 'as the same delivery')
  t.same(
    eventsOf(receiver.received, id),
    [
      'status-update:in-progress',
      'tool-calls',
      'tool-calls',
      'tool-calls',
      'status-update:ended',
      'end-of-call-report',
    ],
    'the first tool call twice (in flight, then again), the rest once',
  )

  const call = await getCall(api, id)
  t.equal(call.status, 'ended')
  t.equal(call.ended_reason, 'customer-ended-call')
  const lines = call.transcript.split('\n') as string[]
  t.equal(lines.filter((l) => l === 'AI: Vrij om 9:30').length, 2, "the server's answers are spoken, once per tool")
  t.notOk(lines.includes('AI: Tool call failed'), 'the interrupted tool call did not fail the call')
  t.equal(lines.at(-1), 'AI: Bedankt voor uw telefoontje. Fijne dag nog!')

  const log = (await api.get(`/_mock/webhook-deliveries?call_id=${id}&event=tool-calls`)).json().data as {
    delivery_id: string
    attempt: number
    ok: boolean
    error: string | null
  }[]
  const resent = log.filter((e) => e.delivery_id === lost.headers['x-flireo-delivery'])
  t.ok(
    resent.some((e) => e.ok),
    'the log shows the resent delivery, delivered',
  )
  // webhooks.md: "Every attempt is recorded in the delivery log", also the one the shutdown cut short.
  t.equal(resent.length, 2, 'the interrupted attempt is in the log too')
  t.match(
    resent.find((e) => !e.ok),
    { attempt: 1, error: /aborted/ },
    'logged as aborted',
  )

  t.equal((await api.advance(3600)).statusCode, 200)
  t.equal(
    receiver.received.filter((r) => (r.body.callId ?? r.body.callSession) === id).length,
    6,
    'nothing more afterwards',
  )
})
