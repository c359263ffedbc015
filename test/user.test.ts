// The user profile (endpoints.md § 7): the profile, its extended form with live usage counts, the
// legacy flat form, the credit balance set through /_mock/config, auth, and one profile per key.
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { at, client, KEY, type TestApp, testApp } from './helpers.js'
import { UUID } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

const seedUser = JSON.parse(readFileSync(new URL('../seed/user.json', import.meta.url), 'utf8')).user as {
  email: string
  full_name: string
  company_name: string
  credits: number
}

/** The profile of a fresh workspace whose first request came at T0. */
const profileOf = (id: string, credits = 100, creditsAt = at(0)) => ({
  id,
  email: 'developer@example.com',
  full_name: seedUser.full_name,
  company_name: 'Voorbeeld BV',
  created_at: at(0),
  credits: { credits, currency: 'credits', updated_at: creditsAt },
})

/** Usage of a freshly seeded workspace; `phone_numbers` is checked on its own (see below). */
const SEEDED_USAGE = {
  assistants: 2,
  contacts: 3,
  calls_total: 0,
  calls_this_month: 0,
  minutes_this_month: 0,
  active_calls: 0,
  scheduled_calls_pending: 0,
}

async function profile(api: ReturnType<typeof client>) {
  const res = await api.get('/v1/user/profile')
  return res.json().data
}

/** The extended profile split into the profile, `usage` without `phone_numbers`, and that count. */
async function extended(api: ReturnType<typeof client>) {
  const res = await api.get('/v1/user/profile/extended')
  const { usage, ...rest } = res.json().data
  const { phone_numbers, ...counts } = usage ?? {}
  return { status: res.statusCode, rest, counts, phone_numbers }
}

function assertUnauthorized(t: Test, res: LightMyRequestResponse, what: string) {
  t.equal(res.statusCode, 401, `${what}: status 401`)
  t.match(res.json(), { error: { code: 'unauthorized', message: String, details: {} } }, `${what}: body`)
}

const raw = (app: TestApp, url: string, authorization?: string) =>
  app.inject({ method: 'GET', url, headers: authorization === undefined ? {} : { authorization } })

// --- tests -----------------------------------------------------------------------------------------

t.test('the seed user matches the documented example', async (t) => {
  t.equal(seedUser.email, 'developer@example.com')
  t.equal(seedUser.company_name, 'Voorbeeld BV')
  t.equal(seedUser.credits, 100)
})

t.test('GET /user/profile', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const res = await api.get('/v1/user/profile')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body.data?.id, UUID, 'id is a UUID v4')
  t.same(body, { data: profileOf(body.data.id) })

  await api.advance(3600)
  t.same(await profile(api), profileOf(body.data.id), 'stable: the same profile an hour later')
})

t.test('GET /user/profile/extended adds live usage counts', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const id = (await profile(api)).id

  const seeded = await extended(api)
  t.equal(seeded.status, 200)
  t.same(seeded.rest, profileOf(id), 'the profile part equals GET /user/profile')
  t.same(seeded.counts, SEEDED_USAGE, 'seeded workspace: 2 assistants, 3 contacts, no calls')
  t.type(seeded.phone_numbers, 'number', 'phone_numbers is a count')

  const contact = await api.post('/v1/contacts', { phone_number: '+31611112222', full_name: 'Nieuw Contact' })
  t.equal(contact.statusCode, 201)
  t.same((await extended(api)).counts, { ...SEEDED_USAGE, contacts: 4 }, 'a new contact counts')

  const assistant = await api.post('/v1/assistants', { name: 'Nieuw' })
  t.equal(assistant.statusCode, 201)
  t.same((await extended(api)).counts, { ...SEEDED_USAGE, assistants: 3, contacts: 4 }, 'a new assistant counts')

  const list = (await api.get('/v1/assistants?search=Klantenservice')).json().data
  t.equal((await api.delete(`/v1/assistants/${list[0].id}`)).statusCode, 200)
  const after = await extended(api)
  t.same(after.counts, { ...SEEDED_USAGE, assistants: 2, contacts: 4 }, 'a deleted assistant no longer counts')
  t.equal(after.phone_numbers, seeded.phone_numbers, 'no number was ordered or deleted')

  t.equal((await api.delete(`/v1/contacts/${contact.json().contact_id}`)).statusCode, 200)
  t.same(
    (await extended(api)).counts,
    { ...SEEDED_USAGE, assistants: 2, contacts: 3 },
    'a deleted contact no longer counts',
  )
})

t.test('GET /user is the flat legacy form of the same profile', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const id = (await profile(api)).id
  const res = await api.get('/v1/user')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { id, email: 'developer@example.com', company_name: 'Voorbeeld BV', credits: 100 })
})

t.test('PATCH /_mock/config credits shows in every profile form', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const id = (await profile(api)).id
  await api.advance(90)

  const config = await api.patch('/_mock/config', { credits: 42 })
  t.equal(config.statusCode, 200)
  t.match(config.json(), { data: { credits: 42 } }, 'the config shows the new balance')

  t.same(await profile(api), profileOf(id, 42, at(90)), 'balance 42, updated at the clock time of the change')
  t.same((await extended(api)).rest, profileOf(id, 42, at(90)))
  t.same((await api.get('/v1/user')).json(), {
    id,
    email: 'developer@example.com',
    company_name: 'Voorbeeld BV',
    credits: 42,
  })

  await api.advance(30)
  t.same(await profile(api), profileOf(id, 42, at(90)), 'reading later does not move credits.updated_at')

  await api.patch('/_mock/config', { credits: 0 })
  t.same(await profile(api), profileOf(id, 0, at(120)), 'zero credits is a balance too')
})

t.test('the profile endpoints answer 401 without a valid bearer key', async (t) => {
  const app = await testApp(t)
  for (const url of ['/v1/user/profile', '/v1/user/profile/extended', '/v1/user']) {
    assertUnauthorized(t, await raw(app, url), `${url} without a header`)
    assertUnauthorized(t, await raw(app, url, 'Basic xyz'), `${url} with Basic`)
    assertUnauthorized(t, await raw(app, url, 'Bearer '), `${url} with an empty key`)
    assertUnauthorized(t, await raw(app, url, KEY), `${url} with a bare key, no scheme`)
  }
  t.equal((await raw(app, '/v1/user/profile', `Bearer ${KEY}`)).statusCode, 200, 'the same app accepts a proper key')
})

t.test('each API key has its own profile', async (t) => {
  const app = await testApp(t)
  const a = client(app, 'key-a')
  const b = client(app, 'key-b')
  const profileA = await profile(a)
  const profileB = await profile(b)
  t.match(profileA.id, UUID)
  t.match(profileB.id, UUID)
  t.not(profileA.id, profileB.id, 'different ids')
  t.same(profileA, profileOf(profileA.id))
  t.same(profileB, profileOf(profileB.id))
  t.equal((await a.get('/v1/user')).json().id, profileA.id)
  t.equal((await b.get('/v1/user')).json().id, profileB.id)

  await a.patch('/_mock/config', { credits: 7 })
  t.equal((await profile(a)).credits.credits, 7)
  t.equal((await profile(b)).credits.credits, 100, "A's balance does not touch B's")
  t.equal((await a.get('/v1/user')).json().credits, 7)
  t.equal((await b.get('/v1/user')).json().credits, 100)
})
