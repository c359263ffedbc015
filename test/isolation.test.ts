// Workspace isolation under concurrent load (README § Authentication): ten API keys create their
// contacts and assistants at the same time, interleaved request by request, while reading their
// lists. Afterwards every key sees exactly its own records (and its seeded ones), never another
// key's, and every GET, PATCH or DELETE of another key's record by id is a 404 that changes nothing.
import t from 'tap'
import { type Api, client, testApp, type TestApp } from './helpers.js'

const KEYS = Array.from({ length: 10 }, (_, i) => `iso-key-${i}`)
const CONTACTS = 15
const ASSISTANTS = 10

type Json = Record<string, any>

/** The marker every record of key `k` carries in its name. */
const marker = (k: number) => `[iso-${k}]`
const markerOf = (name: unknown) => /\[iso-(\d+)\]/.exec(String(name ?? ''))?.[1]

/** Shuffles deterministically (a fixed LCG), so the interleaving is the same on every run. */
function shuffled<T>(items: T[]): T[] {
  let state = 0x1234567
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

async function lists(api: Api) {
  const contacts = await api.get('/v1/contacts?limit=100')
  const assistants = await api.get('/v1/assistants?limit=100')
  return {
    contacts: contacts.json() as Json,
    assistants: assistants.json() as Json,
    raw: `${contacts.body}\n${assistants.body}`,
  }
}

t.test('ten keys writing at once each see exactly their own records', async (t) => {
  const app: TestApp = await testApp(t)
  const apis = KEYS.map((key) => client(app, key))

  // the seeded records every workspace starts with (the same in each)
  const seeded = await lists(apis[0]!)
  const seededContacts = new Set<string>(seeded.contacts.data.map((c: Json) => c.contact_id))
  const seededAssistants = new Set<string>(seeded.assistants.data.map((a: Json) => a.id))

  // -------------------------------------------------------------------------------------------
  // Phase 1: every key creates its records, all requests in flight together and interleaved across
  // keys; reads of each key's lists run in between.
  const createdContacts = KEYS.map(() => new Set<string>())
  const createdAssistants = KEYS.map(() => new Set<string>())
  const foreignSightings: string[] = []
  const failures: string[] = []

  type Job = () => Promise<void>
  const jobs: Job[] = []
  KEYS.forEach((_, k) => {
    const api = apis[k]!
    for (let i = 0; i < CONTACTS; i++) {
      jobs.push(async () => {
        // the same phone numbers in every workspace: uniqueness is per workspace
        const res = await api.post('/v1/contacts', {
          phone_number: `+3161000${String(i).padStart(4, '0')}`,
          full_name: `${marker(k)} contact ${i}`,
          logs: { owner: marker(k) },
        })
        if (res.statusCode !== 201) {
          failures.push(`key ${k} contact ${i}: ${res.statusCode} ${res.body}`)
          return
        }
        createdContacts[k]!.add(res.json().contact_id)
      })
    }
    for (let i = 0; i < ASSISTANTS; i++) {
      jobs.push(async () => {
        const res = await api.post('/v1/assistants', {
          name: `${marker(k)} assistant ${i}`,
          first_message: `Hallo van ${marker(k)}`,
        })
        if (res.statusCode !== 201) {
          failures.push(`key ${k} assistant ${i}: ${res.statusCode} ${res.body}`)
          return
        }
        createdAssistants[k]!.add(res.json().data.id)
      })
    }
    for (let i = 0; i < 5; i++) {
      jobs.push(async () => {
        const { contacts, assistants } = await lists(api)
        for (const item of [...contacts.data, ...assistants.data]) {
          const owner = markerOf(item.full_name ?? item.name)
          if (owner !== undefined && Number(owner) !== k) {
            foreignSightings.push(`key ${k} saw ${JSON.stringify(item).slice(0, 200)}`)
          }
        }
      })
    }
  })
  const order = shuffled(jobs)
  t.ok(order.length >= 250, `${order.length} requests in flight together`)
  await Promise.all(order.map((job) => job()))
  t.same(failures, [], 'every create succeeded')
  t.same(foreignSightings, [], 'no list read during the writes showed another key’s record')

  // -------------------------------------------------------------------------------------------
  // Phase 2: each key's lists hold exactly its own records plus the seeded ones.
  const before: string[] = []
  for (const [k, api] of apis.entries()) {
    const { contacts, assistants, raw } = await lists(api)
    before.push(raw)
    const contactIds = new Set<string>(contacts.data.map((c: Json) => c.contact_id))
    const assistantIds = new Set<string>(assistants.data.map((a: Json) => a.id))
    t.same([...contactIds].sort(), [...seededContacts, ...createdContacts[k]!].sort(), `key ${k}: exactly its contacts`)
    t.same(
      [...assistantIds].sort(),
      [...seededAssistants, ...createdAssistants[k]!].sort(),
      `key ${k}: exactly its assistants`,
    )
    t.equal(contacts.meta.total, seededContacts.size + CONTACTS, `key ${k}: contacts total`)
    t.equal(assistants.meta.total, seededAssistants.size + ASSISTANTS, `key ${k}: assistants total`)
    const owners = new Set(
      [
        ...contacts.data.map((c: Json) => markerOf(c.full_name)),
        ...assistants.data.map((a: Json) => markerOf(a.name)),
      ].filter((owner) => owner !== undefined),
    )
    t.same([...owners], [String(k)], `key ${k}: every marked name is its own`)
    t.notOk(
      contacts.data.some((c: Json) => c.logs?.owner !== undefined && c.logs.owner !== marker(k)),
      `key ${k}: no foreign logs`,
    )
    const user = (await api.get('/v1/user/profile/extended')).json().data
    t.match(
      user.usage,
      { contacts: seededContacts.size + CONTACTS, assistants: seededAssistants.size + ASSISTANTS },
      `key ${k}: live counts`,
    )
  }
  // the same number lives in every workspace, once in each
  for (const [k, api] of apis.entries()) {
    const res = await api.get('/v1/contacts?phone_number=%2B31610000003')
    t.equal(res.json().meta.total, 1, `key ${k}: one contact with +31610000003`)
    t.equal(markerOf(res.json().data[0]?.full_name), String(k), `key ${k}: and it is its own`)
  }

  // -------------------------------------------------------------------------------------------
  // Phase 3: every key tries every other key's records by id, all at once: GET, PATCH and DELETE
  // in turn. Each is a 404 `not_found`.
  const wrongAnswers: string[] = []
  const attacks: Promise<void>[] = []
  let attempt = 0
  for (const [k, api] of apis.entries()) {
    for (const [owner] of KEYS.entries()) {
      if (owner === k) continue
      const targets = [
        ...[...createdContacts[owner]!].map((id) => ({
          url: `/v1/contacts/${id}`,
          patch: { full_name: `hijacked by ${marker(k)}` },
        })),
        ...[...createdAssistants[owner]!].map((id) => ({
          url: `/v1/assistants/${id}`,
          patch: { name: `hijacked by ${marker(k)}` },
        })),
      ]
      for (const target of targets) {
        const method = (['GET', 'PATCH', 'DELETE'] as const)[attempt++ % 3]!
        attacks.push(
          (async () => {
            const res =
              method === 'GET'
                ? await api.get(target.url)
                : method === 'PATCH'
                  ? await api.patch(target.url, target.patch)
                  : await api.delete(target.url)
            const body = res.json()
            if (res.statusCode !== 404 || body.error?.code !== 'not_found') {
              wrongAnswers.push(
                `key ${k} ${method} ${target.url} (of key ${owner}): ${res.statusCode} ${res.body.slice(0, 200)}`,
              )
            }
          })(),
        )
      }
    }
  }
  await Promise.all(shuffled(attacks))
  t.equal(
    attacks.length,
    KEYS.length * (KEYS.length - 1) * (CONTACTS + ASSISTANTS),
    `${attacks.length} cross-key requests`,
  )
  t.same(wrongAnswers, [], 'every cross-key GET, PATCH and DELETE is a 404 not_found')

  // ... and nothing changed: each key's lists read exactly as before, and each record as created
  for (const [k, api] of apis.entries()) {
    const { raw } = await lists(api)
    t.equal(raw, before[k], `key ${k}: lists unchanged by the other keys`)
    t.notMatch(raw, /hijacked/, `key ${k}: no hijacked name`)
    for (const id of createdContacts[k]!) {
      const res = await api.get(`/v1/contacts/${id}`)
      if (res.statusCode !== 200 || markerOf(res.json().full_name) !== String(k)) {
        t.fail(`key ${k}: contact ${id} answers ${res.statusCode} ${res.body.slice(0, 200)}`)
      }
    }
    for (const id of createdAssistants[k]!) {
      const res = await api.get(`/v1/assistants/${id}`)
      if (res.statusCode !== 200 || markerOf(res.json().data.name) !== String(k)) {
        t.fail(`key ${k}: assistant ${id} answers ${res.statusCode} ${res.body.slice(0, 200)}`)
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Phase 4: a key's own deletes, concurrent with everyone else's reads, touch only its records.
  const deletions = apis.map(async (api, k) => {
    const [contactId] = createdContacts[k]!
    const [assistantId] = createdAssistants[k]!
    const results = await Promise.all([
      api.delete(`/v1/contacts/${contactId}`),
      api.delete(`/v1/assistants/${assistantId}`),
    ])
    return results.map((r) => r.statusCode)
  })
  const reads = apis.map((api) => lists(api))
  const [deleted] = await Promise.all([Promise.all(deletions), Promise.all(reads)])
  t.same(
    deleted,
    KEYS.map(() => [200, 200]),
    'each key deletes one of its contacts and assistants',
  )
  for (const [k, api] of apis.entries()) {
    const { contacts, assistants } = await lists(api)
    t.equal(contacts.meta.total, seededContacts.size + CONTACTS - 1, `key ${k}: one contact fewer`)
    t.equal(assistants.meta.total, seededAssistants.size + ASSISTANTS - 1, `key ${k}: one assistant fewer`)
  }
})
