// The control plane (mock-control.md): reset, clock, timers, config, seed. Every app here is seeded
// from a small document of this file's own, so the bundled seed/ can change without moving these
// tests.
import t, { type Test } from 'tap'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import type { Config } from '../src/config.js'
import { type Api, client, KEY, OTHER_KEY, T0, type TestApp, testApp } from './helpers.js'

const SEEDED_ASSISTANT = '1a2b3c4d-5e6f-4a70-8b91-a2b3c4d5e6f7'
const SEEDED_ONE = '11111111-2222-4333-8444-555555555555'
const SEEDED_TWO = '66666666-7777-4888-9999-aaaaaaaaaaaa'

const seedDocument = {
  user: { email: 'control@example.com', full_name: 'Control Tester', company_name: 'Test BV', credits: 100 },
  assistants: [{ id: SEEDED_ASSISTANT, name: 'Seeded assistant' }],
  contacts: [
    { contact_id: SEEDED_ONE, phone_number: '+31611111111', full_name: 'Seeded One' },
    { contact_id: SEEDED_TWO, phone_number: '+31622222222', full_name: 'Seeded Two' },
  ],
}

/** A test app seeded from `seedDocument`. */
async function seededApp(t: Test, overrides: Partial<Config> = {}) {
  const dir = t.testdir({ 'seed.json': JSON.stringify(seedDocument) })
  return testApp(t, { seed: `${dir}/seed.json`, ...overrides })
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

const contactIds = async (api: Api) => {
  const res = await api.get('/v1/contacts?limit=100')
  if (res.statusCode !== 200) throw new Error(`GET /v1/contacts: ${res.statusCode} ${res.body}`)
  return (res.json().data as { contact_id: string }[]).map((c) => c.contact_id).sort()
}

const contactNames = async (api: Api) => {
  const res = await api.get('/v1/contacts?limit=100')
  return (res.json().data as { full_name: string | null }[]).map((c) => c.full_name).sort()
}

const assistantNames = async (api: Api) => {
  const res = await api.get('/v1/assistants?limit=100')
  if (res.statusCode !== 200) throw new Error(`GET /v1/assistants: ${res.statusCode} ${res.body}`)
  return (res.json().data as { name: string }[]).map((a) => a.name).sort()
}

const createContact = async (t: Test, api: Api, phone_number: string, full_name: string) => {
  const res = await api.post('/v1/contacts', { phone_number, full_name })
  t.equal(res.statusCode, 201, `created ${full_name}`)
  return res.json() as { contact_id: string; last_modified: string }
}

function assertInvalid(t: Test, res: LightMyRequestResponse, label: string, field?: string) {
  t.equal(res.statusCode, 400, `${label}: 400`)
  const body = res.json()
  t.same(Object.keys(body), ['error'], `${label}: the error envelope`)
  t.equal(body.error?.code, 'invalid_parameters', `${label}: invalid_parameters`)
  if (field !== undefined) t.match(body.error?.details, { field }, `${label}: names ${field}`)
}

// ---------------------------------------------------------------------------------------------
// reset

t.test('POST /_mock/reset wipes this workspace and re-applies its seed', async (t) => {
  const app = await seededApp(t)
  const a = client(app)
  const b = client(app, OTHER_KEY)

  const seeded = [SEEDED_ONE, SEEDED_TWO].sort()
  t.same(await contactIds(a), seeded, 'A starts with the seeded contacts')
  const created = await createContact(t, a, '+31633333333', 'Created in A')
  t.equal((await a.delete(`/v1/contacts/${SEEDED_ONE}`)).statusCode, 200, 'a seeded contact deleted')
  t.equal((await a.patch(`/v1/contacts/${SEEDED_TWO}`, { full_name: 'Renamed' })).statusCode, 200)
  t.equal((await a.post('/v1/assistants', { name: 'Created assistant' })).statusCode, 201)
  t.equal((await a.patch('/_mock/config', { credits: 7 })).statusCode, 200)
  t.same(await contactIds(a), [created.contact_id, SEEDED_TWO].sort())

  const other = await createContact(t, b, '+31644444444', 'Created in B')

  const res = await a.post('/_mock/reset')
  t.equal(res.statusCode, 200)
  t.match(res.json(), { message: String })

  t.same(await contactIds(a), seeded, 'seeded contacts back, the created one gone')
  t.same(await contactNames(a), ['Seeded One', 'Seeded Two'], 'the changed seeded contact is as seeded')
  t.equal((await a.get(`/v1/contacts/${created.contact_id}`)).statusCode, 404)
  t.equal((await a.get(`/v1/contacts/${SEEDED_ONE}`)).statusCode, 200, 'the deleted seeded contact is back')
  t.same(await assistantNames(a), ['Seeded assistant'])
  t.match((await a.get('/_mock/config')).json(), { data: { credits: 100 } }, 'credits as seeded')

  t.same(await contactIds(b), [other.contact_id, ...seeded].sort(), 'B is untouched')
  t.equal((await b.get(`/v1/contacts/${other.contact_id}`)).statusCode, 200)
})

t.test('POST /_mock/reset drops the pending timers of the workspace', async (t) => {
  const app = await seededApp(t)
  const a = client(app)
  const fired: string[] = []
  app.services.timers.register('test-kind', (payload) => {
    fired.push((payload as { name: string }).name)
  })
  const workspace = app.services.workspaces.resolve(KEY)
  const other = app.services.workspaces.resolve(OTHER_KEY)
  app.services.timers.schedule(workspace, T0 + 10_000, 'test-kind', { name: 'a1' })
  app.services.timers.schedule(workspace, T0 + 20_000, 'test-kind', { name: 'a2' })
  app.services.timers.schedule(other, T0 + 10_000, 'test-kind', { name: 'b1' })
  t.match((await a.get('/_mock/clock')).json(), { data: { pending_timers: 2 } })

  t.equal((await a.post('/_mock/reset')).statusCode, 200)
  t.match((await a.get('/_mock/clock')).json(), { data: { pending_timers: 0 } }, 'none pending after reset')
  t.equal((await a.advance(60)).statusCode, 200)
  t.same(fired, [], 'the dropped timers never fire')

  const b = client(app, OTHER_KEY)
  t.match((await b.get('/_mock/clock')).json(), { data: { pending_timers: 1 } }, "the other workspace's timer stays")
  await b.advance(60)
  t.same(fired, ['b1'])
})

t.test('POST /_mock/reset?all=true wipes every workspace', async (t) => {
  const app = await seededApp(t)
  const a = client(app)
  const b = client(app, OTHER_KEY)
  const c = client(app, 'third-key')
  const seeded = [SEEDED_ONE, SEEDED_TWO].sort()

  const inA = await createContact(t, a, '+31633333333', 'Created in A')
  const inB = await createContact(t, b, '+31644444444', 'Created in B')
  t.equal((await c.delete(`/v1/contacts/${SEEDED_TWO}`)).statusCode, 200)
  t.equal((await b.patch('/_mock/config', { credits: 3 })).statusCode, 200)

  const res = await a.post('/_mock/reset?all=true')
  t.equal(res.statusCode, 200)
  t.match(res.json(), { message: String })

  t.same(await contactIds(a), seeded, 'A is as seeded')
  t.same(await contactIds(b), seeded, "B's created contact is gone on its next request")
  t.equal((await b.get(`/v1/contacts/${inB.contact_id}`)).statusCode, 404)
  t.match((await b.get('/_mock/config')).json(), { data: { credits: 100 } }, "B's credits are as seeded")
  t.same(await contactIds(c), seeded, "C's deleted seeded contact is back")
  t.equal((await a.get(`/v1/contacts/${inA.contact_id}`)).statusCode, 404)
})

t.test('POST /_mock/reset?all=false resets only this workspace', async (t) => {
  const app = await seededApp(t)
  const a = client(app)
  const b = client(app, OTHER_KEY)
  const inA = await createContact(t, a, '+31633333333', 'Created in A')
  const inB = await createContact(t, b, '+31644444444', 'Created in B')
  t.equal((await a.post('/_mock/reset?all=false')).statusCode, 200)
  t.equal((await a.get(`/v1/contacts/${inA.contact_id}`)).statusCode, 404)
  t.equal((await b.get(`/v1/contacts/${inB.contact_id}`)).statusCode, 200)
  assertInvalid(t, await a.post('/_mock/reset?all=maybe'), 'all=maybe', 'all')
})

// ---------------------------------------------------------------------------------------------
// clock

t.test('GET /_mock/clock', async (t) => {
  const app = await seededApp(t)
  const res = await client(app).get('/_mock/clock')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { data: { now: '2026-01-15T10:30:00Z', mode: 'manual', speed: 1, pending_timers: 0 } })
})

t.test('POST /_mock/clock/advance {seconds}', async (t) => {
  const app = await seededApp(t)
  const api = client(app)
  const res = await api.advance(90)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { data: { now: '2026-01-15T10:31:30Z', mode: 'manual', speed: 1, pending_timers: 0 } })
  t.match((await api.get('/_mock/clock')).json(), { data: { now: '2026-01-15T10:31:30Z' } }, 'the clock stays there')

  const contact = await createContact(t, api, '+31655555555', 'After advance')
  t.equal(contact.last_modified, '2026-01-15T10:31:30Z', 'a new contact carries the advanced time')

  t.match((await api.advance(0.5)).json(), { data: { now: '2026-01-15T10:31:30.500Z' } }, 'fractions of a second')
  t.match((await api.advance(86400)).json(), { data: { now: '2026-01-16T10:31:30.500Z' } }, 'a whole day')
})

t.test('POST /_mock/clock/advance {to}', async (t) => {
  const app = await seededApp(t)
  const api = client(app)
  let res = await api.post('/_mock/clock/advance', { to: '2026-01-15T12:00:00Z' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { data: { now: '2026-01-15T12:00:00Z', mode: 'manual', speed: 1, pending_timers: 0 } })

  res = await api.post('/_mock/clock/advance', { to: '2026-01-15T14:15:00+01:00' })
  t.equal(res.statusCode, 200, 'an offset is accepted')
  t.match(res.json(), { data: { now: '2026-01-15T13:15:00Z' } })

  res = await api.post('/_mock/clock/advance', { to: '2026-01-15T13:15:00Z' })
  t.equal(res.statusCode, 200, 'advancing to the current time is a no-op')
  t.match(res.json(), { data: { now: '2026-01-15T13:15:00Z' } })

  const contact = await createContact(t, api, '+31655555555', 'After advance')
  t.equal(contact.last_modified, '2026-01-15T13:15:00Z')
})

t.test('POST /_mock/clock/advance to the past is 400', async (t) => {
  const app = await seededApp(t)
  const api = client(app)
  assertInvalid(t, await api.post('/_mock/clock/advance', { to: '2026-01-15T10:29:59Z' }), 'one second back', 'to')
  assertInvalid(t, await api.post('/_mock/clock/advance', { to: '2020-01-01T00:00:00Z' }), 'years back', 'to')
  t.match((await api.get('/_mock/clock')).json(), { data: { now: '2026-01-15T10:30:00Z' } }, 'the clock did not move')
})

t.test('POST /_mock/clock/advance past 9999-12-31T23:59:59Z is 400', async (t) => {
  const app = await seededApp(t)
  const api = client(app)
  const res = await api.post('/_mock/clock/advance', { to: '9999-12-31T23:59:59Z' })
  t.equal(res.statusCode, 200, 'up to the last second of year 9999')
  t.equal(res.json().data.now, '9999-12-31T23:59:59Z')
  assertInvalid(t, await api.post('/_mock/clock/advance', { seconds: 1 }), 'one second more', 'seconds')
  assertInvalid(t, await api.post('/_mock/clock/advance', { seconds: 0.001 }), 'a millisecond more', 'seconds')
  t.match((await api.get('/_mock/clock')).json(), { data: { now: '9999-12-31T23:59:59Z' } }, 'the clock did not move')

  const fresh = client(app, OTHER_KEY)
  const beyond = await fresh.post('/_mock/clock/advance', { to: '9999-12-31T23:00:00-01:00' })
  assertInvalid(t, beyond, 'a time zone that puts it in year 10000', 'to')
  t.match(beyond.json(), { error: { details: { reason: 'goes past 9999-12-31T23:59:59Z' } } })
})

t.test('POST /_mock/clock/advance with a bad body is 400', async (t) => {
  const app = await seededApp(t)
  const api = client(app)
  const bodies: [string, unknown][] = [
    ['seconds: -1', { seconds: -1 }],
    ['seconds: 0', { seconds: 0 }],
    ['{}', {}],
    ['seconds: "x"', { seconds: 'x' }],
    ['seconds: "90"', { seconds: '90' }],
    ['seconds: null', { seconds: null }],
    ['to: not a date', { to: 'tomorrow' }],
    ['to: a date without time', { to: '2026-01-16' }],
    ['both seconds and to', { seconds: 10, to: '2026-01-16T00:00:00Z' }],
    ['an unknown field', { minutes: 5 }],
    ['an array', [90]],
    ['a number', 90],
  ]
  for (const [label, body] of bodies) assertInvalid(t, await api.post('/_mock/clock/advance', body), label)
  t.match((await api.get('/_mock/clock')).json(), { data: { now: '2026-01-15T10:30:00Z' } }, 'the clock did not move')
})

t.test('each workspace has its own clock', async (t) => {
  const app = await seededApp(t)
  const a = client(app)
  const b = client(app, OTHER_KEY)
  t.equal((await a.advance(3600)).statusCode, 200)
  t.match((await a.get('/_mock/clock')).json(), { data: { now: '2026-01-15T11:30:00Z' } })
  t.match((await b.get('/_mock/clock')).json(), { data: { now: '2026-01-15T10:30:00Z' } }, 'B did not move')
  const inB = await createContact(t, b, '+31644444444', 'In B')
  t.equal(inB.last_modified, '2026-01-15T10:30:00Z', "B's data carries B's time")

  t.equal((await b.post('/_mock/clock/mode', { mode: 'real' })).statusCode, 200)
  t.match((await a.get('/_mock/clock')).json(), { data: { mode: 'manual' } }, "B's mode does not change A's")
  t.match((await b.get('/_mock/clock')).json(), { data: { mode: 'real' } })
})

/** An app whose wall clock the test moves by hand. */
async function appWithWall(t: Test, overrides: Partial<Config> = {}) {
  let wall = T0
  const dir = t.testdir({ 'seed.json': JSON.stringify(seedDocument) })
  const app = await buildApp(
    { clock: 'manual', logLevel: 'silent', quiet: true, seed: `${dir}/seed.json`, ...overrides },
    { wall: () => wall },
  )
  t.teardown(() => app.close())
  return {
    app,
    api: client(app),
    /** Moves the wall clock forward. */
    tickWall: (ms: number) => {
      wall += ms
    },
  }
}

const clockOf = async (api: Api) =>
  (await api.get('/_mock/clock')).json().data as { now: string; mode: string; speed: number }

t.test('POST /_mock/clock/mode: real mode follows the wall clock, at a speed', async (t) => {
  const { api, tickWall } = await appWithWall(t)
  // the workspace (and its clock) is created by its first request, at the wall time
  t.same(await clockOf(api), { now: iso(T0), mode: 'manual', speed: 1, pending_timers: 0 }, 'starts at the wall time')
  tickWall(5_000)
  t.same(
    await clockOf(api),
    { now: iso(T0), mode: 'manual', speed: 1, pending_timers: 0 },
    'manual ignores the wall clock',
  )

  let res = await api.post('/_mock/clock/mode', { mode: 'real' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { data: { now: iso(T0), mode: 'real', speed: 1, pending_timers: 0 } }, 'switching does not jump')
  tickWall(10_000)
  t.match(await clockOf(api), { now: iso(T0 + 10_000), mode: 'real' }, 'real time runs with the wall')

  const contact = await createContact(t, api, '+31655555555', 'Real time')
  t.equal(contact.last_modified, iso(T0 + 10_000), 'data carries the running time')

  res = await api.post('/_mock/clock/mode', { mode: 'real', speed: 2 })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { data: { now: iso(T0 + 10_000), mode: 'real', speed: 2, pending_timers: 0 } })
  tickWall(10_000)
  t.match(await clockOf(api), { now: iso(T0 + 30_000), speed: 2 }, 'speed 2: ten wall seconds are twenty')

  res = await api.advance(60)
  t.match(res.json(), { data: { now: iso(T0 + 90_000), mode: 'real' } }, 'advance adds an offset in real mode')
  tickWall(1_000)
  t.match(await clockOf(api), { now: iso(T0 + 92_000) }, 'and the clock runs on from there')

  res = await api.post('/_mock/clock/mode', { mode: 'manual' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { data: { now: iso(T0 + 92_000), mode: 'manual' } })
  tickWall(60_000)
  t.match(await clockOf(api), { now: iso(T0 + 92_000), mode: 'manual' }, 'manual holds still')
})

t.test('POST /_mock/clock/mode with a bad body is 400', async (t) => {
  const { api } = await appWithWall(t)
  const bodies: [string, unknown][] = [
    ['mode: sideways', { mode: 'sideways' }],
    ['{}', {}],
    ['speed 0', { mode: 'real', speed: 0 }],
    ['speed -1', { mode: 'real', speed: -1 }],
    ['speed "2"', { mode: 'real', speed: '2' }],
    ['unknown field', { mode: 'real', pace: 2 }],
  ]
  for (const [label, body] of bodies) assertInvalid(t, await api.post('/_mock/clock/mode', body), label)
  t.match(await clockOf(api), { mode: 'manual', speed: 1 })
})

t.test('--clock real: a new workspace starts in real mode at the wall time', async (t) => {
  const { api, tickWall } = await appWithWall(t, { clock: 'real' })
  t.same(await clockOf(api), { now: iso(T0), mode: 'real', speed: 1, pending_timers: 0 })
  tickWall(2_500)
  t.match(await clockOf(api), { now: iso(T0 + 2_500) })
})

// ---------------------------------------------------------------------------------------------
// timers

interface Firing {
  name: string
  now: string
}

/** Registers the `test-kind` timer, which records its payload's name and the clock it sees. */
function recordTimers(app: TestApp, key = KEY) {
  const fired: Firing[] = []
  const { timers, clocks, workspaces } = app.services
  timers.register('test-kind', (payload) => {
    fired.push({ name: (payload as { name: string }).name, now: iso(clocks.now(workspaces.resolve(key))) })
  })
  return fired
}

t.test('advance fires due timers in due order, each seeing its own due time', async (t) => {
  const app = await seededApp(t)
  const api = client(app)
  const fired = recordTimers(app)
  const { timers, workspaces } = app.services
  const workspace = workspaces.resolve(KEY)
  // scheduled out of order; b and b2 are due together and fire in the order they were scheduled
  timers.schedule(workspace, T0 + 60_000, 'test-kind', { name: 'b' })
  timers.schedule(workspace, T0 + 30_000, 'test-kind', { name: 'a' })
  timers.schedule(workspace, T0 + 600_000, 'test-kind', { name: 'd' })
  timers.schedule(workspace, T0 + 120_000, 'test-kind', { name: 'c' })
  timers.schedule(workspace, T0 + 60_000, 'test-kind', { name: 'b2' })
  t.match(await clockOf(api), { pending_timers: 5 })

  let res = await api.advance(120)
  t.equal(res.statusCode, 200)
  t.same(fired, [
    { name: 'a', now: iso(T0 + 30_000) },
    { name: 'b', now: iso(T0 + 60_000) },
    { name: 'b2', now: iso(T0 + 60_000) },
    { name: 'c', now: iso(T0 + 120_000) },
  ])
  t.same(
    res.json(),
    { data: { now: iso(T0 + 120_000), mode: 'manual', speed: 1, pending_timers: 1 } },
    'd still pending',
  )

  res = await api.advance(479)
  t.equal(fired.length, 4, 'd is not due yet')
  t.match(res.json(), { data: { pending_timers: 1 } })

  res = await api.post('/_mock/clock/advance', { to: iso(T0 + 600_000) })
  t.same(fired.slice(4), [{ name: 'd', now: iso(T0 + 600_000) }], 'a timer due exactly at the target fires')
  t.same(res.json(), { data: { now: iso(T0 + 600_000), mode: 'manual', speed: 1, pending_timers: 0 } })
})

t.test('a timer scheduled by a timer fires in the same advance when due', async (t) => {
  const app = await seededApp(t)
  const api = client(app)
  const { timers, clocks, workspaces } = app.services
  const workspace = workspaces.resolve(KEY)
  const fired: Firing[] = []
  timers.register('test-kind', (payload) => {
    const { name } = payload as { name: string }
    const now = clocks.now(workspaces.resolve(KEY))
    fired.push({ name, now: iso(now) })
    if (name === 'first') timers.schedule(workspace, now + 10_000, 'test-kind', { name: 'second' })
  })
  timers.schedule(workspace, T0 + 10_000, 'test-kind', { name: 'first' })
  const res = await api.advance(60)
  t.same(fired, [
    { name: 'first', now: iso(T0 + 10_000) },
    { name: 'second', now: iso(T0 + 20_000) },
  ])
  t.match(res.json(), { data: { now: iso(T0 + 60_000), pending_timers: 0 } })
})

t.test('advance returns after the work timers leave for after their commit', async (t) => {
  const app = await seededApp(t)
  const api = client(app)
  const { timers, workspaces } = app.services
  const done: string[] = []
  timers.register('test-kind', (payload) => async () => {
    await nextTurn()
    await nextTurn()
    done.push((payload as { name: string }).name)
  })
  const workspace = workspaces.resolve(KEY)
  timers.schedule(workspace, T0 + 1_000, 'test-kind', { name: 'one' })
  timers.schedule(workspace, T0 + 2_000, 'test-kind', { name: 'two' })
  t.equal((await api.advance(5)).statusCode, 200)
  t.same(done, ['one', 'two'])
})

t.test("advancing one workspace fires only that workspace's timers", async (t) => {
  const app = await seededApp(t)
  const a = client(app)
  const b = client(app, OTHER_KEY)
  const fired: string[] = []
  const { timers, workspaces } = app.services
  timers.register('test-kind', (payload) => {
    fired.push((payload as { name: string }).name)
  })
  timers.schedule(workspaces.resolve(KEY), T0 + 10_000, 'test-kind', { name: 'A' })
  timers.schedule(workspaces.resolve(OTHER_KEY), T0 + 10_000, 'test-kind', { name: 'B' })
  await a.advance(60)
  t.same(fired, ['A'])
  t.match((await b.get('/_mock/clock')).json(), { data: { now: iso(T0), pending_timers: 1 } })
  await b.advance(10)
  t.same(fired, ['A', 'B'])
  t.match((await b.get('/_mock/clock')).json(), { data: { pending_timers: 0 } })
})

// ---------------------------------------------------------------------------------------------
// config

t.test('GET and PATCH /_mock/config', async (t) => {
  const app = await seededApp(t)
  const a = client(app)
  const b = client(app, OTHER_KEY)

  let res = await a.get('/_mock/config')
  t.equal(res.statusCode, 200)
  t.same(Object.keys(res.json()), ['data'])
  t.match(res.json(), { data: { credits: 100 } })

  res = await a.patch('/_mock/config', { credits: 5 })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { data: { credits: 5 } })
  t.match((await a.get('/_mock/config')).json(), { data: { credits: 5 } })
  t.match(
    (await a.get('/v1/user/profile')).json(),
    { data: { credits: { credits: 5 } } },
    'the profile shows the balance',
  )
  t.match((await b.get('/_mock/config')).json(), { data: { credits: 100 } }, 'another workspace keeps its own')

  t.equal((await a.patch('/_mock/config', { credits: 0 })).statusCode, 200, 'zero is allowed')
  t.equal((await a.patch('/_mock/config', {})).statusCode, 200, 'an empty patch changes nothing')
  t.match((await a.get('/_mock/config')).json(), { data: { credits: 0 } })

  const bad: [string, unknown, string | undefined][] = [
    ['credits -1', { credits: -1 }, 'credits'],
    ['credits 1.5', { credits: 1.5 }, 'credits'],
    ['credits "5"', { credits: '5' }, 'credits'],
    ['credits null', { credits: null }, 'credits'],
    ['an unknown key', { unknown_key: 1 }, 'unknown_key'],
    ['an unknown key next to a good one', { credits: 9, bogus: true }, 'bogus'],
    ['an array', [1], undefined],
  ]
  for (const [label, body, field] of bad) assertInvalid(t, await a.patch('/_mock/config', body), label, field)
  t.match((await a.get('/_mock/config')).json(), { data: { credits: 0 } }, 'nothing changed')
})

// ---------------------------------------------------------------------------------------------
// seed

t.test('POST /_mock/seed loads a document on top of what is there', async (t) => {
  const app = await seededApp(t)
  const a = client(app)
  const b = client(app, OTHER_KEY)
  const added = 'abcdef01-2345-4678-9abc-def012345678'
  const res = await a.post('/_mock/seed', {
    assistants: [{ name: 'Loaded assistant', language: 'en' }],
    contacts: [{ contact_id: added, phone_number: '+31677777777', full_name: 'Loaded contact' }],
  })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { message: String })

  t.same(await contactNames(a), ['Loaded contact', 'Seeded One', 'Seeded Two'])
  t.match((await a.get(`/v1/contacts/${added}`)).json(), {
    contact_id: added,
    phone_number: '+31677777777',
    last_modified: '2026-01-15T10:30:00Z',
  })
  t.same(await assistantNames(a), ['Loaded assistant', 'Seeded assistant'])
  t.same(await contactNames(b), ['Seeded One', 'Seeded Two'], 'another workspace does not get it')

  const user = await a.post('/_mock/seed', { user: { full_name: 'Someone Else' } })
  t.equal(user.statusCode, 200)
  t.match((await a.get('/v1/user/profile')).json(), {
    data: { full_name: 'Someone Else', email: 'control@example.com' },
  })
})

t.test('POST /_mock/seed with an invalid document is 400 and loads nothing', async (t) => {
  const app = await seededApp(t)
  const a = client(app)
  const bad: [string, unknown][] = [
    ['a bad phone number', { contacts: [{ phone_number: 'not a number' }] }],
    ['a contact without phone number', { contacts: [{ full_name: 'Nameless' }] }],
    ['an assistant without name', { assistants: [{ language: 'nl' }] }],
    ['an unknown top-level key', { bogus: [] }],
    ['an unknown contact field', { contacts: [{ phone_number: '+31688888888', nickname: 'x' }] }],
    ['contacts not an array', { contacts: { phone_number: '+31688888888' } }],
    ['a bad contact id', { contacts: [{ contact_id: 'nope', phone_number: '+31688888888' }] }],
    ['a negative credit balance', { user: { credits: -5 } }],
    ['an array', []],
  ]
  for (const [label, body] of bad) assertInvalid(t, await a.post('/_mock/seed', body), label)
  // one good and one bad contact: all or nothing
  assertInvalid(
    t,
    await a.post('/_mock/seed', { contacts: [{ phone_number: '+31688888888' }, { phone_number: 'bad' }] }),
    'a good and a bad contact',
  )
  t.same(await contactNames(a), ['Seeded One', 'Seeded Two'], 'nothing was loaded')
  t.same(await assistantNames(a), ['Seeded assistant'])
  t.match((await a.get('/_mock/config')).json(), { data: { credits: 100 } })
})
