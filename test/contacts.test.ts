// Contacts (endpoints.md § 3, seed-contact-put.md): list, create, get, PUT (replace), PATCH (merge),
// DELETE and workspace isolation. Contacts are answered bare; their list is `{data, meta}`.
import t, { type Test } from 'tap'
import type { Contact } from '../schemas/contacts.js'
import { type Api, at, client, KEY, testApp } from './helpers.js'
import { UNKNOWN_ID } from './fixtures.js'

type Res = Awaited<ReturnType<Api['get']>>

// ------------------------------------------------------------------------------------------------
// Fixtures: the three contacts of seed/contacts.json, as the API answers them at T0.

const JAN: Contact = {
  contact_id: 'd4e5f6a7-b8c9-4123-8ef0-1234567890ab',
  phone_number: '+31612345678',
  full_name: 'Jan de Vries',
  email: 'jan@devries.nl',
  address: 'Keizersgracht 123, 1015 CJ Amsterdam',
  last_interaction_at: '2026-02-18T14:12:01Z',
  last_interaction_summary: 'Klant belde over een retourverzoek. Retourlabel is verstuurd per e-mail.',
  last_modified: '2026-01-15T10:30:00Z',
  logs: { notitie: 'VIP klant, altijd prioriteit geven' },
}
const FATIMA: Contact = {
  contact_id: '7b3e9f21-5c4d-4e8a-9b6f-2a1c0d9e8f70',
  phone_number: '+31687654321',
  full_name: 'Fatima el Amrani',
  email: 'fatima@example.nl',
  address: 'Coolsingel 40, 3011 AD Rotterdam',
  last_interaction_at: null,
  last_interaction_summary: null,
  last_modified: '2026-01-15T10:30:00Z',
  logs: {},
}
const PIETER: Contact = {
  contact_id: 'c2d8a4f6-1e3b-4c5d-8e7f-9a0b1c2d3e4f',
  phone_number: '+31201234567',
  full_name: 'Pieter Bakker',
  email: null,
  address: null,
  last_interaction_at: null,
  last_interaction_summary: null,
  last_modified: '2026-01-15T10:30:00Z',
  logs: null,
}
/** All three share last_modified = T0, so the tie-break (id descending) decides the order. */
const SEEDED = [JAN, PIETER, FATIMA]

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

// ------------------------------------------------------------------------------------------------
// Helpers

/** A fresh app (own :memory: db, clock frozen at T0) and a client for the default key. */
async function setup(t: Test) {
  const app = await testApp(t)
  return client(app)
}

/** A contact with every optional field null, plus the fields given. */
const contact = (fields: Partial<Contact> & { contact_id: string; phone_number: string }): Contact => ({
  full_name: null,
  email: null,
  address: null,
  last_interaction_at: null,
  last_interaction_summary: null,
  last_modified: at(0),
  logs: null,
  ...fields,
})

const url = (id: string) => `/v1/contacts/${id}`

function listUrl(query: Record<string, string | number> = {}) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()
  return qs ? `/v1/contacts?${qs}` : '/v1/contacts'
}

/** GET /v1/contacts, checked for 200; returns the whole body. */
async function list(t: Test, api: Api, query: Record<string, string | number> = {}) {
  const res = await api.get(listUrl(query))
  t.equal(res.statusCode, 200, `GET ${listUrl(query)} is 200`)
  return res.json() as { data: Contact[]; meta: { total: number; limit: number; offset: number } }
}

/** The full names of a list page, in order. */
async function names(t: Test, api: Api, query: Record<string, string | number> = {}) {
  return (await list(t, api, query)).data.map((c) => c.full_name)
}

/** GET /v1/contacts/{id}, checked for 200; returns the contact without its `calls`. */
async function fetchContact(t: Test, api: Api, id: string): Promise<Contact> {
  const res = await api.get(url(id))
  t.equal(res.statusCode, 200, `GET ${url(id)} is 200`)
  const { calls, ...rest } = res.json()
  t.same(calls, [], 'no calls yet')
  return rest
}

/** POST a contact that must be created; returns it. */
async function create(t: Test, api: Api, body: Record<string, unknown>): Promise<Contact> {
  const res = await api.post('/v1/contacts', body)
  t.equal(res.statusCode, 201, `created ${JSON.stringify(body)}`)
  return res.json()
}

async function advance(t: Test, api: Api, seconds: number) {
  const res = await api.advance(seconds)
  t.equal(res.statusCode, 200, `clock advanced ${seconds}s`)
}

/** An error answer: status, the `{error: {code, message, details}}` shape, and details.field if given. */
function isError(t: Test, res: Res, status: number, code: string, field?: string) {
  t.equal(res.statusCode, status, `status ${status}`)
  const body = res.json()
  t.same(Object.keys(body), ['error'], 'only `error` at the top')
  t.same(Object.keys(body.error ?? {}).sort(), ['code', 'details', 'message'], 'error has code, message, details')
  t.equal(body.error?.code, code, `code ${code}`)
  t.type(body.error?.message, 'string')
  if (field !== undefined) t.equal(body.error?.details?.field, field, `details.field is ${field}`)
}

function isInvalid(t: Test, res: Res, field: string) {
  isError(t, res, 400, 'invalid_parameters', field)
  t.type(res.json().error?.details?.reason, 'string', 'details.reason says what is wrong')
}

function isNotFound(t: Test, res: Res) {
  t.equal(res.statusCode, 404)
  t.same(res.json(), { error: { code: 'not_found', message: 'Contact not found', details: {} } })
}

/** The workspace still holds exactly the seeded contacts, unchanged. */
async function stillSeeded(t: Test, api: Api) {
  t.same(await list(t, api), { data: SEEDED, meta: { total: 3, limit: 20, offset: 0 } }, 'list unchanged')
}

// ------------------------------------------------------------------------------------------------
// GET /v1/contacts

t.test('list: the seeded contacts, default page, ties ordered by id descending', async (t) => {
  const api = await setup(t)
  const res = await api.get('/v1/contacts')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { data: SEEDED, meta: { total: 3, limit: 20, offset: 0 } })
})

t.test('list: ordered by last_modified descending', async (t) => {
  const api = await setup(t)
  await advance(t, api, 10)
  await api.patch(url(FATIMA.contact_id), { full_name: 'Fatima El Amrani' })
  await advance(t, api, 10)
  await create(t, api, { phone_number: '+31611112222', full_name: 'Sanne Jansen' })
  t.same(await names(t, api), ['Sanne Jansen', 'Fatima El Amrani', 'Jan de Vries', 'Pieter Bakker'])

  await advance(t, api, 10)
  await api.put(url(PIETER.contact_id), { phone_number: PIETER.phone_number, full_name: 'Pieter Bakker' })
  t.same(await names(t, api), ['Pieter Bakker', 'Sanne Jansen', 'Fatima El Amrani', 'Jan de Vries'])

  const { data } = await list(t, api)
  t.same(
    data.map((c) => c.last_modified),
    [at(30), at(20), at(10), at(0)],
  )
})

t.test('list: search is a case-insensitive substring of full_name, email or phone_number', async (t) => {
  const api = await setup(t)
  t.same(await names(t, api, { search: 'jan' }), ['Jan de Vries'], 'name and email both match, listed once')
  t.same(await names(t, api, { search: 'BAKKER' }), ['Pieter Bakker'], 'upper case finds lower case')
  t.same(await names(t, api, { search: 'Ma' }), ['Fatima el Amrani'], 'mixed case')
  t.same(await names(t, api, { search: 'example.nl' }), ['Fatima el Amrani'], 'by email')
  t.same(await names(t, api, { search: '+3120' }), ['Pieter Bakker'], 'by phone number')
  t.same(await names(t, api, { search: '1234' }), ['Jan de Vries', 'Pieter Bakker'], 'substring of two numbers')
  t.same(await names(t, api, { search: 'keizersgracht' }), [], 'address is not searched')
  t.same(await list(t, api, { search: 'nobody' }), { data: [], meta: { total: 0, limit: 20, offset: 0 } })
})

t.test('list: search folds case beyond ASCII (Dutch and Turkish names)', async (t) => {
  const api = await setup(t)
  await create(t, api, { phone_number: '+31611110001', full_name: 'Özlem Ünal', email: 'OZLEM@EXAMPLE.NL' })
  await create(t, api, { phone_number: '+31611110002', full_name: 'Éléonore IJzerman' })
  t.same(await names(t, api, { search: 'özlem' }), ['Özlem Ünal'], 'ö finds Ö')
  t.same(await names(t, api, { search: 'ünal' }), ['Özlem Ünal'], 'ü finds Ü')
  t.same(await names(t, api, { search: 'éléonore' }), ['Éléonore IJzerman'], 'é finds É')
  t.same(await names(t, api, { search: 'ozlem@example' }), ['Özlem Ünal'], 'ASCII email, mixed case')
})

t.test('list: search treats LIKE wildcards % and _ literally', async (t) => {
  const api = await setup(t)
  await create(t, api, { phone_number: '+31611110001', full_name: '100% zeker' })
  await create(t, api, { phone_number: '+31611110002', full_name: 'Ann', email: 'a_b@example.com' })
  await create(t, api, { phone_number: '+31611110003', full_name: 'Axel', email: 'axb@example.com' })

  t.same(await names(t, api, { search: '%' }), ['100% zeker'], '% matches only a literal %')
  t.same(await names(t, api, { search: '_' }), ['Ann'], '_ matches only a literal _')
  t.same(await names(t, api, { search: 'a_b' }), ['Ann'], '_ is not a one-character wildcard')
  t.same(await names(t, api, { search: '10%' }), [], '10% is not "10 then anything"')
  t.same(await names(t, api, { search: '0% z' }), ['100% zeker'])
})

t.test('list: phone_number is an exact filter', async (t) => {
  const api = await setup(t)
  t.same(await list(t, api, { phone_number: '+31612345678' }), {
    data: [JAN],
    meta: { total: 1, limit: 20, offset: 0 },
  })
  t.same(await names(t, api, { phone_number: '+3161234567' }), [], 'a prefix does not match')
  t.same(await names(t, api, { phone_number: '31612345678' }), [], 'without + does not match')
  t.same(await names(t, api, { phone_number: '+31612345678', search: 'pieter' }), [], 'filters combine')
  t.same(await names(t, api, { phone_number: '+31612345678', search: 'vries' }), ['Jan de Vries'])
})

t.test('list: limit and offset page through all matches; meta.total counts them all', async (t) => {
  const api = await setup(t)
  t.same(await list(t, api, { limit: 2 }), { data: [JAN, PIETER], meta: { total: 3, limit: 2, offset: 0 } })
  t.same(await list(t, api, { limit: 2, offset: 2 }), { data: [FATIMA], meta: { total: 3, limit: 2, offset: 2 } })
  t.same(await list(t, api, { offset: 1 }), { data: [PIETER, FATIMA], meta: { total: 3, limit: 20, offset: 1 } })
  t.same(await list(t, api, { offset: 10 }), { data: [], meta: { total: 3, limit: 20, offset: 10 } })
  t.same(await list(t, api, { limit: 100 }), { data: SEEDED, meta: { total: 3, limit: 100, offset: 0 } })
  t.same(await list(t, api, { limit: 1, offset: 1, search: '1234' }), {
    data: [PIETER],
    meta: { total: 2, limit: 1, offset: 1 },
  })
})

// Large lists take other ways to their rows: pages near the end are read from the oldest contact,
// terms of 3 or more characters are looked up in a trigram index, and the unfiltered total is kept
// per workspace. These check that every way gives what the plain filter gives.

/** The contacts a search must find: the term, lower-cased, within full_name, email or phone_number. */
const expectedMatches = (contacts: Contact[], search: string) =>
  contacts.filter((c) =>
    [c.full_name, c.email, c.phone_number]
      .filter((field) => field !== null)
      .join('\n')
      .toLowerCase()
      .includes(search.toLowerCase()),
  )

/** The whole unfiltered list of the workspace, newest first. */
async function everyContact(t: Test, api: Api) {
  const { data, meta } = await list(t, api, { limit: 100 })
  t.equal(data.length, meta.total, 'one page holds them all')
  return data
}

/** 60 contacts on top of the seed, made over 20 seconds so last_modified and id both order them. */
async function crowd(t: Test, api: Api) {
  const first = ['Anna', 'Daan', 'Zoë', 'Özlem', 'ÉLÉONORE', 'Iris', 'Jan "Sjonnie"', 'Ⅻ Roman']
  const last = ['de Jong', 'Jansen', 'Ünal', 'IJzerman', 'İnce', 'van den Berg', '😀 Smiley']
  const mailbox = ['Anna', 'Daan', 'Zoe', 'Ozlem', 'ELEONORE', 'Iris', 'Jan', 'XII']
  for (let i = 0; i < 60; i++) {
    if (i % 3 === 0) await advance(t, api, 1)
    await create(t, api, {
      phone_number: `+3161000${String(i).padStart(4, '0')}`,
      full_name: `${first[i % first.length]} ${last[i % last.length]}`,
      ...(i % 4 === 0 ? {} : { email: `${mailbox[i % mailbox.length]}.${i}@Example.NL` }),
    })
  }
}

t.test('list: every page of a long list is the matching slice of the whole list', async (t) => {
  const api = await setup(t)
  await crowd(t, api)
  const all = await everyContact(t, api)
  t.equal(all.length, 63)
  for (const limit of [1, 7, 20]) {
    for (let offset = 0; offset <= all.length + 1; offset += 1) {
      const page = await list(t, api, { limit, offset })
      t.same(
        page,
        { data: all.slice(offset, offset + limit), meta: { total: 63, limit, offset } },
        `limit ${limit} offset ${offset}`,
      )
    }
  }
})

t.test('list: a search finds the same, in the same order, for long and short terms alike', async (t) => {
  const api = await setup(t)
  await crowd(t, api)
  const all = await everyContact(t, api)
  const found = [
    // shorter than 3 characters: the scan
    'a',
    'JA',
    'ö',
    'Ö',
    '"',
    '😀',
    'i̇',
    // 3 or more: the index, with case folded beyond ASCII as the scan folds it
    'jan',
    'JANSEN',
    'an ',
    'özlem',
    'ÖZLEM',
    'éléonore',
    'ünal',
    'İnce',
    'i̇nc',
    'ⅻ r',
    'Ⅻ R',
    // quotes, a character outside the BMP, a newline between fields
    '"sjonnie"',
    'n "s',
    '😀 s',
    'e 😀',
    'berg\n',
    'jong\n+316',
    '@example.nl',
    '+3161000',
    '00042',
  ]
  // no match at all, and characters the index cannot hold (answered by the scan)
  const unfound = ['xyz', 'jan\u0000', '\ufffdab']
  for (const search of [...found, ...unfound]) {
    const matches = expectedMatches(all, search)
    t.equal(
      matches.length > 0,
      found.includes(search),
      `${JSON.stringify(search)} matches some, or is meant to match none`,
    )
    t.same(
      await list(t, api, { search, limit: 100 }),
      { data: matches, meta: { total: matches.length, limit: 100, offset: 0 } },
      `search ${JSON.stringify(search)}`,
    )
    // pages from the start, the middle and past the end of the matches
    for (const [limit, offset] of <[number, number][]>[
      [3, 0],
      [5, Math.floor(matches.length / 2)],
      [20, Math.max(0, matches.length - 1)],
      [2, matches.length + 5],
    ]) {
      const page = await list(t, api, { search, limit, offset })
      t.same(
        page.data,
        matches.slice(offset, offset + limit),
        `search ${JSON.stringify(search)} limit ${limit} offset ${offset}`,
      )
      t.equal(page.meta.total, matches.length)
    }
  }
})

// The ways a large list takes (src/contacts/listing.ts: runs of the list order for deep pages, gram
// counts and the trigram index for searches, one workspace's rowids) against the plain filter, for
// every kind of term, at offsets near both ends, after updates and deletes, beside another workspace.

const crowdFirstNames = [
  'Anna',
  'Daan',
  'Zoë',
  'Özlem',
  'ÉLÉONORE',
  'Iris',
  'Jan "Sjonnie"',
  'Ⅻ Roman',
  'Émile',
  'Quinn',
]
const crowdMailboxes = ['Anna', 'Daan', 'Zoe', 'Ozlem', 'ELEONORE', 'Iris', 'Jan', 'XII', 'Emile', 'Q']
const crowdLastNames = ['de Jong', 'Jansen', 'Ünal', 'IJzerman', 'İnce', 'van den Berg', '😀 Smiley', 'Ngô', 'Bakker']

/** Contact i of a workspace: names, mailboxes and numbers with common, rare and odd characters. */
function largeListContact(i: number, workspace: number) {
  const hex = (workspace * 100_000 + i).toString(16).padStart(12, '0')
  return {
    // ids out of creation order, so the tie-break by id is exercised
    contact_id: `0c0c0c0c-0000-4000-8000-${hex.split('').reverse().join('')}`,
    phone_number: `+316${String(20_000_000 + workspace * 1_000_000 + i * 7)}`,
    full_name:
      i % 97 === 0
        ? `Xavier Qwerty ${i}`
        : `${crowdFirstNames[i % crowdFirstNames.length]} ${crowdLastNames[Math.floor(i / 3) % crowdLastNames.length]}`,
    ...(i % 5 === 0 ? {} : { email: `${crowdMailboxes[i % crowdMailboxes.length]}.${i}@Example.NL` }),
  }
}

/** The workspace's whole list, newest first, read in pages of 100 from the top. */
async function wholeList(t: Test, api: Api) {
  const all: Contact[] = []
  for (let offset = 0; ; offset += 100) {
    const { data } = await list(t, api, { limit: 100, offset })
    all.push(...data)
    if (data.length < 100) return all
  }
}

/** Newest first: last_modified, then id, both descending (ids here are ASCII). */
const newestFirst = (a: Contact, b: Contact) =>
  a.last_modified === b.last_modified
    ? Number(a.contact_id < b.contact_id) - Number(a.contact_id > b.contact_id)
    : Number(a.last_modified < b.last_modified) - Number(a.last_modified > b.last_modified)

/** Enough contacts for several runs of the list order (512–1023 each), seeded in batches 10 s apart. */
const crowdSize = 3000

async function seedLargeList(t: Test, api: Api, workspace: number) {
  for (let from = 0; from < crowdSize; from += 600) {
    const contacts = Array.from({ length: 600 }, (_, i) => largeListContact(from + i, workspace))
    t.equal((await api.post('/_mock/seed', { contacts })).statusCode, 200)
    t.equal((await api.advance(10)).statusCode, 200)
  }
}

const terms = [
  // 1–2 characters: common (walked), rare (the index), none, and those only a scan can answer
  'a',
  'e',
  'an',
  'AN',
  '12',
  '7',
  '@',
  '\n',
  'ë',
  'ö',
  'ô',
  'xa',
  'qw',
  'q',
  'x',
  '"',
  '😀',
  'ⅻ',
  'zz',
  '\u0000',
  '\ufffd',
  // the end of search_text: the last digits of a phone number
  '00',
  '97',
  // 3 or more
  'jan',
  'sjonnie',
  'n "s',
  'xavier',
  'qwerty 9',
  '@example.nl',
  '+316',
  'ngô',
  '😀 s',
]

/** Every term's total and pages at both ends and the middle, against the plain filter over `all`. */
async function compareSearches(t: Test, api: Api, all: Contact[]) {
  for (const search of terms) {
    const expected = expectedMatches(all, search)
    const last = Math.max(0, expected.length - 1)
    for (const [limit, offset] of [
      [20, 0],
      [7, 3],
      [20, Math.floor(expected.length / 2)],
      [20, Math.max(0, expected.length - 20)],
      [5, last],
      [5, expected.length],
    ] as const) {
      const page = await list(t, api, { search, limit, offset })
      t.same(
        page,
        { data: expected.slice(offset, offset + limit), meta: { total: expected.length, limit, offset } },
        `search ${JSON.stringify(search)} limit ${limit} offset ${offset} (${expected.length} match)`,
      )
    }
  }
}

/** Unfiltered pages at offsets across the list, near both ends and across runs. */
async function comparePages(t: Test, api: Api, all: Contact[]) {
  const offsets = [0, 1, 19, 511, 512, 513, 1023, 1024, all.length - 21, all.length - 1, all.length]
  for (let offset = 600; offset < all.length; offset += 250) offsets.push(offset)
  for (const offset of offsets) {
    const page = await list(t, api, { limit: 20, offset })
    t.same(
      page,
      { data: all.slice(offset, offset + 20), meta: { total: all.length, limit: 20, offset } },
      `offset ${offset}`,
    )
  }
}

t.test(
  'a large list answers as the plain filter does, before and after writes, beside another workspace',
  async (t) => {
    const app = await testApp(t)
    const api = client(app, 'listing-a')
    const other = client(app, 'listing-b')
    await seedLargeList(t, other, 2)
    await seedLargeList(t, api, 1)

    let all = await wholeList(t, api)
    t.equal(all.length, crowdSize + 3, 'the seed and the crowd')
    t.same([...all].sort(newestFirst), all, 'newest first')
    await comparePages(t, api, all)
    await compareSearches(t, api, all)

    // updates move contacts to the top and change what a search finds; deletes take them out
    for (let k = 0; k < 41; k++) {
      const i = k * 73
      const { contact_id } = largeListContact(i, 1)
      if (k % 2 === 0) {
        const res = await api.patch(`/v1/contacts/${contact_id}`, { full_name: `Renamed ${i} Ÿvonne`, email: null })
        t.equal(res.statusCode, 200)
      } else t.equal((await api.delete(`/v1/contacts/${contact_id}`)).statusCode, 200)
      if (k % 5 === 0) t.equal((await api.advance(1)).statusCode, 200)
    }
    all = await wholeList(t, api)
    t.equal(all.length, crowdSize + 3 - 20, '20 deleted')
    t.same([...all].sort(newestFirst), all, 'still newest first')
    await comparePages(t, api, all)
    await compareSearches(t, api, all)
    t.equal((await list(t, api, { search: 'ÿv', limit: 1 })).meta.total, 21, 'the new name counted')

    // the other workspace saw none of it
    const others = await wholeList(t, other)
    t.equal(others.length, crowdSize + 3)
    t.equal((await list(t, other, { search: 'ÿv', limit: 1 })).meta.total, 0)
    await compareSearches(t, other, others)

    // a reset takes the counts with it
    t.equal((await api.post('/_mock/reset')).statusCode, 200)
    t.equal(
      (await list(t, api, { search: 'a', limit: 1 })).meta.total,
      expectedMatches(await wholeList(t, api), 'a').length,
    )
    t.equal((await list(t, api, { limit: 1, offset: 2 })).meta.total, 3)
  },
)

t.test('list: totals and search follow create, PUT, PATCH and DELETE', async (t) => {
  const api = await setup(t)
  await advance(t, api, 1)
  const sanne = await create(t, api, { phone_number: '+31611112222', full_name: 'Sanne Jansen' })
  t.same(await list(t, api, { limit: 1 }), { data: [sanne], meta: { total: 4, limit: 1, offset: 0 } })
  t.same(await names(t, api, { search: 'sanne' }), ['Sanne Jansen'])

  await api.put(url(sanne.contact_id), { phone_number: '+31611112222', full_name: 'Sara Visser' })
  t.same(await names(t, api, { search: 'sanne' }), [], 'the old name is gone from the search')
  t.same(await names(t, api, { search: 'visser' }), ['Sara Visser'], 'the new name is found')
  await api.patch(url(sanne.contact_id), { email: 'sara@visser.nl' })
  t.same(await names(t, api, { search: 'sara@' }), ['Sara Visser'], 'a patched email is found')
  t.same(await names(t, api, { search: 'visser' }), ['Sara Visser'], 'once')
  await api.patch(url(sanne.contact_id), { address: 'Dam 1' })
  t.same(await names(t, api, { search: 'visser' }), ['Sara Visser'], 'an unsearched change keeps it found')
  t.equal((await list(t, api)).meta.total, 4, 'updates do not count as new contacts')

  t.equal((await api.delete(url(sanne.contact_id))).statusCode, 200)
  t.same(await list(t, api, { search: 'visser' }), { data: [], meta: { total: 0, limit: 20, offset: 0 } })
  t.same(await list(t, api), { data: SEEDED, meta: { total: 3, limit: 20, offset: 0 } })
  t.equal((await api.delete(url(JAN.contact_id))).statusCode, 200)
  t.same(await list(t, api, { offset: 1 }), { data: [FATIMA], meta: { total: 2, limit: 20, offset: 1 } })
  t.same(await names(t, api, { search: 'vries' }), [])
})

// A write's counts of 1- and 2-character substrings are held in memory after it commits and written
// in batches (src/contacts/listing.ts): totals must not show which.
t.test('list: short-term totals follow writes before and after their counts are written out', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  // 80 characters no other contact holds: 159 substrings of 1 or 2 each, ~9,500 for 60 contacts
  const name = (i: number) => Array.from({ length: 80 }, (_, j) => String.fromCharCode(0x4e00 + i * 80 + j)).join('')
  const terms = (i: number) => [name(i).slice(0, 1), name(i).slice(40, 42), name(i).slice(79)]
  const check = async (label: string) => {
    const all = await wholeList(t, api)
    for (const term of [...[0, 29, 30, 59].flatMap(terms), 'a', '31', String.fromCharCode(0x4e00 + 60 * 80)]) {
      const { meta } = await list(t, api, { search: term, limit: 1 })
      t.equal(meta.total, expectedMatches(all, term).length, `${label}: ${JSON.stringify(term)}`)
    }
  }
  const ids: string[] = []
  for (let i = 0; i < 60; i++) {
    const made = await create(t, api, { phone_number: `+3162000${String(i).padStart(4, '0')}`, full_name: name(i) })
    ids.push(made.contact_id)
    if (i === 29) await check('30 created')
  }
  await check('60 created')
  for (const i of [0, 30]) t.equal((await api.delete(url(ids[i]!))).statusCode, 200)
  t.equal((await api.patch(url(ids[59]!), { full_name: name(29) })).statusCode, 200)
  t.equal((await api.put(url(ids[1]!), { phone_number: '+31620000001', full_name: 'Anna 31' })).statusCode, 200)
  await check('after DELETE, PATCH and PUT')
  t.equal((await api.post('/_mock/reset')).statusCode, 200)
  await check('after a reset')
})

t.test('list: a contact write rolled back with the unit of work it joined counts nothing', async (t) => {
  const app = await testApp(t)
  const api = client(app)
  const { effects, contacts, workspaces } = app.services
  const workspace = workspaces.resolve(KEY)
  t.throws(
    () =>
      effects.run(workspace, () => {
        contacts.create(workspace, { phone_number: '+31630000001', full_name: 'Ω Teruggedraaid' })
        throw new Error('rolled back')
      }),
    { message: 'rolled back' },
  )
  t.same(await list(t, api, { search: 'ω', limit: 1 }), { data: [], meta: { total: 0, limit: 1, offset: 0 } })
  t.same(await list(t, api, { search: 'ω ', limit: 1 }), { data: [], meta: { total: 0, limit: 1, offset: 0 } })
  t.equal((await list(t, api)).meta.total, 3, 'the seed only')
  // the same write committed is counted
  contacts.create(workspace, { phone_number: '+31630000001', full_name: 'Ω Teruggedraaid' })
  t.equal((await list(t, api, { search: 'ω', limit: 1 })).meta.total, 1)
})

t.test('list: totals and search follow POST /_mock/seed and POST /_mock/reset, per workspace', async (t) => {
  const app = await testApp(t)
  const a = client(app, 'key-a')
  const b = client(app, 'key-b')
  const seeded = await a.post('/_mock/seed', {
    contacts: [
      { phone_number: '+31611110001', full_name: 'Geseed Een' },
      { phone_number: '+31611110002', full_name: 'Geseed Twee' },
      // a seed may name an existing contact: it is replaced, not counted again
      { contact_id: PIETER.contact_id, phone_number: PIETER.phone_number, full_name: 'Pieter Geseed' },
    ],
  })
  t.equal(seeded.statusCode, 200)
  t.equal((await list(t, a)).meta.total, 5)
  const found = await list(t, a, { search: 'geseed' })
  t.same(found.data.map((c) => c.full_name).sort(), ['Geseed Een', 'Geseed Twee', 'Pieter Geseed'])
  t.equal(found.meta.total, 3)
  t.same(await names(t, a, { search: 'bakker' }), [], "Pieter's old name is gone")
  t.same(await list(t, b), { data: SEEDED, meta: { total: 3, limit: 20, offset: 0 } }, 'B is untouched')
  t.same(await names(t, b, { search: 'geseed' }), [])

  t.equal((await a.post('/_mock/reset')).statusCode, 200)
  t.same(await list(t, a), { data: SEEDED, meta: { total: 3, limit: 20, offset: 0 } }, 'A as seeded again')
  t.same(await names(t, a, { search: 'geseed' }), [])
  t.same(await names(t, a, { search: 'bakker' }), ['Pieter Bakker'])

  await create(t, b, { phone_number: '+31611110003', full_name: 'Alleen van B' })
  t.equal((await a.post('/_mock/reset?all=true')).statusCode, 200)
  t.same(
    await list(t, b),
    { data: SEEDED, meta: { total: 3, limit: 20, offset: 0 } },
    'B as seeded after resetting all',
  )
  t.same(await names(t, b, { search: 'alleen' }), [])
})

t.test('list: invalid limit or offset is 400 invalid_parameters naming the parameter', async (t) => {
  const api = await setup(t)
  const cases: [Record<string, string | number>, string][] = [
    [{ limit: 0 }, 'limit'],
    [{ limit: 101 }, 'limit'],
    [{ limit: 'abc' }, 'limit'],
    [{ limit: '1.5' }, 'limit'],
    [{ offset: -1 }, 'offset'],
    [{ offset: 'abc' }, 'offset'],
  ]
  for (const [query, field] of cases) {
    await t.test(listUrl(query), async (t) => isInvalid(t, await api.get(listUrl(query)), field))
  }
})

// ------------------------------------------------------------------------------------------------
// POST /v1/contacts

t.test('create: 201 with the bare contact, every field as sent, last_modified = clock time', async (t) => {
  const api = await setup(t)
  const res = await api.post('/v1/contacts', {
    phone_number: '+31611112222',
    full_name: 'Sanne Jansen',
    email: 'sanne@example.nl',
    address: 'Oudegracht 1, 3511 AA Utrecht',
    last_interaction_at: '2019-08-24T16:15:22.123+02:00',
    last_interaction_summary: 'Vroeg naar de openingstijden.',
    logs: { bron: 'website', taal: 'nl' },
  })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body.contact_id, UUID_V4, 'a new UUID v4')
  const expected: Contact = {
    contact_id: body.contact_id,
    phone_number: '+31611112222',
    full_name: 'Sanne Jansen',
    email: 'sanne@example.nl',
    address: 'Oudegracht 1, 3511 AA Utrecht',
    last_interaction_at: '2019-08-24T14:15:22.123Z',
    last_interaction_summary: 'Vroeg naar de openingstijden.',
    last_modified: '2026-01-15T10:30:00Z',
    logs: { bron: 'website', taal: 'nl' },
  }
  t.same(body, expected, 'no data envelope; offset normalised to UTC, millis kept')

  t.same(await fetchContact(t, api, body.contact_id), expected, 'GET answers the same')
  const { data, meta } = await list(t, api)
  t.equal(meta.total, 4)
  t.same(
    data.find((c) => c.contact_id === body.contact_id),
    expected,
    'listed',
  )
})

t.test('create: only phone_number; the rest is null; created later → listed first', async (t) => {
  const api = await setup(t)
  await advance(t, api, 90)
  const created = await create(t, api, { phone_number: '+31611112222' })
  t.same(
    created,
    contact({ contact_id: created.contact_id, phone_number: '+31611112222', last_modified: '2026-01-15T10:31:30Z' }),
  )
  t.same(await list(t, api), { data: [created, ...SEEDED], meta: { total: 4, limit: 20, offset: 0 } })
})

t.test('create: timestamps are written as UTC, with millis only when not zero', async (t) => {
  const api = await setup(t)
  const cases: [string, string][] = [
    ['2019-08-24T14:15:22.000Z', '2019-08-24T14:15:22Z'],
    ['2019-08-24T14:15:22Z', '2019-08-24T14:15:22Z'],
    ['2019-08-24T14:15:22.5Z', '2019-08-24T14:15:22.500Z'],
    ['2019-08-24T23:15:22-05:00', '2019-08-25T04:15:22Z'],
    ['2019-08-24T16:15:22.123+02:00', '2019-08-24T14:15:22.123Z'],
  ]
  let n = 0
  for (const [input, output] of cases) {
    const created = await create(t, api, { phone_number: `+3161111000${n++}`, last_interaction_at: input })
    t.equal(created.last_interaction_at, output, `${input} → ${output}`)
    t.equal((await fetchContact(t, api, created.contact_id)).last_interaction_at, output, 'stored that way')
  }
})

t.test('create: a leap-second date-time is never a 500 (stored as an instant, or rejected as 400)', async (t) => {
  const api = await setup(t)
  const res = await api.post('/v1/contacts', {
    phone_number: '+31611112222',
    last_interaction_at: '2016-12-31T23:59:60Z',
  })
  t.ok([201, 400].includes(res.statusCode), `201 or 400, got ${res.statusCode}: ${res.body}`)
  if (res.statusCode === 201) {
    t.match(res.json().last_interaction_at, /^(2016-12-31T23:59:59(\.999)?Z|2017-01-01T00:00:00Z)$/, 'a real instant')
  }
  if (res.statusCode === 400) {
    isInvalid(t, res, 'last_interaction_at')
    await stillSeeded(t, api)
  }
})

const badCreates: [string, Record<string, unknown>, string][] = [
  ['a missing phone_number', { full_name: 'Zonder Nummer' }, 'phone_number'],
  ['a phone number without +', { phone_number: '0612345678' }, 'phone_number'],
  ['a phone number with spaces', { phone_number: '+31 6 12345678' }, 'phone_number'],
  ['a too short phone number', { phone_number: '+3161' }, 'phone_number'],
  ['a phone number starting with +0', { phone_number: '+0612345678' }, 'phone_number'],
  ['a null phone_number', { phone_number: null }, 'phone_number'],
  ['a numeric phone_number', { phone_number: 31611112222 }, 'phone_number'],
  ['a bad email', { phone_number: '+31611112222', email: 'not-an-email' }, 'email'],
  ['a bad date-time', { phone_number: '+31611112222', last_interaction_at: 'gisteren' }, 'last_interaction_at'],
  ['a date without a time', { phone_number: '+31611112222', last_interaction_at: '2019-08-24' }, 'last_interaction_at'],
  [
    'an impossible date',
    { phone_number: '+31611112222', last_interaction_at: '2019-13-45T10:00:00Z' },
    'last_interaction_at',
  ],
  ['an unknown field contact_id', { phone_number: '+31611112222', contact_id: UNKNOWN_ID }, 'contact_id'],
  ['an unknown field foo', { phone_number: '+31611112222', foo: 'bar' }, 'foo'],
  [
    'the read-only last_modified',
    { phone_number: '+31611112222', last_modified: '2026-01-15T10:30:00Z' },
    'last_modified',
  ],
  ['a numeric full_name', { phone_number: '+31611112222', full_name: 42 }, 'full_name'],
  ['logs as an array', { phone_number: '+31611112222', logs: ['notitie'] }, 'logs'],
  ['a non-string log value', { phone_number: '+31611112222', logs: { notitie: 1 } }, 'logs.notitie'],
]

for (const [what, body, field] of badCreates) {
  t.test(`create: ${what} → 400 naming ${field}, nothing created`, async (t) => {
    const api = await setup(t)
    isInvalid(t, await api.post('/v1/contacts', body), field)
    await stillSeeded(t, api)
  })
}

t.test('create: a phone number already used in the workspace → 400 already_in_use', async (t) => {
  const api = await setup(t)
  const res = await api.post('/v1/contacts', { phone_number: JAN.phone_number, full_name: 'Dubbel' })
  isError(t, res, 400, 'already_in_use', 'phone_number')
  await stillSeeded(t, api)
})

// ------------------------------------------------------------------------------------------------
// GET /v1/contacts/{id}

t.test('get: 200 with the contact and its calls', async (t) => {
  const api = await setup(t)
  for (const seeded of SEEDED) {
    const res = await api.get(url(seeded.contact_id))
    t.equal(res.statusCode, 200)
    t.same(res.json(), { ...seeded, calls: [] }, `${seeded.full_name}: ContactDetail, no envelope`)
  }
})

t.test('get: an unknown or malformed id → 404 "Contact not found"', async (t) => {
  const api = await setup(t)
  isNotFound(t, await api.get(url(UNKNOWN_ID)))
  isNotFound(t, await api.get(url('not-a-uuid')))
  isNotFound(t, await api.get(url('12345')))
})

// ------------------------------------------------------------------------------------------------
// PUT /v1/contacts/{id} — the seed page: replaces every field; what is not sent becomes null.

t.test('PUT: the seed page example replaces every field', async (t) => {
  const api = await setup(t)
  await advance(t, api, 60)
  const body = {
    phone_number: '+31612345678',
    full_name: 'Jan de Vries',
    email: 'jan@devries.nl',
    address: 'Prinsengracht 456, Amsterdam',
    last_interaction_at: '2019-08-24T14:15:22.123Z',
    last_interaction_summary: 'string',
  }
  const res = await api.put(url(JAN.contact_id), body)
  t.equal(res.statusCode, 200)
  const expected: Contact = { contact_id: JAN.contact_id, ...body, last_modified: '2026-01-15T10:31:00Z', logs: null }
  t.same(res.json(), expected, 'bare contact; logs not sent → null; last_modified bumped')
  t.same(await fetchContact(t, api, JAN.contact_id), expected)
  t.same(await names(t, api), ['Jan de Vries', 'Pieter Bakker', 'Fatima el Amrani'])
})

t.test('PUT: only phone_number → every other field becomes null', async (t) => {
  const api = await setup(t)
  await advance(t, api, 5)
  const res = await api.put(url(JAN.contact_id), { phone_number: JAN.phone_number })
  t.equal(res.statusCode, 200)
  const expected = contact({ contact_id: JAN.contact_id, phone_number: JAN.phone_number, last_modified: at(5) })
  t.same(res.json(), expected)
  t.same(await fetchContact(t, api, JAN.contact_id), expected)
})

t.test('PUT: logs replace the old logs; a key sent as null is dropped', async (t) => {
  const api = await setup(t)
  const res = await api.put(url(JAN.contact_id), {
    phone_number: JAN.phone_number,
    logs: { taal: 'nl', notitie: null },
  })
  t.equal(res.statusCode, 200)
  t.same(res.json().logs, { taal: 'nl' }, 'old keys gone, null key not stored')
  t.same((await fetchContact(t, api, JAN.contact_id)).logs, { taal: 'nl' })

  const empty = await api.put(url(JAN.contact_id), { phone_number: JAN.phone_number, logs: {} })
  t.same(empty.json().logs, {}, 'an empty map stays an empty map')
})

t.test('PUT: a new, free phone number is taken and the old one freed', async (t) => {
  const api = await setup(t)
  const res = await api.put(url(JAN.contact_id), { phone_number: '+31699998888', full_name: 'Jan de Vries' })
  t.equal(res.statusCode, 200)
  t.equal((await fetchContact(t, api, JAN.contact_id)).phone_number, '+31699998888')
  await create(t, api, { phone_number: JAN.phone_number, full_name: 'Nieuwe Jan' })
})

t.test('PUT: without phone_number → 400 naming phone_number; contact unchanged', async (t) => {
  const api = await setup(t)
  await advance(t, api, 5)
  isInvalid(t, await api.put(url(JAN.contact_id), { full_name: 'Jan' }), 'phone_number')
  isInvalid(t, await api.put(url(JAN.contact_id), {}), 'phone_number')
  isInvalid(t, await api.put(url(JAN.contact_id), { phone_number: null }), 'phone_number')
  await stillSeeded(t, api)
})

t.test('PUT: invalid bodies → 400 naming the field; contact unchanged', async (t) => {
  const api = await setup(t)
  const base = { phone_number: JAN.phone_number }
  const cases: [Record<string, unknown>, string][] = [
    [{ ...base, contact_id: JAN.contact_id }, 'contact_id'],
    [{ ...base, last_modified: at(0) }, 'last_modified'],
    [{ ...base, foo: 1 }, 'foo'],
    [{ ...base, email: 'jan-at-devries' }, 'email'],
    [{ ...base, last_interaction_at: 'vorige week' }, 'last_interaction_at'],
    [{ phone_number: '+31 6 1234 5678' }, 'phone_number'],
    [{ ...base, logs: { notitie: 3 } }, 'logs.notitie'],
  ]
  for (const [body, field] of cases) {
    await t.test(JSON.stringify(body), async (t) => isInvalid(t, await api.put(url(JAN.contact_id), body), field))
  }
  await stillSeeded(t, api)
})

t.test('PUT: the phone number of another contact → 400 already_in_use; keeping its own is fine', async (t) => {
  const api = await setup(t)
  await advance(t, api, 5)
  const res = await api.put(url(JAN.contact_id), { phone_number: FATIMA.phone_number, full_name: 'Jan' })
  isError(t, res, 400, 'already_in_use', 'phone_number')
  await stillSeeded(t, api)

  const own = await api.put(url(JAN.contact_id), { ...JAN, contact_id: undefined, last_modified: undefined })
  t.equal(own.statusCode, 200, 'its own number again is not a duplicate')
  t.same(own.json(), { ...JAN, last_modified: at(5) }, 'all fields sent back unchanged, only last_modified moves')
})

t.test('PUT: an unknown or malformed id → 404', async (t) => {
  const api = await setup(t)
  isNotFound(t, await api.put(url(UNKNOWN_ID), { phone_number: '+31611112222' }))
  isNotFound(t, await api.put(url('not-a-uuid'), { phone_number: '+31611112222' }))
  await stillSeeded(t, api)
})

// ------------------------------------------------------------------------------------------------
// PATCH /v1/contacts/{id} — merges: omitted = unchanged, null = null, value = value.

t.test('PATCH: each field changes alone; the others stay; last_modified bumps', async (t) => {
  const api = await setup(t)
  const steps: Record<string, unknown>[] = [
    { full_name: 'J. de Vries' },
    { email: 'j.devries@example.nl' },
    { address: null },
    { last_interaction_at: '2026-01-10T09:00:00+01:00' },
    { last_interaction_summary: null },
    { phone_number: '+31611223344' },
    { email: null, full_name: null },
  ]
  const normalised: Record<string, unknown> = { last_interaction_at: '2026-01-10T08:00:00Z' }
  let expected: Contact = { ...JAN }
  let seconds = 0
  for (const step of steps) {
    seconds += 7
    await advance(t, api, 7)
    const res = await api.patch(url(JAN.contact_id), step)
    t.equal(res.statusCode, 200, JSON.stringify(step))
    const changes = Object.fromEntries(Object.entries(step).map(([k, v]) => [k, k in normalised ? normalised[k] : v]))
    expected = { ...expected, ...changes, last_modified: at(seconds) }
    t.same(res.json(), expected, `after ${JSON.stringify(step)}`)
    t.same(await fetchContact(t, api, JAN.contact_id), expected, 'GET agrees')
  }
  t.same(await list(t, api, { limit: 1 }), { data: [expected], meta: { total: 3, limit: 1, offset: 0 } })
})

t.test('PATCH: logs are merged per key; null removes a key; logs: null clears them', async (t) => {
  const api = await setup(t)
  const patchLogs = async (logs: unknown, expected: unknown, what: string) => {
    const res = await api.patch(url(JAN.contact_id), { logs })
    t.equal(res.statusCode, 200, what)
    t.same(res.json().logs, expected, what)
    t.same((await fetchContact(t, api, JAN.contact_id)).logs, expected, `${what} (GET)`)
  }
  const vip = JAN.logs!.notitie
  await patchLogs({ taal: 'nl' }, { notitie: vip, taal: 'nl' }, 'add a key')
  await patchLogs({ notitie: 'Gewone klant' }, { notitie: 'Gewone klant', taal: 'nl' }, 'change a key')
  await patchLogs({ taal: null }, { notitie: 'Gewone klant' }, 'remove a key')
  await patchLogs({ bestaat_niet: null }, { notitie: 'Gewone klant' }, 'removing an absent key is a no-op')
  await patchLogs({}, { notitie: 'Gewone klant' }, 'an empty map changes no key')
  await patchLogs(null, null, 'logs: null clears all')
  await patchLogs({ terug: 'ja' }, { terug: 'ja' }, 'keys can be added to null logs')

  const rest = await fetchContact(t, api, JAN.contact_id)
  t.same({ ...rest, logs: JAN.logs, last_modified: JAN.last_modified }, JAN, 'no other field touched')
})

t.test('PATCH: an empty body changes nothing, not even last_modified', async (t) => {
  const api = await setup(t)
  await advance(t, api, 120)
  const res = await api.patch(url(FATIMA.contact_id), {})
  t.equal(res.statusCode, 200)
  t.same(res.json(), FATIMA, 'the contact as it was, last_modified still T0')
  t.same(await fetchContact(t, api, FATIMA.contact_id), FATIMA)
  await stillSeeded(t, api)
})

t.test('PATCH: phone_number null, bad values and unknown fields → 400; contact unchanged', async (t) => {
  const api = await setup(t)
  await advance(t, api, 5)
  const cases: [Record<string, unknown>, string][] = [
    [{ phone_number: null }, 'phone_number'],
    [{ phone_number: '0612345678' }, 'phone_number'],
    [{ email: 'geen e-mail' }, 'email'],
    [{ last_interaction_at: '2026-01-15' }, 'last_interaction_at'],
    [{ full_name: ['Jan'] }, 'full_name'],
    [{ contact_id: UNKNOWN_ID }, 'contact_id'],
    [{ last_modified: at(5) }, 'last_modified'],
    [{ foo: 'bar' }, 'foo'],
    [{ logs: 'VIP' }, 'logs'],
  ]
  for (const [body, field] of cases) {
    await t.test(JSON.stringify(body), async (t) => isInvalid(t, await api.patch(url(JAN.contact_id), body), field))
  }
  await stillSeeded(t, api)
})

t.test('PATCH: the phone number of another contact → 400 already_in_use', async (t) => {
  const api = await setup(t)
  isError(
    t,
    await api.patch(url(JAN.contact_id), { phone_number: PIETER.phone_number }),
    400,
    'already_in_use',
    'phone_number',
  )
  await stillSeeded(t, api)
  const own = await api.patch(url(JAN.contact_id), { phone_number: JAN.phone_number })
  t.equal(own.statusCode, 200, 'its own number is fine')
})

t.test('PATCH: an unknown or malformed id → 404', async (t) => {
  const api = await setup(t)
  isNotFound(t, await api.patch(url(UNKNOWN_ID), { full_name: 'X' }))
  isNotFound(t, await api.patch(url(UNKNOWN_ID), {}))
  isNotFound(t, await api.patch(url('not-a-uuid'), { full_name: 'X' }))
  await stillSeeded(t, api)
})

// ------------------------------------------------------------------------------------------------
// DELETE /v1/contacts/{id}

t.test('DELETE: 200 "Contact deleted", then 404 on GET and on a second DELETE', async (t) => {
  const api = await setup(t)
  const res = await api.delete(url(JAN.contact_id))
  t.equal(res.statusCode, 200)
  t.same(res.json(), { message: 'Contact deleted' })

  isNotFound(t, await api.get(url(JAN.contact_id)))
  isNotFound(t, await api.delete(url(JAN.contact_id)))
  isNotFound(t, await api.put(url(JAN.contact_id), { phone_number: JAN.phone_number }))
  isNotFound(t, await api.patch(url(JAN.contact_id), { full_name: 'X' }))
  t.same(await list(t, api), { data: [PIETER, FATIMA], meta: { total: 2, limit: 20, offset: 0 } })

  await create(t, api, { phone_number: JAN.phone_number, full_name: 'Nieuwe Jan' })
})

t.test('DELETE: an unknown or malformed id → 404, nothing deleted', async (t) => {
  const api = await setup(t)
  isNotFound(t, await api.delete(url(UNKNOWN_ID)))
  isNotFound(t, await api.delete(url('not-a-uuid')))
  await stillSeeded(t, api)
})

// ------------------------------------------------------------------------------------------------
// Workspaces: every API key sees only its own contacts.

t.test('workspaces: a contact of key A is invisible to key B', async (t) => {
  const app = await testApp(t)
  const a = client(app, 'key-a')
  const b = client(app, 'key-b')
  const mine = await create(t, a, { phone_number: '+31611112222', full_name: 'Alleen van A' })

  isNotFound(t, await b.get(url(mine.contact_id)))
  isNotFound(t, await b.put(url(mine.contact_id), { phone_number: '+31633334444' }))
  isNotFound(t, await b.patch(url(mine.contact_id), { full_name: 'Van B' }))
  isNotFound(t, await b.delete(url(mine.contact_id)))
  t.same(await list(t, b), { data: SEEDED, meta: { total: 3, limit: 20, offset: 0 } }, 'B has its own seed only')
  t.same(await names(t, b, { search: 'alleen' }), [])

  t.same(await fetchContact(t, a, mine.contact_id), mine, "B's attempts left A's contact alone")
  t.equal((await list(t, a)).meta.total, 4)
})

t.test('workspaces: the same phone number may exist in both; seeded contacts are separate', async (t) => {
  const app = await testApp(t)
  const a = client(app, 'key-a')
  const b = client(app, 'key-b')
  const inA = await create(t, a, { phone_number: '+31611112222', full_name: 'Sanne (A)' })
  const inB = await create(t, b, { phone_number: '+31611112222', full_name: 'Sanne (B)' })
  t.not(inA.contact_id, inB.contact_id)

  const patched = await b.patch(url(JAN.contact_id), { full_name: 'Jan van B' })
  t.equal(patched.statusCode, 200)
  t.equal((await fetchContact(t, a, JAN.contact_id)).full_name, 'Jan de Vries', "A's seeded Jan is untouched")
  t.same(await names(t, a, { phone_number: '+31611112222' }), ['Sanne (A)'])
  t.same(await names(t, b, { phone_number: '+31611112222' }), ['Sanne (B)'])

  const deleted = await b.delete(url(JAN.contact_id))
  t.equal(deleted.statusCode, 200)
  t.same(await fetchContact(t, a, JAN.contact_id), JAN, "deleting B's Jan leaves A's")
})
