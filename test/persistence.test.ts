// `--db <file>`: state survives closing the app and opening a new one on the same file
// (mock-control.md § Configuration: a file path keeps state across restarts, WAL mode).
import t, { type Test } from 'tap'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { buildApp } from '../src/app.js'
import type { Config } from '../src/config.js'
import { migrations } from '../src/db/migrations/index.js'
import { KEY, T0, client } from './helpers.js'

/** An app on `db`, built like testApp's (manual clock, wall held at T0) but closed by the caller. */
const open = (db: string, overrides: Partial<Config> = {}) =>
  buildApp({ clock: 'manual', logLevel: 'silent', quiet: true, seed: null, db, ...overrides }, { wall: () => T0 })

type App = Awaited<ReturnType<typeof open>>

/** Opens an app and makes sure it is closed at the end of `t` even if an assertion throws. */
async function openFor(t: Test, db: string, overrides: Partial<Config> = {}) {
  const app = await open(db, overrides)
  let closed = false
  t.teardown(async () => {
    if (!closed) await app.close()
  })
  return {
    app,
    close: async () => {
      closed = true
      await app.close()
    },
  }
}

const snapshot = async (app: App, key = KEY) => {
  const api = client(app, key)
  const [contacts, assistants, profile, clock] = await Promise.all([
    api.get('/v1/contacts?limit=100'),
    api.get('/v1/assistants?limit=100'),
    api.get('/v1/user/profile'),
    api.get('/_mock/clock'),
  ])
  for (const res of [contacts, assistants, profile, clock]) {
    if (res.statusCode !== 200) throw new Error(`snapshot: ${res.statusCode} ${res.body}`)
  }
  return { contacts: contacts.json(), assistants: assistants.json(), profile: profile.json(), clock: clock.json() }
}

t.test('a file database keeps data, profile and clock across a restart', async (t) => {
  const db = join(t.testdir({}), 'state.sqlite')

  const first = await openFor(t, db)
  const api = client(first.app)
  t.equal((await api.advance(90)).statusCode, 200)
  const contact = await api.post('/v1/contacts', {
    phone_number: '+31612340000',
    full_name: 'Blijft Bestaan',
    logs: { notitie: 'na herstart nog hier' },
  })
  t.equal(contact.statusCode, 201)
  const assistant = await api.post('/v1/assistants', { name: 'Persistent assistant', language: 'nl' })
  t.equal(assistant.statusCode, 201)
  t.equal((await api.patch('/_mock/config', { credits: 42 })).statusCode, 200)
  t.equal((await api.advance(30)).statusCode, 200)
  // a second workspace on the same file
  t.equal(
    (await client(first.app, 'second-key').post('/v1/contacts', { phone_number: '+31612340001' })).statusCode,
    201,
  )

  const before = await snapshot(first.app)
  const beforeSecond = await snapshot(first.app, 'second-key')
  t.equal(before.contacts.data.length, 1)
  t.equal(before.assistants.data.length, 1)
  t.equal(before.contacts.data[0].last_modified, '2026-01-15T10:31:30Z')
  t.equal(before.clock.data.now, '2026-01-15T10:32:00Z')
  await first.close()
  t.ok(existsSync(db), 'the database file exists')

  const second = await openFor(t, db)
  const after = await snapshot(second.app)
  t.same(after.contacts, before.contacts, 'same contacts')
  t.same(after.assistants, before.assistants, 'same assistants')
  t.same(after.profile, before.profile, 'same user profile')
  t.equal(after.profile.data.id, before.profile.data.id, 'same profile id')
  t.equal(after.profile.data.credits.credits, 42, 'same credits')
  t.same(
    after.clock,
    { data: { now: '2026-01-15T10:32:00Z', mode: 'manual', speed: 1, pending_timers: 0 } },
    'same clock',
  )
  t.same(await snapshot(second.app, 'second-key'), beforeSecond, 'the second workspace too')

  const created = contact.json()
  t.match((await client(second.app).get(`/v1/contacts/${created.contact_id}`)).json(), {
    contact_id: created.contact_id,
    full_name: 'Blijft Bestaan',
    logs: { notitie: 'na herstart nog hier' },
  })
  t.match((await client(second.app).get(`/v1/assistants/${assistant.json().data.id}`)).json(), {
    data: { name: 'Persistent assistant' },
  })

  // and it keeps working: the clock moves on from where it was
  t.match((await client(second.app).advance(60)).json(), { data: { now: '2026-01-15T10:33:00Z' } })
  await second.close()
})

t.test('pending timers survive a restart', async (t) => {
  const db = join(t.testdir({}), 'timers.sqlite')
  const first = await openFor(t, db)
  const workspace = first.app.services.workspaces.resolve(KEY)
  first.app.services.timers.schedule(workspace, T0 + 60_000, 'test-kind', { name: 'later' })
  t.match((await client(first.app).get('/_mock/clock')).json(), { data: { pending_timers: 1 } })
  await first.close()

  const second = await openFor(t, db)
  const fired: string[] = []
  second.app.services.timers.register('test-kind', (payload) => {
    fired.push((payload as { name: string }).name)
  })
  const api = client(second.app)
  t.match((await api.get('/_mock/clock')).json(), { data: { pending_timers: 1 } })
  await api.advance(60)
  t.same(fired, ['later'])
  t.match((await api.get('/_mock/clock')).json(), { data: { pending_timers: 0 } })
})

t.test('a database made before contact totals and the contact search index gets both', async (t) => {
  const db = join(t.testdir({}), 'version4.sqlite')
  const first = await openFor(t, db)
  const api = client(first.app)
  for (const [i, name] of ['Oude Jansen', 'Oude Bakker', 'Nieuwe Jansen'].entries()) {
    t.equal((await api.post('/v1/contacts', { phone_number: `+3161234000${i}`, full_name: name })).statusCode, 201)
  }
  t.equal((await client(first.app, 'other-key').get('/v1/contacts')).statusCode, 200, 'an empty second workspace')
  // what a database at user_version 4 holds: the same tables, without migration 5's
  first.app.services.db
    .exec(`DROP TRIGGER contacts_removed; DROP TABLE contacts_search_terms; DROP TABLE contacts_search;
    DROP TABLE contact_totals; DROP TABLE contact_grams; DROP TABLE contact_pages; PRAGMA user_version = 4;`)
  await first.close()

  const second = await openFor(t, db)
  t.equal(second.app.services.db.pragma('user_version', { simple: true }), migrations.length, 'migrated')
  const again = client(second.app)
  t.match((await again.get('/v1/contacts')).json(), { meta: { total: 3 } })
  t.match((await client(second.app, 'other-key').get('/v1/contacts')).json(), { data: [], meta: { total: 0 } })
  const jansens = (await again.get('/v1/contacts?search=JANSEN')).json()
  t.same(jansens.data.map((c: { full_name: string }) => c.full_name).sort(), ['Nieuwe Jansen', 'Oude Jansen'])
  t.equal(jansens.meta.total, 2)
  const oude = (await again.get('/v1/contacts?search=oude%20b')).json()
  t.equal((await again.delete(`/v1/contacts/${oude.data[0].contact_id}`)).statusCode, 200, 'Oude Bakker deleted')
  t.match((await again.get('/v1/contacts?search=oude')).json(), {
    data: [{ full_name: 'Oude Jansen' }],
    meta: { total: 1 },
  })
  t.match((await again.get('/v1/contacts')).json(), { meta: { total: 2 } })
})

t.test('a database made before per-workspace contact rowids, gram counts and list runs gets them', async (t) => {
  const db = join(t.testdir({}), 'version5.sqlite')
  const first = await openFor(t, db)
  const api = client(first.app)
  const other = client(first.app, 'other-key')
  const names = ['Oude Jansen', 'Oude Bakker', 'Nieuwe Jansen', 'Zoë Ünal', 'Ngô Quinn']
  for (const [i, name] of names.entries()) {
    for (const key of [api, other]) {
      const body = { phone_number: `+3161234000${i}`, full_name: name }
      t.equal((await key.post('/v1/contacts', body)).statusCode, 201)
    }
  }
  // what a database at user_version 5 holds: small rowids, the workspaces' interleaved, the index
  // without its two U+FFFF, migration 5's trigger, none of migration 6's tables
  const m5Trigger = migrations[4]!.slice(migrations[4]!.indexOf('CREATE TRIGGER'))
  first.app.services.db.exec(`DROP TRIGGER contacts_removed; DROP TABLE contacts_search_terms;
    DROP TABLE contact_grams; DROP TABLE contact_pages;
    UPDATE contacts SET rowid = -rowid; UPDATE contacts SET rowid = ((-rowid) & 0xffffffff) * 8 + ((-rowid) >> 32);
    INSERT INTO contacts_search (contacts_search) VALUES ('rebuild'); ${m5Trigger} PRAGMA user_version = 5;`)
  await first.close()

  const second = await openFor(t, db)
  t.equal(second.app.services.db.pragma('user_version', { simple: true }), migrations.length, 'migrated')
  const again = client(second.app)
  const found = async (search: string) => {
    const { data, meta } = (await again.get(`/v1/contacts?search=${encodeURIComponent(search)}&limit=100`)).json()
    t.equal(meta.total, data.length, `${search}: the total counts the rows`)
    return data.map((c: { full_name: string }) => c.full_name).sort()
  }
  t.same(await found('JANSEN'), ['Nieuwe Jansen', 'Oude Jansen'], 'the index, one workspace only')
  t.same(await found('ë'), ['Zoë Ünal'], 'a 1-character term, counted')
  t.same(await found('q'), ['Ngô Quinn'])
  t.same(await found('e'), ['Nieuwe Jansen', 'Oude Bakker', 'Oude Jansen'], 'not ë')
  t.same(await found('03'), ['Zoë Ünal'], 'the last characters of search_text')
  const oude = (await again.get('/v1/contacts?search=oude%20b')).json()
  t.equal((await again.delete(`/v1/contacts/${oude.data[0].contact_id}`)).statusCode, 200, 'Oude Bakker deleted')
  t.same(await found('oude'), ['Oude Jansen'])
  t.same(await found('b'), [], 'its grams uncounted')
  t.equal((await again.post('/v1/contacts', { phone_number: '+31612349999', full_name: 'Bea' })).statusCode, 201)
  t.same(await found('b'), ['Bea'], 'a new contact, counted')
  const { data: whole } = (await again.get('/v1/contacts')).json()
  t.same((await again.get('/v1/contacts?offset=3')).json().data, whole.slice(3), 'a later page')
  t.match((await client(second.app, 'other-key').get('/v1/contacts?search=b')).json(), { meta: { total: 1 } })
})

t.test('a file database is in WAL mode', async (t) => {
  const db = join(t.testdir({}), 'wal.sqlite')
  const { app } = await openFor(t, db)
  t.equal(app.services.db.pragma('journal_mode', { simple: true }), 'wal')
  // after a write the WAL file is there next to the database
  t.equal((await client(app).get('/v1/contacts')).statusCode, 200)
  t.ok(existsSync(`${db}-wal`), 'a -wal file exists')
})

t.test('the in-memory database is not persisted', async (t) => {
  const first = await openFor(t, ':memory:')
  t.equal((await client(first.app).post('/v1/contacts', { phone_number: '+31612340002' })).statusCode, 201)
  await first.close()
  const second = await openFor(t, ':memory:')
  t.match((await client(second.app).get('/v1/contacts')).json(), { data: [], meta: { total: 0 } })
})
