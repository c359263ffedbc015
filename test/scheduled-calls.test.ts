// Scheduled calls (endpoints.md § 5) against the contract: creating one and its errors, the list
// and its filters, reading one, PATCH (merge semantics, rescheduling, only while `scheduled`),
// DELETE (cancel, the record stays), what deleting an assistant does to them (§ 1), and the usage
// counter of the extended profile (§ 7).
import t, { type Test } from 'tap'
import { type Api, assertError, assertInvalid, at, client, setup, T0 } from './helpers.js'
import { AFSPRAKENPLANNER, JAN, JAN_PHONE, KLANTENSERVICE, UNKNOWN_ID, UUID } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

type Scheduled = Record<string, any>

const OTHER_PHONE = '+31687654321'
const DAY = 86400

/** Schedules a call (Klantenservice → Jan in an hour unless overridden), checks the 201, returns it. */
async function schedule(t: Test, api: Api, body: Record<string, unknown> = {}): Promise<Scheduled> {
  const res = await api.post('/v1/scheduled-calls', {
    assistant_id: KLANTENSERVICE,
    phone_number: JAN_PHONE,
    scheduled_at: at(3600),
    ...body,
  })
  t.equal(res.statusCode, 201, `scheduled for ${body.scheduled_at ?? at(3600)}`)
  return res.json().data
}

const getScheduled = async (api: Api, id: string): Promise<Scheduled> =>
  (await api.get(`/v1/scheduled-calls/${id}`)).json().data

const list = async (api: Api, query = '') => (await api.get(`/v1/scheduled-calls${query}`)).json()

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((c) => c.id)

const callsTotal = async (api: Api): Promise<number> => (await api.get('/v1/calls')).json().meta.total

const pending = async (api: Api): Promise<number> =>
  (await api.get('/v1/user/profile/extended')).json().data.usage.scheduled_calls_pending

// --- POST /scheduled-calls -------------------------------------------------------------------------

t.test('POST /scheduled-calls schedules a call', async (t) => {
  const { api } = await setup(t)
  const res = await api.post('/v1/scheduled-calls', {
    assistant_id: KLANTENSERVICE,
    phone_number: JAN_PHONE,
    contact_id: JAN,
    scheduled_at: '2026-01-15T12:30:00+01:00',
    metadata: { campaign: 'winter', attempt: 1, tags: ['vip'] },
  })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body.data?.id, UUID, 'a uuid id')
  t.strictSame(body, {
    message: 'Call scheduled',
    data: {
      id: body.data.id,
      assistant_id: KLANTENSERVICE,
      phone_number: JAN_PHONE,
      contact_id: JAN,
      scheduled_at: '2026-01-15T11:30:00Z',
      status: 'scheduled',
      call_id: null,
      failure_reason: null,
      metadata: { campaign: 'winter', attempt: 1, tags: ['vip'] },
      created_at: at(0),
      updated_at: at(0),
    },
  })
  t.strictSame(await getScheduled(api, body.data.id), body.data, 'GET shows the same scheduled call')
  t.strictSame(ids(await list(api)), [body.data.id], 'listed')
})

t.test('POST /scheduled-calls: optional fields default, scheduled_at is normalised to UTC with Z', async (t) => {
  const { api } = await setup(t)
  const plain = await schedule(t, api, { scheduled_at: '2026-01-15T11:30:00.000Z' })
  t.equal(plain.scheduled_at, '2026-01-15T11:30:00Z', '.000Z loses its milliseconds')
  t.equal(plain.contact_id, null, 'no contact_id sent: null')
  t.strictSame(plain.metadata, {}, 'no metadata sent: {}')
  t.equal(
    (await schedule(t, api, { scheduled_at: '2026-01-16T00:00:00-05:00' })).scheduled_at,
    '2026-01-16T05:00:00Z',
    'negative offset',
  )
  t.equal(
    (await schedule(t, api, { scheduled_at: '2026-01-15T10:30:01Z' })).scheduled_at,
    at(1),
    'one second ahead is the future',
  )
})

t.test('POST /scheduled-calls: invalid input is refused and schedules nothing', async (t) => {
  const { api } = await setup(t)
  const base = { assistant_id: KLANTENSERVICE, phone_number: JAN_PHONE, scheduled_at: at(3600) }
  const without = (key: keyof typeof base) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))
  const before = await list(api)
  t.equal(before.meta.total, 0)

  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['scheduled_at in the past', { ...base, scheduled_at: at(-60) }, 'scheduled_at'],
    ['scheduled_at one second ago', { ...base, scheduled_at: at(-1) }, 'scheduled_at'],
    ['scheduled_at equal to now', { ...base, scheduled_at: at(0) }, 'scheduled_at'],
    ['scheduled_at unparseable', { ...base, scheduled_at: 'morgen om tien uur' }, 'scheduled_at'],
    ['scheduled_at month 13', { ...base, scheduled_at: '2026-13-01T10:00:00Z' }, 'scheduled_at'],
    ['scheduled_at a number', { ...base, scheduled_at: T0 + 3600_000 }, 'scheduled_at'],
    ['scheduled_at more than 365 days ahead', { ...base, scheduled_at: at(365 * DAY + 1) }, 'scheduled_at'],
    ['scheduled_at two years ahead', { ...base, scheduled_at: at(730 * DAY) }, 'scheduled_at'],
    ['phone_number not E.164', { ...base, phone_number: '0612345678' }, 'phone_number'],
    ['phone_number with a leading zero', { ...base, phone_number: '+0612345678' }, 'phone_number'],
    ['assistant_id not a uuid', { ...base, assistant_id: 'klantenservice' }, 'assistant_id'],
    ['metadata not an object', { ...base, metadata: 'vip' }, 'metadata'],
    ['an unknown field', { ...base, priority: 'high' }, 'priority'],
    ['a read-only field', { ...base, status: 'completed' }, 'status'],
    ['missing assistant_id', without('assistant_id'), 'assistant_id'],
    ['missing phone_number', without('phone_number'), 'phone_number'],
    ['missing scheduled_at', without('scheduled_at'), 'scheduled_at'],
  ]
  for (const [what, body, field] of refused) assertInvalid(t, await api.post('/v1/scheduled-calls', body), field, what)
  assertInvalid(t, await api.post('/v1/scheduled-calls', {}), 'assistant_id', 'an empty body')

  assertError(
    t,
    await api.post('/v1/scheduled-calls', { ...base, assistant_id: UNKNOWN_ID }),
    404,
    'not_found',
    'unknown assistant',
  )
  assertError(
    t,
    await api.post('/v1/scheduled-calls', { ...base, contact_id: UNKNOWN_ID }),
    404,
    'not_found',
    'unknown contact',
  )

  t.strictSame(await list(api), before, 'the list is unchanged')
  t.equal(await pending(api), 0, 'nothing pending')
  t.equal((await api.get('/_mock/clock')).json().data.pending_timers, 0, 'no timer armed')

  // The boundary itself is allowed.
  const year = await schedule(t, api, { scheduled_at: at(365 * DAY) })
  t.equal(year.scheduled_at, at(365 * DAY), 'exactly 365 days ahead is accepted')
})

t.test('POST /scheduled-calls: a contact of another workspace is unknown', async (t) => {
  const { app, api } = await setup(t)
  const other = client(app, 'another-key')
  const res = await other.post('/v1/contacts', { phone_number: '+31611111111', full_name: 'Elders' })
  t.equal(res.statusCode, 201)
  const foreign = res.json().contact_id
  assertError(
    t,
    await api.post('/v1/scheduled-calls', {
      assistant_id: KLANTENSERVICE,
      phone_number: JAN_PHONE,
      scheduled_at: at(60),
      contact_id: foreign,
    }),
    404,
    'not_found',
    'contact of another workspace',
  )
  t.equal((await list(api)).meta.total, 0)
})

// --- GET /scheduled-calls --------------------------------------------------------------------------

t.test('GET /scheduled-calls: soonest first, ties by id, filters and pagination', async (t) => {
  const { api } = await setup(t)
  t.strictSame(await list(api), { data: [], meta: { total: 0, limit: 20, offset: 0 } }, 'empty at first')

  const a = await schedule(t, api, { scheduled_at: at(300) })
  const b = await schedule(t, api, { scheduled_at: at(100) })
  const c = await schedule(t, api, { scheduled_at: at(200), assistant_id: AFSPRAKENPLANNER, phone_number: OTHER_PHONE })
  const d = await schedule(t, api, { scheduled_at: at(200) })
  const e = await schedule(t, api, { scheduled_at: at(400) })
  t.equal((await api.delete(`/v1/scheduled-calls/${e.id}`)).statusCode, 200, 'cancelled e')
  const tie = [c.id, d.id].sort()

  const all = await list(api)
  t.strictSame(ids(all), [b.id, ...tie, a.id, e.id], 'scheduled_at ascending, ties by id')
  t.strictSame(all.meta, { total: 5, limit: 20, offset: 0 })
  t.strictSame(all.data[0], await getScheduled(api, b.id), 'list items are whole scheduled calls')

  t.strictSame(ids(await list(api, '?status=cancelled')), [e.id], 'status=cancelled')
  t.strictSame(ids(await list(api, '?status=scheduled')), [b.id, ...tie, a.id], 'status=scheduled')
  t.equal((await list(api, '?status=completed')).meta.total, 0, 'status=completed')
  t.strictSame(ids(await list(api, `?assistant_id=${AFSPRAKENPLANNER}`)), [c.id], 'assistant_id')
  t.strictSame(
    ids(await list(api, `?assistant_id=${KLANTENSERVICE}&status=scheduled`)),
    [b.id, d.id, a.id],
    'assistant_id and status',
  )
  t.strictSame(
    await list(api, `?assistant_id=${UNKNOWN_ID}`),
    { data: [], meta: { total: 0, limit: 20, offset: 0 } },
    'unknown assistant: empty',
  )
  t.strictSame(ids(await list(api, `?from=${at(150)}`)), [...tie, a.id, e.id], 'from')
  t.strictSame(ids(await list(api, `?to=${at(250)}`)), [b.id, ...tie], 'to')
  t.strictSame(ids(await list(api, `?from=${at(150)}&to=${at(350)}`)), [...tie, a.id], 'from and to')
  t.strictSame(
    ids(await list(api, `?from=${encodeURIComponent('2026-01-15T11:32:30+01:00')}`)),
    [...tie, a.id, e.id],
    'from with an offset',
  )
  t.equal((await list(api, `?from=${at(500)}`)).meta.total, 0, 'from after everything')

  const page = await list(api, '?limit=2&offset=1')
  t.strictSame(ids(page), tie, 'limit and offset')
  t.strictSame(page.meta, { total: 5, limit: 2, offset: 1 }, 'meta counts every match')
  t.strictSame(
    (await list(api, '?status=scheduled&limit=1')).meta,
    { total: 4, limit: 1, offset: 0 },
    'total counts the filtered matches',
  )
  t.equal((await api.get('/v1/scheduled-calls?limit=100')).statusCode, 200, 'limit 100 is allowed')

  assertInvalid(t, await api.get('/v1/scheduled-calls?limit=101'), 'limit', 'limit=101')
  assertInvalid(t, await api.get('/v1/scheduled-calls?limit=0'), 'limit', 'limit=0')
  assertInvalid(t, await api.get('/v1/scheduled-calls?offset=-1'), 'offset', 'offset=-1')
  assertInvalid(t, await api.get('/v1/scheduled-calls?status=pending'), 'status', 'status=pending')
  assertInvalid(t, await api.get('/v1/scheduled-calls?from=gisteren'), 'from', 'from=gisteren')
  assertInvalid(t, await api.get('/v1/scheduled-calls?to=morgen'), 'to', 'to=morgen')
})

t.test('GET /scheduled-calls/{id}: one scheduled call; unknown, malformed and foreign ids are 404', async (t) => {
  const { app, api } = await setup(t)
  const created = await schedule(t, api, { metadata: { k: 'v' } })
  const res = await api.get(`/v1/scheduled-calls/${created.id}`)
  t.equal(res.statusCode, 200)
  t.strictSame(res.json(), { data: created })

  const notFound = { error: { code: 'not_found', message: String, details: Object } }
  for (const id of [UNKNOWN_ID, 'not-a-uuid', '12345']) {
    const miss = await api.get(`/v1/scheduled-calls/${id}`)
    t.equal(miss.statusCode, 404, `GET ${id}: 404`)
    t.match(miss.json(), notFound)
  }
  const other = client(app, 'another-key')
  assertError(t, await other.get(`/v1/scheduled-calls/${created.id}`), 404, 'not_found', 'another workspace')
  t.equal((await other.get('/v1/scheduled-calls')).json().meta.total, 0, 'another workspace lists nothing')
  assertError(
    t,
    await other.patch(`/v1/scheduled-calls/${created.id}`, { metadata: { x: 1 } }),
    404,
    'not_found',
    'PATCH from another workspace',
  )
  assertError(
    t,
    await other.delete(`/v1/scheduled-calls/${created.id}`),
    404,
    'not_found',
    'DELETE from another workspace',
  )
  t.strictSame(await getScheduled(api, created.id), created, 'untouched')
})

// --- PATCH /scheduled-calls/{id} -------------------------------------------------------------------

t.test('PATCH /scheduled-calls/{id} merges the fields sent', async (t) => {
  const { api } = await setup(t)
  const created = await schedule(t, api, {
    contact_id: JAN,
    metadata: { campaign: 'winter', attempt: 1, note: 'bellen na 10u' },
  })
  await api.advance(10)

  const empty = await api.patch(`/v1/scheduled-calls/${created.id}`, {})
  t.equal(empty.statusCode, 200, 'empty body: 200')
  t.strictSame(
    empty.json(),
    { message: 'Scheduled call updated', data: created },
    'empty body changes nothing, updated_at included',
  )
  t.strictSame(await getScheduled(api, created.id), created)

  const merged = await api.patch(`/v1/scheduled-calls/${created.id}`, {
    metadata: { attempt: 2, note: null, channel: 'voice' },
  })
  t.equal(merged.statusCode, 200)
  t.equal(merged.json().message, 'Scheduled call updated')
  const afterMerge = { ...created, metadata: { campaign: 'winter', attempt: 2, channel: 'voice' }, updated_at: at(10) }
  t.strictSame(merged.json().data, afterMerge, 'metadata merged per key, null removes a key, updated_at bumped')

  await api.advance(5)
  const cleared = (
    await api.patch(`/v1/scheduled-calls/${created.id}`, { contact_id: null, phone_number: OTHER_PHONE })
  ).json().data
  t.strictSame(
    cleared,
    { ...afterMerge, contact_id: null, phone_number: OTHER_PHONE, updated_at: at(15) },
    'contact_id null clears it',
  )

  const moved = (
    await api.patch(`/v1/scheduled-calls/${created.id}`, {
      scheduled_at: '2026-01-15T14:00:00+01:00',
      assistant_id: AFSPRAKENPLANNER,
      contact_id: JAN,
    })
  ).json().data
  t.strictSame(
    moved,
    { ...cleared, scheduled_at: '2026-01-15T13:00:00Z', assistant_id: AFSPRAKENPLANNER, contact_id: JAN },
    'scheduled_at (normalised), assistant_id and contact_id',
  )
  t.strictSame(await getScheduled(api, created.id), moved, 'GET shows the change')
  t.strictSame(
    ids(await list(api, `?assistant_id=${AFSPRAKENPLANNER}`)),
    [created.id],
    'the list filters on the new assistant',
  )
})

t.test('PATCH /scheduled-calls/{id}: invalid changes are refused and change nothing', async (t) => {
  const { api } = await setup(t)
  const created = await schedule(t, api, { metadata: { campaign: 'winter' } })
  await api.advance(30)
  const url = `/v1/scheduled-calls/${created.id}`

  assertInvalid(t, await api.patch(url, { scheduled_at: at(-60) }), 'scheduled_at', 'scheduled_at before T0')
  assertInvalid(
    t,
    await api.patch(url, { scheduled_at: at(10) }),
    'scheduled_at',
    'scheduled_at in the past (clock moved on)',
  )
  assertInvalid(t, await api.patch(url, { scheduled_at: at(30) }), 'scheduled_at', 'scheduled_at equal to now')
  assertInvalid(
    t,
    await api.patch(url, { scheduled_at: at(30 + 365 * DAY + 1) }),
    'scheduled_at',
    'scheduled_at beyond 365 days',
  )
  assertInvalid(t, await api.patch(url, { scheduled_at: 'volgende week' }), 'scheduled_at', 'scheduled_at unparseable')
  assertInvalid(t, await api.patch(url, { scheduled_at: null }), 'scheduled_at', 'scheduled_at null')
  assertInvalid(t, await api.patch(url, { phone_number: '06-12345678' }), 'phone_number', 'phone_number not E.164')
  assertInvalid(t, await api.patch(url, { metadata: null }), 'metadata', 'metadata null (not nullable)')
  assertInvalid(t, await api.patch(url, { assistant_id: null }), 'assistant_id', 'assistant_id null (not nullable)')
  assertInvalid(t, await api.patch(url, { phone_number: null }), 'phone_number', 'phone_number null (not nullable)')
  assertInvalid(t, await api.patch(url, { status: 'cancelled' }), 'status', 'status is read-only')
  assertInvalid(t, await api.patch(url, { call_id: UNKNOWN_ID }), 'call_id', 'call_id is read-only')
  assertInvalid(t, await api.patch(url, { priority: 'high' }), 'priority', 'an unknown field')
  assertError(t, await api.patch(url, { assistant_id: UNKNOWN_ID }), 404, 'not_found', 'unknown assistant')
  assertError(t, await api.patch(url, { contact_id: UNKNOWN_ID }), 404, 'not_found', 'unknown contact')
  assertError(
    t,
    await api.patch(`/v1/scheduled-calls/${UNKNOWN_ID}`, { metadata: { a: 1 } }),
    404,
    'not_found',
    'unknown id',
  )
  assertError(
    t,
    await api.patch('/v1/scheduled-calls/not-a-uuid', { metadata: { a: 1 } }),
    404,
    'not_found',
    'malformed id',
  )

  t.strictSame(await getScheduled(api, created.id), created, 'unchanged')
  t.equal((await api.patch(url, { scheduled_at: at(31) })).statusCode, 200, 'one second after now is fine')
})

t.test('PATCH scheduled_at reschedules: the call fires at the new time, not at the old one', async (t) => {
  const { api } = await setup(t, { call_mode: 'manual' })
  const created = await schedule(t, api, { scheduled_at: at(60) })
  t.equal((await api.patch(`/v1/scheduled-calls/${created.id}`, { scheduled_at: at(120) })).statusCode, 200)

  await api.advance(61)
  t.equal((await getScheduled(api, created.id)).status, 'scheduled', 'not fired at the old time')
  t.equal(await callsTotal(api), 0, 'no call at the old time')

  await api.advance(60)
  const fired = await getScheduled(api, created.id)
  t.equal(fired.status, 'in-progress', 'fired at the new time')
  t.match(fired.call_id, UUID)
  const calls = (await api.get('/v1/calls')).json()
  t.equal(calls.meta.total, 1, 'one call')
  t.equal(calls.data[0].created_at, at(120), 'placed at the new time')

  // An earlier time works too.
  const later = await schedule(t, api, { scheduled_at: at(3600) })
  t.equal((await api.patch(`/v1/scheduled-calls/${later.id}`, { scheduled_at: at(600) })).statusCode, 200)
  await api.advance(600 - 121 + 1)
  t.equal((await getScheduled(api, later.id)).status, 'in-progress', 'moved earlier: fired at the earlier time')
  await api.advance(3600)
  t.equal(await callsTotal(api), 2, 'and not again at the old time')
})

t.test(
  'PATCH and DELETE only while scheduled: cancelled, in-progress, completed and failed are 400 invalid_status',
  async (t) => {
    const { api } = await setup(t, { call_mode: 'manual' })
    const cancelled = await schedule(t, api, { scheduled_at: at(60) })
    const running = await schedule(t, api, { scheduled_at: at(60) })
    const done = await schedule(t, api, { scheduled_at: at(60) })
    t.equal((await api.delete(`/v1/scheduled-calls/${cancelled.id}`)).statusCode, 200)
    await api.advance(61)

    const runningNow = await getScheduled(api, running.id)
    t.equal(runningNow.status, 'in-progress', 'fired: in-progress')
    const doneCall = (await getScheduled(api, done.id)).call_id
    t.equal((await api.post(`/_mock/calls/${doneCall}/end`, {})).statusCode, 200, 'ended its call')
    const doneNow = await getScheduled(api, done.id)
    t.equal(doneNow.status, 'completed', 'its call ended: completed')

    const cancelledNow = await getScheduled(api, cancelled.id)
    for (const [name, sc] of [
      ['cancelled', cancelledNow],
      ['in-progress', runningNow],
      ['completed', doneNow],
    ] as const) {
      const patch = assertError(
        t,
        await api.patch(`/v1/scheduled-calls/${sc.id}`, { metadata: { a: 1 } }),
        400,
        'invalid_status',
        `PATCH ${name}`,
      )
      t.ok(patch.error.message.length > 0, `PATCH ${name}: a message`)
      assertError(
        t,
        await api.patch(`/v1/scheduled-calls/${sc.id}`, { scheduled_at: at(3600) }),
        400,
        'invalid_status',
        `reschedule ${name}`,
      )
      assertError(t, await api.patch(`/v1/scheduled-calls/${sc.id}`, {}), 400, 'invalid_status', `empty PATCH ${name}`)
      assertError(t, await api.delete(`/v1/scheduled-calls/${sc.id}`), 400, 'invalid_status', `DELETE ${name}`)
      t.strictSame(await getScheduled(api, sc.id), sc, `${name}: unchanged`)
    }

    // failed: the assistant lost its number before the time
    const failing = await schedule(t, api, { scheduled_at: at(120) })
    t.equal((await api.delete(`/v1/assistants/${KLANTENSERVICE}/phone-number`)).statusCode, 200, 'unlinked the number')
    await api.advance(60)
    const failed = await getScheduled(api, failing.id)
    t.equal(failed.status, 'failed')
    assertError(
      t,
      await api.patch(`/v1/scheduled-calls/${failing.id}`, { metadata: { a: 1 } }),
      400,
      'invalid_status',
      'PATCH failed',
    )
    assertError(t, await api.delete(`/v1/scheduled-calls/${failing.id}`), 400, 'invalid_status', 'DELETE failed')
    t.strictSame(await getScheduled(api, failing.id), failed, 'failed: unchanged')
  },
)

// --- DELETE /scheduled-calls/{id} ------------------------------------------------------------------

t.test('DELETE /scheduled-calls/{id} cancels; the record stays and never fires', async (t) => {
  const { api } = await setup(t)
  const created = await schedule(t, api, { scheduled_at: at(600), contact_id: JAN, metadata: { campaign: 'winter' } })
  await api.advance(5)

  const res = await api.delete(`/v1/scheduled-calls/${created.id}`)
  t.equal(res.statusCode, 200)
  const expected = { ...created, status: 'cancelled', updated_at: at(5) }
  t.strictSame(res.json(), { message: 'Scheduled call cancelled', data: expected })
  t.strictSame(await getScheduled(api, created.id), expected, 'GET shows it cancelled')
  t.strictSame(ids(await list(api)), [created.id], 'still listed')
  t.equal((await api.get('/_mock/clock')).json().data.pending_timers, 0, 'no timer left')

  await api.advance(3600)
  t.equal(await callsTotal(api), 0, 'no call was placed')
  t.strictSame(await getScheduled(api, created.id), expected, 'still cancelled after its time')

  assertError(t, await api.delete(`/v1/scheduled-calls/${created.id}`), 400, 'invalid_status', 'DELETE again')
  assertError(t, await api.delete(`/v1/scheduled-calls/${UNKNOWN_ID}`), 404, 'not_found', 'DELETE unknown')
  assertError(t, await api.delete('/v1/scheduled-calls/not-a-uuid'), 404, 'not_found', 'DELETE malformed id')
})

// --- deleting the assistant ------------------------------------------------------------------------

t.test("deleting an assistant cancels its scheduled calls with reason 'assistant-deleted'", async (t) => {
  const { api } = await setup(t)
  const first = await schedule(t, api, { scheduled_at: at(600) })
  const second = await schedule(t, api, { scheduled_at: at(1200), metadata: { n: 2 } })
  const alreadyCancelled = await schedule(t, api, { scheduled_at: at(900) })
  const others = await schedule(t, api, {
    scheduled_at: at(600),
    assistant_id: AFSPRAKENPLANNER,
    phone_number: OTHER_PHONE,
  })
  const cancelled = (await api.delete(`/v1/scheduled-calls/${alreadyCancelled.id}`)).json().data
  await api.advance(10)

  const res = await api.delete(`/v1/assistants/${KLANTENSERVICE}`)
  t.equal(res.statusCode, 200, 'assistant deleted')
  for (const sc of [first, second]) {
    t.strictSame(
      await getScheduled(api, sc.id),
      { ...sc, status: 'cancelled', failure_reason: 'assistant-deleted', updated_at: at(10) },
      `${sc.scheduled_at}: cancelled, reason assistant-deleted`,
    )
  }
  t.strictSame(await getScheduled(api, alreadyCancelled.id), cancelled, 'a call cancelled before keeps its state')
  t.strictSame(await getScheduled(api, others.id), others, "another assistant's scheduled call is untouched")
  t.strictSame(
    ids(await list(api, `?assistant_id=${KLANTENSERVICE}&status=cancelled`)),
    [first.id, alreadyCancelled.id, second.id],
    'still listed',
  )

  await api.advance(1800)
  for (const sc of [first, second]) t.equal((await getScheduled(api, sc.id)).status, 'cancelled', 'never fires')
  t.equal(await callsTotal(api), 0, 'no call was placed')
})

// --- usage -----------------------------------------------------------------------------------------

t.test('GET /user/profile/extended: usage.scheduled_calls_pending counts status scheduled', async (t) => {
  const { app, api } = await setup(t, { call_mode: 'manual' })
  t.equal(await pending(api), 0, 'none at first')
  const soon = await schedule(t, api, { scheduled_at: at(60) })
  const later = await schedule(t, api, { scheduled_at: at(3600) })
  const cancelled = await schedule(t, api, { scheduled_at: at(7200) })
  await schedule(t, api, { scheduled_at: at(7200), assistant_id: AFSPRAKENPLANNER, phone_number: OTHER_PHONE })
  t.equal(await pending(api), 4, 'four scheduled')

  await api.delete(`/v1/scheduled-calls/${cancelled.id}`)
  t.equal(await pending(api), 3, 'a cancelled one no longer counts')
  await api.patch(`/v1/scheduled-calls/${later.id}`, { scheduled_at: at(5400) })
  t.equal(await pending(api), 3, 'rescheduling changes nothing')
  await api.advance(61)
  t.equal((await getScheduled(api, soon.id)).status, 'in-progress')
  t.equal(await pending(api), 2, 'a fired one no longer counts')
  t.equal((await api.delete(`/v1/assistants/${AFSPRAKENPLANNER}`)).statusCode, 200)
  t.equal(await pending(api), 1, "a deleted assistant's one no longer counts")
  t.equal(await pending(client(app, 'another-key')), 0, 'another workspace counts its own')
})
