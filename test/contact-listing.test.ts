// The ways a large contact list takes to its rows (src/contacts/listing.ts: runs of the list order
// for deep pages, gram counts and the trigram index for searches, one workspace's rowids) against
// the plain filter: the same rows in the same order and the same total, for every kind of term,
// at offsets near both ends, after updates and deletes, with a second workspace alongside.
import t, { type Test } from 'tap'
import type { Contact } from '../schemas/contacts.js'
import { type Api, client, testApp } from './helpers.js'

type ListBody = { data: Contact[]; meta: { total: number; limit: number; offset: number } }

const firstNames = ['Anna', 'Daan', 'Zoë', 'Özlem', 'ÉLÉONORE', 'Iris', 'Jan "Sjonnie"', 'Ⅻ Roman', 'Émile', 'Quinn']
const mailboxes = ['Anna', 'Daan', 'Zoe', 'Ozlem', 'ELEONORE', 'Iris', 'Jan', 'XII', 'Emile', 'Q']
const lastNames = ['de Jong', 'Jansen', 'Ünal', 'IJzerman', 'İnce', 'van den Berg', '😀 Smiley', 'Ngô', 'Bakker']

/** Contact i of a workspace: names, mailboxes and numbers with common, rare and odd characters. */
function generated(i: number, workspace: number) {
  const hex = (workspace * 100_000 + i).toString(16).padStart(12, '0')
  return {
    // ids out of creation order, so the tie-break by id is exercised
    contact_id: `0c0c0c0c-0000-4000-8000-${hex.split('').reverse().join('')}`,
    phone_number: `+316${String(20_000_000 + workspace * 1_000_000 + i * 7)}`,
    full_name:
      i % 97 === 0
        ? `Xavier Qwerty ${i}`
        : `${firstNames[i % firstNames.length]} ${lastNames[Math.floor(i / 3) % lastNames.length]}`,
    ...(i % 5 === 0 ? {} : { email: `${mailboxes[i % mailboxes.length]}.${i}@Example.NL` }),
  }
}

/** What the plain filter answers: the term, lower-cased, in full_name, email or phone_number. */
const matching = (contacts: Contact[], search: string) =>
  contacts.filter((c) =>
    [c.full_name, c.email, c.phone_number]
      .filter((field) => field !== null)
      .join('\n')
      .toLowerCase()
      .includes(search.toLowerCase()),
  )

async function list(t: Test, api: Api, query: Record<string, string | number>) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()
  const res = await api.get(`/v1/contacts?${qs}`)
  t.equal(res.statusCode, 200)
  return res.json() as ListBody
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

async function seedCrowd(t: Test, api: Api, workspace: number) {
  for (let from = 0; from < crowdSize; from += 600) {
    const contacts = Array.from({ length: 600 }, (_, i) => generated(from + i, workspace))
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
    const expected = matching(all, search)
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
    await seedCrowd(t, other, 2)
    await seedCrowd(t, api, 1)

    let all = await wholeList(t, api)
    t.equal(all.length, crowdSize + 3, 'the seed and the crowd')
    t.same([...all].sort(newestFirst), all, 'newest first')
    await comparePages(t, api, all)
    await compareSearches(t, api, all)

    // updates move contacts to the top and change what a search finds; deletes take them out
    for (let k = 0; k < 41; k++) {
      const i = k * 73
      const { contact_id } = generated(i, 1)
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
    t.equal((await list(t, api, { search: 'a', limit: 1 })).meta.total, matching(await wholeList(t, api), 'a').length)
    t.equal((await list(t, api, { limit: 1, offset: 2 })).meta.total, 3)
  },
)
