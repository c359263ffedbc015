// Calls (endpoints.md § 2) and injecting a message into one (§ 8) against the contract: the
// outbound call and its errors, the list and its filters, the detail, deleting, what calls do to
// assistants, numbers, contacts and usage, and inject.
import t, { type Test } from 'tap'
import { type Api, assertError, assertInvalid, at, client, setup } from './helpers.js'
import {
  AFSPRAKENPLANNER,
  FIRST_MESSAGE,
  JAN,
  JAN_PHONE,
  KLANTENSERVICE,
  SHARED_NUMBER,
  UNKNOWN_ID,
  UUID,
} from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

/** Places an outbound call, checks the 201 and returns the call. */
async function call(t: Test, api: Api, body: Record<string, unknown> = {}) {
  const res = await api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE, ...body })
  t.equal(res.statusCode, 201, `call to ${body.phone_number ?? JAN_PHONE} started`)
  return res.json().data as Record<string, any>
}

const getCall = async (api: Api, id: string) => (await api.get(`/v1/calls/${id}`)).json().data as Record<string, any>

const listCalls = async (api: Api, query = '') => (await api.get(`/v1/calls${query}`)).json()

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((c) => c.id)

const credits = async (api: Api): Promise<number> => (await api.get('/v1/user')).json().credits

const usage = async (api: Api) => (await api.get('/v1/user/profile/extended')).json().data.usage

/** Lets a default auto-mode call run to its end (it is far shorter than a minute). */
const runToEnd = (api: Api) => api.advance(60)

/** Orders the first available national number, lets the order complete and returns the number. */
async function orderNumber(t: Test, api: Api): Promise<{ id: string; phone_number: string }> {
  const phone = (await api.get('/v1/phone-numbers/available')).json().data[0].phone_number
  t.equal((await api.post('/v1/phone-numbers', { phone_number: phone })).statusCode, 201, `ordered ${phone}`)
  await api.advance(2)
  const number = (await api.get('/v1/phone-numbers?limit=100'))
    .json()
    .data.find((n: { phone_number: string }) => n.phone_number === phone)
  t.ok(number, `${phone} is a phone number`)
  return number
}

/** Gives Afsprakenplanner a number of its own; returns the number. */
async function linkAfsprakenplanner(t: Test, api: Api) {
  const number = await orderNumber(t, api)
  const res = await api.post(`/v1/assistants/${AFSPRAKENPLANNER}/phone-number`, { phone_number_id: number.id })
  t.equal(res.statusCode, 200, 'linked a number to Afsprakenplanner')
  return number
}

// --- POST /calls/outbound --------------------------------------------------------------------------

t.test('POST /calls/outbound starts a queued call', async (t) => {
  const { api } = await setup(t)
  const res = await api.post('/v1/calls/outbound', {
    assistant_id: KLANTENSERVICE,
    phone_number: JAN_PHONE,
    metadata: { order_id: 'A-42', tags: ['vip'] },
  })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.equal(body.message, 'Call started')
  t.match(body.data.id, UUID)
  t.same(body.data, {
    id: body.data.id,
    assistant_id: KLANTENSERVICE,
    direction: 'outbound',
    from_number: SHARED_NUMBER,
    to_number: JAN_PHONE,
    status: 'queued',
    ended_reason: null,
    debugging_artifact: null,
    summary: null,
    recording_url: null,
    duration_seconds: null,
    analysis: null,
    contact_id: JAN,
    scheduled_call_id: null,
    metadata: { order_id: 'A-42', tags: ['vip'] },
    credits_used: 0,
    created_at: at(0),
    started_at: null,
    ended_at: null,
    transcript: '',
    messages: [],
  })
  t.same(await getCall(api, body.data.id), body.data, 'GET /calls/{id} shows the same call')
  t.equal((await api.get('/_mock/clock')).json().data.pending_timers, 1, 'the call waits on the clock')
})

t.test('POST /calls/outbound: contact by number, explicit contact_id, no contact, metadata default', async (t) => {
  const { api } = await setup(t)
  const stranger = await call(t, api, { phone_number: '+31611111111' })
  t.equal(stranger.contact_id, null, 'a number no contact has: contact_id null')
  t.same(stranger.metadata, {}, 'metadata defaults to {}')
  t.equal(stranger.to_number, '+31611111111')

  const fatima = '7b3e9f21-5c4d-4e8a-9b6f-2a1c0d9e8f70'
  const explicit = await call(t, api, { phone_number: '+31622222222', contact_id: fatima })
  t.equal(explicit.contact_id, fatima, 'an explicit contact_id is kept')
})

t.test('POST /calls/outbound: first_message overrides the assistant’s for this call', async (t) => {
  const { api } = await setup(t)
  const override = await call(t, api, { first_message: 'Hoi Jan, met de klantenservice. Even over uw retour.' })
  const plain = await call(t, api, { phone_number: '+31611111111' })
  await api.advance(1)
  t.equal((await getCall(api, override.id)).transcript, 'AI: Hoi Jan, met de klantenservice. Even over uw retour.')
  t.equal(
    (await getCall(api, plain.id)).transcript,
    `AI: ${FIRST_MESSAGE}`,
    'other calls keep the assistant’s first message',
  )
  const assistant = (await api.get(`/v1/assistants/${KLANTENSERVICE}`)).json().data
  t.equal(assistant.first_message, FIRST_MESSAGE, 'the assistant itself is unchanged')
})

t.test('POST /calls/outbound: refused calls change nothing', async (t) => {
  const { api } = await setup(t)
  const state = async () => ({
    calls: await listCalls(api),
    credits: await credits(api),
    timers: (await api.get('/_mock/clock')).json().data.pending_timers,
    jan: (await api.get(`/v1/contacts/${JAN}`)).json(),
  })
  const before = await state()
  t.same(before.calls, { data: [], meta: { total: 0, limit: 20, offset: 0 } })
  const post = (body: Record<string, unknown>) =>
    api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE, ...body })

  t.same((await post({ assistant_id: UNKNOWN_ID })).json(), {
    error: { code: 'not_found', message: 'Assistant not found', details: {} },
  })
  t.equal((await post({ assistant_id: UNKNOWN_ID })).statusCode, 404, 'unknown assistant: 404')
  t.same((await post({ contact_id: UNKNOWN_ID })).json(), {
    error: { code: 'not_found', message: 'Contact not found', details: {} },
  })
  t.equal((await post({ contact_id: UNKNOWN_ID })).statusCode, 404, 'unknown contact: 404')
  assertError(t, await post({ assistant_id: AFSPRAKENPLANNER }), 400, 'no_phone_number', 'assistant without a number')
  assertInvalid(t, await post({ phone_number: SHARED_NUMBER }), 'phone_number', 'calling the assistant’s own number')
  assertInvalid(t, await post({ phone_number: '0612345678' }), 'phone_number', 'not E.164')
  assertInvalid(t, await post({ phone_number: '+3161234567890123' }), 'phone_number', 'too long for E.164')
  assertInvalid(t, await post({ duration: 30 }), 'duration', 'unknown field')
  assertInvalid(t, await post({ status: 'ended' }), 'status', 'read-only field')
  assertInvalid(
    t,
    await api.post('/v1/calls/outbound', { phone_number: JAN_PHONE }),
    'assistant_id',
    'missing assistant_id',
  )
  assertInvalid(
    t,
    await api.post('/v1/calls/outbound', { assistant_id: KLANTENSERVICE }),
    'phone_number',
    'missing phone_number',
  )
  assertInvalid(t, await post({ assistant_id: 'klantenservice' }), 'assistant_id', 'assistant_id not a uuid')
  assertInvalid(t, await post({ metadata: 'vip' }), 'metadata', 'metadata not an object')
  assertInvalid(t, await post({ first_message: '' }), 'first_message', 'empty first_message')
  t.same(await state(), before, 'nothing changed')

  t.equal((await api.patch('/_mock/config', { credits: 0 })).statusCode, 200)
  const zero = { ...(await state()), credits: 0 }
  const res = assertError(t, await post({}), 402, 'insufficient_credits', 'no credits')
  t.match(res.error.message, /credits/i)
  t.same(await state(), zero, 'nothing changed without credits')

  await api.patch('/_mock/config', { credits: 1 })
  await call(t, api)
  t.equal(await credits(api), 1, 'one credit is enough to start; nothing is charged at the start')
})

// --- GET /calls ------------------------------------------------------------------------------------

t.test('GET /calls lists newest first, without transcript and messages', async (t) => {
  const { api } = await setup(t)
  const first = await call(t, api)
  await api.advance(1)
  const second = await call(t, api, { phone_number: '+31611111111' })
  await api.advance(1)
  const third = await call(t, api, { phone_number: '+31622222222' })

  const body = await listCalls(api)
  t.same(ids(body), [third.id, second.id, first.id], 'newest first')
  t.same(body.meta, { total: 3, limit: 20, offset: 0 })
  for (const item of body.data) {
    t.notOk('transcript' in item, 'no transcript in a list item')
    t.notOk('messages' in item, 'no messages in a list item')
  }
  const { transcript: _t, messages: _m, ...summary } = await getCall(api, first.id)
  t.same(body.data[2], summary, 'a list item is the detail without transcript and messages')

  const page = await listCalls(api, '?limit=2&offset=1')
  t.same(ids(page), [second.id, first.id])
  t.same(page.meta, { total: 3, limit: 2, offset: 1 })
  t.same((await listCalls(api, '?offset=5')).data, [], 'an offset past the end is an empty page')
  t.equal((await api.get('/v1/calls?limit=100')).statusCode, 200, 'limit 100 is allowed')
  assertInvalid(t, await api.get('/v1/calls?limit=101'), 'limit', 'limit=101')
  assertInvalid(t, await api.get('/v1/calls?limit=0'), 'limit', 'limit=0')
  assertInvalid(t, await api.get('/v1/calls?offset=-1'), 'offset', 'offset=-1')
})

t.test('GET /calls filters by assistant, contact, status, direction and creation time', async (t) => {
  const { api } = await setup(t)
  await linkAfsprakenplanner(t, api) // the clock is now at T0+2
  const ended = await call(t, api) // Klantenservice → Jan, created T0+2
  await runToEnd(api) // T0+62
  const planner = await call(t, api, { assistant_id: AFSPRAKENPLANNER, phone_number: '+31611111111' }) // T0+62
  await api.advance(10) // T0+72
  const inbound = (await api.post('/_mock/inbound-calls', { from: '+31622222222', to: SHARED_NUMBER })).json().data
  t.equal(inbound.direction, 'inbound')

  const filtered = async (query: string) => ids(await listCalls(api, query))
  t.same(await filtered(`?assistant_id=${KLANTENSERVICE}`), [inbound.id, ended.id], 'assistant_id')
  t.same(await filtered(`?assistant_id=${AFSPRAKENPLANNER}`), [planner.id])
  t.same(await filtered(`?assistant_id=${UNKNOWN_ID}`), [], 'an unknown assistant_id matches nothing')
  t.same(await filtered(`?contact_id=${JAN}`), [ended.id], 'contact_id')
  t.same(await filtered('?status=ended'), [ended.id], 'status ended')
  t.same(await filtered('?status=in-progress'), [planner.id], 'status in-progress')
  t.same(await filtered('?status=ringing'), [inbound.id], 'status ringing')
  t.same(await filtered('?status=queued'), [])
  t.same(await filtered('?direction=inbound'), [inbound.id], 'direction inbound')
  t.same(await filtered('?direction=outbound'), [planner.id, ended.id], 'direction outbound')
  t.same(await filtered(`?from=${at(62)}`), [inbound.id, planner.id], 'from is inclusive')
  t.same(await filtered(`?from=${at(63)}`), [inbound.id])
  t.same(await filtered(`?to=${at(62)}`), [planner.id, ended.id], 'to is inclusive')
  t.same(await filtered(`?from=${at(3)}&to=${at(71)}`), [planner.id], 'from and to together')
  t.same(
    await filtered(`?from=${encodeURIComponent('2026-01-15T11:31:02+01:00')}`),
    [inbound.id, planner.id],
    'an offset is understood',
  )
  t.same(await filtered(`?direction=outbound&status=ended&contact_id=${JAN}`), [ended.id], 'filters combine')
  t.equal((await listCalls(api, '?direction=outbound')).meta.total, 2, 'meta.total counts the matches')

  assertInvalid(t, await api.get('/v1/calls?status=done'), 'status', 'unknown status')
  assertInvalid(t, await api.get('/v1/calls?direction=sideways'), 'direction', 'unknown direction')
  assertInvalid(t, await api.get('/v1/calls?from=yesterday'), 'from', 'from not a date-time')
  assertInvalid(t, await api.get('/v1/calls?to=2026-13-01T00:00:00Z'), 'to', 'to not a date-time')
  assertInvalid(t, await api.get('/v1/calls?assistant_id=abc'), 'assistant_id', 'assistant_id not a uuid')
})

t.test('calls of one workspace are invisible to another', async (t) => {
  const { app, api } = await setup(t)
  const other = client(app, 'other-key')
  const mine = await call(t, api)
  t.same((await listCalls(other)).data, [], 'the other workspace lists no calls')
  t.equal((await other.get(`/v1/calls/${mine.id}`)).statusCode, 404)
  t.equal((await other.delete(`/v1/calls/${mine.id}`)).statusCode, 404)
  t.equal((await other.post(`/v1/calls/${mine.id}/inject`, { message: 'hallo' })).statusCode, 404)
})

// --- GET /calls/{id} and DELETE /calls/{id} --------------------------------------------------------

t.test('GET /calls/{id}: 404 for unknown and non-uuid ids', async (t) => {
  const { api } = await setup(t)
  t.same((await api.get(`/v1/calls/${UNKNOWN_ID}`)).json(), {
    error: { code: 'not_found', message: 'Call not found', details: {} },
  })
  t.equal((await api.get(`/v1/calls/${UNKNOWN_ID}`)).statusCode, 404)
  assertError(t, await api.get('/v1/calls/not-a-uuid'), 404, 'not_found', 'non-uuid id')
  assertError(t, await api.delete('/v1/calls/not-a-uuid'), 404, 'not_found', 'DELETE non-uuid id')
  assertError(t, await api.delete(`/v1/calls/${UNKNOWN_ID}`), 404, 'not_found', 'DELETE unknown id')
})

t.test('DELETE /calls/{id}: only once the call has ended; its recording goes with it', async (t) => {
  const { app, api } = await setup(t)
  const c = await call(t, api)
  assertError(t, await api.delete(`/v1/calls/${c.id}`), 400, 'invalid_status', 'deleting a queued call')
  await api.advance(1)
  t.equal((await getCall(api, c.id)).status, 'in-progress')
  assertError(t, await api.delete(`/v1/calls/${c.id}`), 400, 'invalid_status', 'deleting a call in progress')
  t.equal((await api.get(`/v1/calls/${c.id}`)).statusCode, 200, 'the call is still there')

  await runToEnd(api)
  const ended = await getCall(api, c.id)
  t.equal(ended.status, 'ended')
  const recording = new URL(ended.recording_url)
  const wav = () => app.inject({ method: 'GET', url: recording.pathname + recording.search })
  t.equal((await wav()).statusCode, 200, 'the recording is served before the delete')

  const res = await api.delete(`/v1/calls/${c.id}`)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { message: 'Call deleted' })
  t.equal((await api.get(`/v1/calls/${c.id}`)).statusCode, 404, 'gone')
  t.same((await listCalls(api)).data, [], 'not listed')
  const gone = await wav()
  t.equal(gone.statusCode, 404, 'the recording is gone too')
  t.equal(gone.json().error.code, 'not_found')
  t.equal((await api.delete(`/v1/calls/${c.id}`)).statusCode, 404, 'a second delete is 404')
})

// --- what calls do to assistants, numbers, contacts ------------------------------------------------

t.test('an assistant with a call in progress cannot be deleted; afterwards its calls keep its id', async (t) => {
  const { api } = await setup(t)
  const c = await call(t, api)
  assertError(
    t,
    await api.delete(`/v1/assistants/${KLANTENSERVICE}`),
    400,
    'invalid_status',
    'assistant with a queued call',
  )
  await api.advance(1)
  assertError(
    t,
    await api.delete(`/v1/assistants/${KLANTENSERVICE}`),
    400,
    'invalid_status',
    'assistant with a call in progress',
  )
  t.equal((await api.get(`/v1/assistants/${KLANTENSERVICE}`)).statusCode, 200, 'the assistant is still there')
  t.equal(
    (await api.get(`/v1/assistants/${KLANTENSERVICE}/phone-number`)).json().data.phone_number?.number,
    SHARED_NUMBER,
    'and keeps its number',
  )

  await runToEnd(api)
  t.equal((await api.delete(`/v1/assistants/${KLANTENSERVICE}`)).statusCode, 200, 'deleted once the call ended')
  t.equal((await getCall(api, c.id)).assistant_id, KLANTENSERVICE, 'the past call keeps its assistant_id')
})

t.test('a number in use by a call cannot be deleted', async (t) => {
  const { api } = await setup(t)
  const number = await linkAfsprakenplanner(t, api)
  const c = await call(t, api, { assistant_id: AFSPRAKENPLANNER })
  t.equal(c.from_number, number.phone_number, 'the call comes from the assistant’s own number')
  assertError(
    t,
    await api.delete(`/v1/phone-numbers/${number.id}`),
    400,
    'invalid_status',
    'deleting the number of a queued call',
  )
  await api.advance(1)
  assertError(
    t,
    await api.delete(`/v1/phone-numbers/${number.id}`),
    400,
    'invalid_status',
    'deleting the number of a call in progress',
  )
  t.equal((await api.get(`/v1/phone-numbers/${number.id}`)).statusCode, 200, 'the number is still there')
  await runToEnd(api)
  t.equal((await getCall(api, c.id)).status, 'ended')
  t.equal((await api.delete(`/v1/phone-numbers/${number.id}`)).statusCode, 200, 'deleted once the call ended')
})

t.test('deleting a contact keeps its calls, with contact_id null', async (t) => {
  const { api } = await setup(t)
  const done = await call(t, api)
  await runToEnd(api)
  const running = await call(t, api)
  await api.advance(1)
  t.equal((await api.delete(`/v1/contacts/${JAN}`)).statusCode, 200)
  for (const c of [done, running]) {
    const now = await getCall(api, c.id)
    t.equal(now.contact_id, null, 'contact_id is null')
    t.equal(now.to_number, JAN_PHONE, 'the number stays')
  }
  t.equal((await getCall(api, done.id)).status, 'ended', 'the ended call keeps its history')
  t.ok((await getCall(api, done.id)).summary, 'and its summary')
  t.same(ids(await listCalls(api, `?contact_id=${JAN}`)), [], 'no call lists the deleted contact')
  await runToEnd(api)
  const after = await getCall(api, running.id)
  t.equal(after.status, 'ended', 'the running call still ends normally')
  t.equal(after.contact_id, null)
})

t.test('GET /contacts/{id} lists the contact’s recent calls', async (t) => {
  const { api } = await setup(t)
  const contactCalls = async () => (await api.get(`/v1/contacts/${JAN}`)).json().calls
  t.same(await contactCalls(), [], 'no calls yet')
  const first = await call(t, api)
  await runToEnd(api)
  await call(t, api, { phone_number: '+31611111111' }) // someone else
  const second = await call(t, api)

  const ended = await getCall(api, first.id)
  t.same(await contactCalls(), [
    { id: second.id, direction: 'outbound', status: 'queued', started_at: null, duration_seconds: null, summary: null },
    {
      id: first.id,
      direction: 'outbound',
      status: 'ended',
      started_at: ended.started_at,
      duration_seconds: ended.duration_seconds,
      summary: ended.summary,
    },
  ])

  for (let i = 0; i < 10; i++) await call(t, api)
  const recent = await contactCalls()
  t.equal(recent.length, 10, 'at most 10 calls')
  t.notOk(
    recent.some((c: { id: string }) => c.id === first.id),
    'the oldest drops out',
  )
})

// --- usage -----------------------------------------------------------------------------------------

t.test('usage in GET /user/profile/extended follows the calls', async (t) => {
  const { api } = await setup(t)
  t.match(await usage(api), { calls_total: 0, calls_this_month: 0, active_calls: 0, minutes_this_month: 0 })

  const first = await call(t, api)
  t.match(
    await usage(api),
    { calls_total: 1, calls_this_month: 1, active_calls: 1, minutes_this_month: 0 },
    'a queued call is active',
  )
  await api.advance(1)
  t.match(await usage(api), { calls_total: 1, active_calls: 1 }, 'in progress is active')
  await runToEnd(api)
  const duration = (await getCall(api, first.id)).duration_seconds
  t.ok(duration > 0, 'the call took some time')
  let now = await usage(api)
  t.match(now, { calls_total: 1, calls_this_month: 1, active_calls: 0 }, 'an ended call is not active')
  t.ok(Math.abs(now.minutes_this_month - duration / 60) < 0.01, `minutes_this_month ≈ ${duration} s`)

  await call(t, api, { phone_number: '+31611111111' })
  now = await usage(api)
  t.match(now, { calls_total: 2, calls_this_month: 2, active_calls: 1 })

  // A new month: the old calls still count in total, not this month.
  await api.post('/_mock/clock/advance', { to: '2026-02-01T00:00:00Z' })
  now = await usage(api)
  t.match(now, { calls_total: 2, calls_this_month: 0, minutes_this_month: 0, active_calls: 0 })

  await api.delete(`/v1/calls/${first.id}`)
  t.equal((await usage(api)).calls_total, 1, 'a deleted call no longer counts')
})

// --- POST /calls/{id}/inject -----------------------------------------------------------------------

t.test('inject: only while the call is in progress', async (t) => {
  const { api } = await setup(t)
  const c = await call(t, api)
  const inject = () => api.post(`/v1/calls/${c.id}/inject`, { message: 'De klant heeft een openstaande factuur.' })
  assertError(t, await inject(), 400, 'invalid_status', 'a queued call')
  await runToEnd(api)
  t.equal((await getCall(api, c.id)).status, 'ended')
  assertError(t, await inject(), 400, 'invalid_status', 'an ended call')
  t.notOk(
    (await getCall(api, c.id)).messages.some((m: { role: string }) => m.role === 'system'),
    'nothing was injected',
  )
  assertError(t, await api.post(`/v1/calls/${UNKNOWN_ID}/inject`, { message: 'x' }), 404, 'not_found', 'unknown call')
  assertError(t, await api.post('/v1/calls/nope/inject', { message: 'x' }), 404, 'not_found', 'non-uuid call id')
})

t.test('inject: a system message joins messages, not the transcript; the assistant answers it next turn', async (t) => {
  const { api } = await setup(t)
  const c = await call(t, api)
  await api.advance(1)
  const text = 'De klant heeft een openstaande factuur van 120 euro.'
  const res = await api.post(`/v1/calls/${c.id}/inject`, { message: text })
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    message: 'Message injected',
    data: { call_id: c.id, injected_at: at(1), role: 'system', content: text },
  })

  const now = await getCall(api, c.id)
  t.same(now.messages.at(-1), { role: 'system', content: text, at: at(1) }, 'the message joins messages')
  t.equal(now.transcript, `AI: ${FIRST_MESSAGE}`, 'but not the transcript')

  await api.advance(2) // the next turn
  const answered = await getCall(api, c.id)
  const lines = answered.transcript.split('\n')
  t.equal(lines.length, 2, 'one more line')
  t.match(lines[1], /^AI: /, 'the assistant speaks')
  t.ok(lines[1].includes(text), 'a line that uses the injected message')
  t.equal(answered.messages.filter((m: { role: string }) => m.role === 'system').length, 1)

  await runToEnd(api)
  const ended = await getCall(api, c.id)
  t.equal(ended.status, 'ended', 'the call goes on to its end')
  const spoken = ended.transcript.split('\n')
  t.notOk(spoken.includes(`AI: ${text}`) || spoken.includes(`Gebruiker: ${text}`), 'the message itself is never spoken')
})

t.test('inject: role user', async (t) => {
  const { api } = await setup(t)
  const c = await call(t, api)
  await api.advance(1)
  const text = 'Ik wil graag teruggebeld worden.'
  const res = await api.post(`/v1/calls/${c.id}/inject`, { message: text, role: 'user' })
  t.equal(res.statusCode, 200)
  t.same(res.json().data, { call_id: c.id, injected_at: at(1), role: 'user', content: text })
  const now = await getCall(api, c.id)
  t.same(now.messages.at(-1), { role: 'user', content: text, at: at(1) }, 'joins messages with role user')
  t.equal(now.transcript, `AI: ${FIRST_MESSAGE}`, 'an injected message is not spoken: not in the transcript')
  await api.advance(2)
  const lines = (await getCall(api, c.id)).transcript.split('\n')
  t.match(lines.at(-1), /^AI: /)
  t.ok(lines.at(-1).includes(text), 'the assistant answers it in the next turn')
})

t.test('inject: the message must be 1–2000 characters, role system or user', async (t) => {
  const { api } = await setup(t)
  const c = await call(t, api)
  await api.advance(1)
  const inject = (body: unknown) => api.post(`/v1/calls/${c.id}/inject`, body)
  assertInvalid(t, await inject({ message: '' }), 'message', 'empty message')
  assertInvalid(t, await inject({ message: 'x'.repeat(2001) }), 'message', '2001 characters')
  assertInvalid(t, await inject({}), 'message', 'no message')
  assertInvalid(t, await inject({ message: 'x', role: 'assistant' }), 'role', 'role assistant')
  assertInvalid(t, await inject({ message: 'x', urgent: true }), 'urgent', 'unknown field')
  t.equal((await getCall(api, c.id)).messages.length, 1, 'nothing was injected (only the first message)')
  t.equal((await inject({ message: 'x'.repeat(2000) })).statusCode, 200, '2000 characters is allowed')
})
