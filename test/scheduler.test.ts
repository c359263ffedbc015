// Scheduled calls firing on the mock clock (endpoints.md § 5, webhooks.md § The call lifecycle):
// the whole journey with webhooks, the failures a firing records, a thousand calls fired by one
// clock jump, rescheduling and cancelling before the time, and restarts of a file-backed mock.
import t, { type Test } from 'tap'
import { join } from 'node:path'
import { type Api, at, client, setup, type TestApp, testApp } from './helpers.js'
import { startReceiver } from './receiver.js'
import { JAN, JAN_PHONE, KLANTENSERVICE, SHARED_NUMBER, UUID } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

type Scheduled = Record<string, any>

/** Schedules a call (Klantenservice → Jan unless overridden), checks the 201, returns it. */
async function schedule(t: Test, api: Api, seconds: number, body: Record<string, unknown> = {}): Promise<Scheduled> {
  const res = await api.post('/v1/scheduled-calls', {
    assistant_id: KLANTENSERVICE,
    phone_number: JAN_PHONE,
    scheduled_at: at(seconds),
    ...body,
  })
  t.equal(res.statusCode, 201, `scheduled for T0+${seconds}s`)
  return res.json().data
}

const getScheduled = async (api: Api, id: string): Promise<Scheduled> =>
  (await api.get(`/v1/scheduled-calls/${id}`)).json().data

const getCall = async (api: Api, id: string) => (await api.get(`/v1/calls/${id}`)).json().data

/** Every call of the workspace, newest first, through all pages. */
async function allCalls(api: Api) {
  const calls: Array<Record<string, any>> = []
  for (let offset = 0; ; offset += 100) {
    const page = (await api.get(`/v1/calls?limit=100&offset=${offset}`)).json()
    calls.push(...page.data)
    if (calls.length >= page.meta.total || page.data.length === 0) return calls
  }
}

/** Every scheduled call of the workspace, soonest first, through all pages. */
async function allScheduled(api: Api) {
  const scheduled: Scheduled[] = []
  for (let offset = 0; ; offset += 100) {
    const page = (await api.get(`/v1/scheduled-calls?limit=100&offset=${offset}`)).json()
    scheduled.push(...page.data)
    if (scheduled.length >= page.meta.total || page.data.length === 0) return scheduled
  }
}

const callsTotal = async (api: Api): Promise<number> => (await api.get('/v1/calls')).json().meta.total

/** A deterministic shuffle (Fisher–Yates over a small LCG), so a failing run repeats. */
function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items]
  let state = seed
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** A database file in the test's own directory. */
const dbFile = (t: Test) => join(t.testdir({}), 'mock.sqlite')

/** Closes an app that testApp will close again at teardown (a second close is harmless). */
const closeApp = (app: TestApp) => app.close()

// --- the journey -----------------------------------------------------------------------------------

t.test('a scheduled call fires at its time, runs as an outbound call with webhooks, and completes', async (t) => {
  const receiver = await startReceiver(t)
  const { api } = await setup(t, { webhook_urls: [receiver.url()] })
  const sc = await schedule(t, api, 3600, { contact_id: JAN, metadata: { campaign: 'winter' } })

  await api.advance(3599)
  t.strictSame(await getScheduled(api, sc.id), sc, 'one second before: still scheduled, unchanged')
  t.equal(await callsTotal(api), 0, 'no call yet')
  t.strictSame(receiver.events(), [], 'no webhooks yet')

  await api.advance(2)
  const fired = await getScheduled(api, sc.id)
  t.match(fired.call_id, UUID, 'it has a call_id')
  t.strictSame(
    fired,
    { ...sc, status: 'in-progress', call_id: fired.call_id, updated_at: at(3600) },
    'in-progress since its time',
  )
  const call = await getCall(api, fired.call_id)
  t.match(
    call,
    {
      id: fired.call_id,
      assistant_id: KLANTENSERVICE,
      direction: 'outbound',
      from_number: SHARED_NUMBER,
      to_number: JAN_PHONE,
      status: 'in-progress',
      contact_id: JAN,
      scheduled_call_id: sc.id,
      metadata: { campaign: 'winter' },
      created_at: at(3600),
      started_at: at(3601),
    },
    'the call: outbound from the assistant’s number to Jan, placed at the scheduled time',
  )
  t.strictSame(
    (await api.get('/v1/calls')).json().data.map((c: { id: string }) => c.id),
    [fired.call_id],
    'the only call',
  )
  t.strictSame(receiver.events(), ['status-update:in-progress'], 'answered')

  await api.advance(60)
  const ended = await getCall(api, fired.call_id)
  t.equal(ended.status, 'ended', 'the call ended')
  t.strictSame(
    receiver.events(),
    ['status-update:in-progress', 'status-update:ended', 'end-of-call-report'],
    'its webhooks, in order',
  )
  for (const r of receiver.received) {
    t.equal(r.body.callId ?? r.body.callSession, fired.call_id, `${r.body.eventType} is about the call`)
  }
  const report = receiver.received.find((r) => r.body.eventType === 'end-of-call-report')!.body
  t.match(
    report,
    { fromCaller: JAN_PHONE, toAssistant: SHARED_NUMBER, userMetadata: { campaign: 'winter' } },
    'the report',
  )

  t.strictSame(
    await getScheduled(api, sc.id),
    { ...fired, status: 'completed', updated_at: ended.ended_at },
    'the scheduled call is completed when its call ended',
  )
  t.equal(await callsTotal(api), 1, 'exactly one call')
  t.equal((await api.get('/v1/scheduled-calls?status=completed')).json().meta.total, 1, 'listed as completed')
})

// --- failures --------------------------------------------------------------------------------------

t.test("the assistant's number unlinked before the time: failed, no_phone_number", async (t) => {
  const { api } = await setup(t)
  const sc = await schedule(t, api, 600)
  t.equal((await api.delete(`/v1/assistants/${KLANTENSERVICE}/phone-number`)).statusCode, 200, 'unlinked')
  await api.advance(601)
  t.strictSame(
    await getScheduled(api, sc.id),
    { ...sc, status: 'failed', failure_reason: 'no_phone_number', updated_at: at(600) },
    'failed at its time with no_phone_number',
  )
  t.equal(await callsTotal(api), 0, 'no call')
})

t.test('no credits at the time: failed, insufficient_credits', async (t) => {
  const { api } = await setup(t)
  const sc = await schedule(t, api, 600)
  t.equal((await api.patch('/_mock/config', { credits: 0 })).statusCode, 200, 'credits 0')
  await api.advance(601)
  t.strictSame(
    await getScheduled(api, sc.id),
    { ...sc, status: 'failed', failure_reason: 'insufficient_credits', updated_at: at(600) },
    'failed at its time with insufficient_credits',
  )
  t.equal(await callsTotal(api), 0, 'no call')
  t.equal((await api.get('/v1/user')).json().credits, 0, 'nothing charged')
})

t.test('a scheduled call whose call ends with debugging is failed', async (t) => {
  const receiver = await startReceiver(t)
  const { api } = await setup(t, { call_mode: 'manual', webhook_urls: [receiver.url()] })
  const sc = await schedule(t, api, 60)
  await api.advance(62)
  const fired = await getScheduled(api, sc.id)
  t.equal(fired.status, 'in-progress')
  t.equal((await getCall(api, fired.call_id)).status, 'in-progress', 'manual mode: the call stays in progress')

  const end = await api.post(`/_mock/calls/${fired.call_id}/end`, { debugging_artifact: 'x' })
  t.equal(end.statusCode, 200, 'ended with a debugging artifact')
  t.match(await getCall(api, fired.call_id), { status: 'ended-with-debugging', debugging_artifact: 'x' })
  const failed = await getScheduled(api, sc.id)
  t.equal(failed.status, 'failed', 'the scheduled call failed')
  t.type(failed.failure_reason, 'string', 'with a failure_reason')
  t.ok(failed.failure_reason.length > 0, 'a non-empty failure_reason')
  t.equal(failed.call_id, fired.call_id, 'keeps its call_id')
  await api.advance(1)
  t.strictSame(receiver.events(), [
    'status-update:in-progress',
    'status-update:ended-with-debugging',
    'end-of-call-report',
  ])
})

t.test('a call that ends normally after a manual end is completed', async (t) => {
  const { api } = await setup(t, { call_mode: 'manual' })
  const sc = await schedule(t, api, 60)
  await api.advance(62)
  const callId = (await getScheduled(api, sc.id)).call_id
  t.equal((await api.post(`/_mock/calls/${callId}/end`, {})).statusCode, 200)
  t.match(await getScheduled(api, sc.id), { status: 'completed', failure_reason: null, call_id: callId })
})

// --- many at once ----------------------------------------------------------------------------------

t.test('1,000 scheduled calls at 1,000 times fire exactly once each, in time order, in one advance', async (t) => {
  const { api } = await setup(t, { credits: 100000, call_mode: 'manual' })
  const n = 1000
  const offsets = Array.from({ length: n }, (_, i) => 60 + i)
  let created = 0
  for (const seconds of shuffled(offsets)) {
    const res = await api.post('/v1/scheduled-calls', {
      assistant_id: KLANTENSERVICE,
      phone_number: `+3161${String(seconds).padStart(7, '0')}`,
      scheduled_at: at(seconds),
      metadata: { seconds },
    })
    if (res.statusCode === 201) created++
  }
  t.equal(created, n, 'all 1,000 scheduled')
  t.equal((await api.get('/v1/user/profile/extended')).json().data.usage.scheduled_calls_pending, n, 'all pending')

  const advanced = await api.post('/_mock/clock/advance', { to: at(60 + n) })
  t.equal(advanced.statusCode, 200, 'one advance to just after the last')

  const scheduled = await allScheduled(api)
  t.equal(scheduled.length, n, '1,000 scheduled calls listed')
  t.equal(scheduled.filter((s) => s.status === 'scheduled').length, 0, 'none left scheduled')
  t.equal(scheduled.filter((s) => s.status === 'failed').length, 0, 'none failed')
  t.strictSame(
    scheduled.map((s) => s.scheduled_at),
    offsets.map((s) => at(s)),
    'listed soonest first, one per second',
  )

  const calls = await allCalls(api)
  t.equal(calls.length, n, '1,000 calls in GET /v1/calls')
  const bySchedule = new Map<string, Array<Record<string, any>>>()
  for (const call of calls) {
    bySchedule.set(call.scheduled_call_id, [...(bySchedule.get(call.scheduled_call_id) ?? []), call])
  }
  t.equal(bySchedule.size, n, 'each scheduled call started a call')
  t.equal([...bySchedule.values()].filter((c) => c.length !== 1).length, 0, 'no scheduled call started two')
  const mismatched = scheduled.filter((s) => {
    const [call] = bySchedule.get(s.id) ?? []
    return !call || call.id !== s.call_id || call.created_at !== s.scheduled_at || call.to_number !== s.phone_number
  })
  t.strictSame(
    mismatched.map((s) => s.scheduled_at),
    [],
    'each call was placed at its own scheduled_at, to its number',
  )

  // The calls, oldest first, follow the scheduled_at order.
  const byCreation = [...calls].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))
  t.strictSame(
    byCreation.map((c) => c.scheduled_call_id),
    scheduled.map((s) => s.id),
    'fired in time order',
  )

  await api.advance(3600)
  t.equal(await callsTotal(api), n, 'still 1,000 calls an hour later')
})

// --- reschedule and cancel races -------------------------------------------------------------------

t.test('rescheduled to later: not fired at the old time, fired once at the new one', async (t) => {
  const { api } = await setup(t, { call_mode: 'manual' })
  const sc = await schedule(t, api, 60)
  t.equal((await api.patch(`/v1/scheduled-calls/${sc.id}`, { scheduled_at: at(300) })).statusCode, 200)

  await api.advance(120)
  t.equal((await getScheduled(api, sc.id)).status, 'scheduled', 'past the old time: still scheduled')
  t.equal(await callsTotal(api), 0, 'no call at the old time')

  await api.advance(181)
  const fired = await getScheduled(api, sc.id)
  t.equal(fired.status, 'in-progress', 'past the new time: fired')
  t.equal((await getCall(api, fired.call_id)).created_at, at(300), 'at the new time')
  await api.advance(3600)
  t.equal(await callsTotal(api), 1, 'once')
})

t.test('cancelled before the time: never fires', async (t) => {
  const { api } = await setup(t)
  const sc = await schedule(t, api, 60)
  await api.advance(30)
  t.equal((await api.delete(`/v1/scheduled-calls/${sc.id}`)).statusCode, 200, 'cancelled')
  await api.advance(31)
  await api.advance(86400)
  t.equal((await getScheduled(api, sc.id)).status, 'cancelled', 'still cancelled')
  t.equal(await callsTotal(api), 0, 'no call, ever')
  t.equal((await api.get('/_mock/clock')).json().data.pending_timers, 0, 'nothing left on the clock')
})

t.test('cancelled a millisecond before its time: never fires', async (t) => {
  const { api } = await setup(t)
  const sc = await schedule(t, api, 60)
  await api.advance(59.999)
  t.equal((await api.delete(`/v1/scheduled-calls/${sc.id}`)).statusCode, 200, 'cancelled one millisecond before')
  await api.advance(3600)
  t.equal(await callsTotal(api), 0, 'no call')
})

t.test('two PATCHes in a row: fires only at the last time', async (t) => {
  const { api } = await setup(t, { call_mode: 'manual' })
  const sc = await schedule(t, api, 60)
  t.equal(
    (await api.patch(`/v1/scheduled-calls/${sc.id}`, { scheduled_at: at(600) })).statusCode,
    200,
    'moved to T0+600',
  )
  t.equal(
    (await api.patch(`/v1/scheduled-calls/${sc.id}`, { scheduled_at: at(300) })).statusCode,
    200,
    'moved to T0+300',
  )

  await api.advance(299)
  t.equal((await getScheduled(api, sc.id)).status, 'scheduled', 'not at the first or in between')
  t.equal(await callsTotal(api), 0)
  await api.advance(2)
  const fired = await getScheduled(api, sc.id)
  t.equal(fired.status, 'in-progress', 'fired at the last time')
  t.equal((await getCall(api, fired.call_id)).created_at, at(300))
  await api.advance(3600)
  t.equal(await callsTotal(api), 1, 'not again at the middle time')
  t.equal((await getScheduled(api, sc.id)).call_id, fired.call_id, 'the same call')
})

t.test('a metadata-only PATCH keeps the time', async (t) => {
  const { api } = await setup(t, { call_mode: 'manual' })
  const sc = await schedule(t, api, 60)
  t.equal((await api.patch(`/v1/scheduled-calls/${sc.id}`, { metadata: { attempt: 2 } })).statusCode, 200)
  t.equal(
    (await api.patch(`/v1/scheduled-calls/${sc.id}`, { scheduled_at: at(60) })).statusCode,
    200,
    'the same time again',
  )
  await api.advance(61)
  const fired = await getScheduled(api, sc.id)
  t.equal(fired.status, 'in-progress', 'fired at its time')
  t.match(await getCall(api, fired.call_id), { metadata: { attempt: 2 }, created_at: at(60) }, 'with the new metadata')
  await api.advance(3600)
  t.equal(await callsTotal(api), 1, 'once')
})

// --- restarts --------------------------------------------------------------------------------------

t.test('on a file database a scheduled call survives restarts and fires exactly once', async (t) => {
  const db = dbFile(t)

  const first = await testApp(t, { db })
  const sc = await schedule(t, client(first), 600, { contact_id: JAN })
  await client(first).advance(300)
  await closeApp(first)

  const second = await testApp(t, { db })
  const api2 = client(second)
  t.strictSame(await getScheduled(api2, sc.id), sc, 'still scheduled after a restart')
  await api2.advance(301)
  const fired = await getScheduled(api2, sc.id)
  t.equal(fired.status, 'in-progress', 'fired after the restart')
  t.equal((await getCall(api2, fired.call_id)).created_at, at(600), 'at its own time')
  await api2.advance(60)
  t.equal((await getScheduled(api2, sc.id)).status, 'completed', 'its call ran to the end')
  await closeApp(second)

  const third = await testApp(t, { db })
  const api3 = client(third)
  await api3.advance(86400)
  t.equal(await callsTotal(api3), 1, 'no second call after another restart')
  t.match(await getScheduled(api3, sc.id), { status: 'completed', call_id: fired.call_id })
})

t.test('on a file database a restart right after firing does not fire again', async (t) => {
  const db = dbFile(t)
  const first = await testApp(t, { db })
  const api1 = client(first)
  t.equal((await api1.patch('/_mock/config', { call_mode: 'manual' })).statusCode, 200)
  const sc = await schedule(t, api1, 60)
  await api1.advance(61)
  const fired = await getScheduled(api1, sc.id)
  t.equal(fired.status, 'in-progress', 'fired before the restart')
  await closeApp(first)

  const second = await testApp(t, { db })
  const api2 = client(second)
  await api2.advance(3600)
  const calls = await allCalls(api2)
  t.equal(calls.length, 1, 'one call after the restart')
  t.equal(calls[0]!.scheduled_call_id, sc.id)
  t.equal((await getScheduled(api2, sc.id)).call_id, fired.call_id, 'the same call')
})
