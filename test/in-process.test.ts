// The in-process API (mock-control.md § Using it from tests) used exactly as a user would: from the
// package entry, over real HTTP with fetch, with a real webhook receiver on loopback. And the
// package itself: what `npm pack` would ship.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startMock, type RunningMock } from '../src/index.js'
import { api, start } from './in-process.js'
import { startReceiver } from './receiver.js'
import { KLANTENSERVICE, SEEDED_CONTACTS } from './fixtures.js'

// --- helpers ---------------------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL('..', import.meta.url))

const contactIds = async (mock: RunningMock) =>
  ((await api(mock, 'GET', '/v1/contacts?limit=100')).json.data as { contact_id: string }[])
    .map((c) => c.contact_id)
    .sort()

// --- startMock -------------------------------------------------------------------------------------

t.test('startMock: url, apiKey, headers, and the seed over fetch', async (t) => {
  const mock = await start(t)
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/, 'listens on loopback at a free port')

  const health = await fetch(mock.url + '/health')
  t.equal(health.status, 200)
  t.match(await health.json(), { status: 'ok', version: String })

  t.type(mock.apiKey, 'string')
  t.ok(mock.apiKey.length > 0)
  t.same(mock.headers, { authorization: `Bearer ${mock.apiKey}` }, 'headers carry the key')

  const res = await fetch(mock.url + '/v1/contacts', { headers: mock.headers })
  t.equal(res.status, 200)
  const body = await res.json()
  t.same(body.data.map((c: { contact_id: string }) => c.contact_id).sort(), SEEDED_CONTACTS, 'the seeded contacts')
  t.same(body.meta, { total: 3, limit: 20, offset: 0 })
  t.equal(mock.app.server.listening, true, 'mock.app is the running Fastify app')
})

t.test('mock.clock: get, advance, advanceTo, setMode', async (t) => {
  const mock = await start(t)
  const first = await mock.clock.get()
  t.match(first, { mode: 'manual', speed: 1, pending_timers: 0 })
  t.ok(Math.abs(Date.parse(first.now) - Date.now()) < 60_000, 'a new workspace starts at the wall time')

  const advanced = await mock.clock.advance(60)
  t.equal(Date.parse(advanced.now) - Date.parse(first.now), 60_000, 'advance(60) moves now by 60 s')
  t.equal((await mock.clock.get()).now, advanced.now, 'and the clock stays there (manual)')

  const target = new Date(Date.parse(advanced.now) + 3_600_000)
  const moved = await mock.clock.advanceTo(target)
  t.equal(Date.parse(moved.now), target.getTime(), 'advanceTo(Date)')
  const later = new Date(target.getTime() + 86_400_000).toISOString()
  t.equal(Date.parse((await mock.clock.advanceTo(later)).now), Date.parse(later), 'advanceTo(string)')
  await t.rejects(mock.clock.advanceTo(first.now), /400/, 'advanceTo the past is refused')

  const real = await mock.clock.setMode('real')
  t.match(real, { mode: 'real', speed: 1 })
  t.ok(Date.parse(real.now) >= Date.parse(later), 'switching to real does not jump back')
  t.match(await mock.clock.setMode('real', 5), { mode: 'real', speed: 5 })
  t.match(await mock.clock.setMode('manual'), { mode: 'manual' })
})

t.test('mock.config, mock.seed, mock.requests, mock.reset', async (t) => {
  const mock = await start(t)

  const defaults = await mock.config()
  t.match(defaults, { call_mode: 'auto', credits: 100, webhook_urls: [] }, 'config() reads')
  const changed = await mock.config({ call_mode: 'manual', credits: 42 })
  t.match(changed, { call_mode: 'manual', credits: 42 }, 'config(changes) answers with the new settings')
  t.match(await mock.config(), { call_mode: 'manual', credits: 42 }, 'and they stay')
  await t.rejects(mock.config({ call_mode: 'sideways' }), /400/, 'a bad setting rejects')

  const added = 'abcdef01-2345-4678-9abc-def012345678'
  await mock.seed({ contacts: [{ contact_id: added, phone_number: '+31677777777', full_name: 'Seeded in-process' }] })
  t.same(await contactIds(mock), [...SEEDED_CONTACTS, added].sort(), 'seed() adds a contact')
  const contact = await api(mock, 'GET', `/v1/contacts/${added}`)
  t.match(contact.json, { contact_id: added, full_name: 'Seeded in-process' })

  const journal = await mock.requests()
  t.same(journal.meta, { total: 2, limit: 20, offset: 0 }, 'the two fetches, and none of the helpers')
  t.same(
    journal.data.map((e) => `${e.method} ${e.path} ${e.status}`),
    [`GET /v1/contacts/${added} 200`, 'GET /v1/contacts 200'],
    'requests() shows the fetches, newest first',
  )
  t.same((await mock.requests({ path: '/v1/contacts/' })).data.length, 1, 'with filters')

  await mock.reset()
  t.same(await contactIds(mock), SEEDED_CONTACTS, 'reset() restores the seed')
  t.match(await mock.config(), { call_mode: 'auto', credits: 100 }, 'and the settings')
  t.same(
    (await mock.requests()).data.map((e) => e.path),
    ['/v1/contacts'],
    'and clears the journal',
  )
})

t.test('a call with a receiver: advance runs it to its end and its webhooks', async (t) => {
  const receiver = await startReceiver(t)
  const mock = await start(t)
  t.match(await mock.config({ webhook_urls: [receiver.url()] }), { webhook_urls: [receiver.url()] })

  const started = await api(mock, 'POST', '/v1/calls/outbound', {
    assistant_id: KLANTENSERVICE,
    phone_number: '+31612345678',
  })
  t.equal(started.status, 201, 'call started')
  const id = started.json.data.id as string

  const clock = await mock.clock.advance(60)
  t.equal(clock.pending_timers, 0, 'nothing left to fire')
  t.same(
    receiver.events(),
    ['status-update:in-progress', 'status-update:ended', 'end-of-call-report'],
    'the webhooks, in order',
  )
  t.ok(
    receiver.received.every((r) => r.body.callId === id || r.body.callSession === id),
    'all about this call',
  )

  const reports = await mock.webhookDeliveries({ event: 'end-of-call-report' })
  t.equal(reports.meta.total, 1)
  t.match(reports.data[0], { call_id: id, event: 'end-of-call-report', url: receiver.url(), ok: true })
  t.equal((await mock.webhookDeliveries()).meta.total, 3, 'three in the delivery log')
  t.equal((await mock.webhookDeliveries({ ok: false })).meta.total, 0)

  const call = (await api(mock, 'GET', `/v1/calls/${id}`)).json.data
  t.equal(call.status, 'ended')
  t.ok(
    String(call.recording_url).startsWith(`${mock.url}/_mock/recordings/`),
    'the recording link points at this server',
  )
  const recording = await fetch(call.recording_url)
  t.equal(recording.status, 200, 'and serves')
  t.equal(recording.headers.get('content-type'), 'audio/wav')
})

t.test('mock.close() closes the server', async (t) => {
  const mock = await startMock({ clock: 'manual', logLevel: 'silent' })
  t.equal((await fetch(mock.url + '/health')).status, 200)
  await mock.close()
  await t.rejects(fetch(mock.url + '/health'), 'a fetch afterwards fails')
  await t.rejects(fetch(mock.url + '/v1/contacts', { headers: mock.headers }))
})

t.test('two mocks at once: different ports, separate data', async (t) => {
  // the same key on both: what separates them is the server, not the workspace
  const a = await start(t, { apiKey: 'shared-key' })
  const b = await start(t, { apiKey: 'shared-key' })
  t.not(a.url, b.url, `different ports (${a.url}, ${b.url})`)

  const created = await api(a, 'POST', '/v1/contacts', { phone_number: '+31699999999', full_name: 'Only in A' })
  t.equal(created.status, 201)
  t.equal((await api(a, 'GET', '/v1/contacts')).json.meta.total, 4)
  t.equal((await api(b, 'GET', '/v1/contacts')).json.meta.total, 3, 'B does not see it')
  t.equal((await api(b, 'GET', `/v1/contacts/${created.json.contact_id}`)).status, 404)

  await a.clock.advance(3600)
  await a.config({ credits: 1 })
  t.match(await b.config(), { credits: 100 }, "B's settings are its own")
  t.ok(
    Date.parse((await a.clock.get()).now) - Date.parse((await b.clock.get()).now) > 3_000_000,
    "B's clock did not move",
  )
  t.same(
    (await b.requests()).data.map((e) => `${e.method} ${e.path}`),
    ['GET /v1/contacts/' + created.json.contact_id, 'GET /v1/contacts'],
  )
  t.equal((await a.requests()).meta.total, 2, "A's journal has only A's requests")
})

t.test('startMock with an adminToken: the helpers send it', async (t) => {
  const mock = await start(t, { adminToken: 's3cret' })
  t.same(mock.headers, { authorization: `Bearer ${mock.apiKey}`, 'x-mock-admin': 's3cret' })

  const without = await fetch(mock.url + '/_mock/clock', { headers: { authorization: `Bearer ${mock.apiKey}` } })
  t.equal(without.status, 401, 'the control plane needs the token')
  t.match(await without.json(), { error: { code: 'unauthorized' } })

  t.match(await mock.clock.get(), { mode: 'manual' }, 'clock.get()')
  await mock.clock.advance(10)
  t.match(await mock.config({ call_mode: 'manual' }), { call_mode: 'manual' }, 'config()')
  await mock.seed({ contacts: [{ phone_number: '+31677777777' }] })
  t.equal((await api(mock, 'GET', '/v1/contacts')).json.meta.total, 4, 'seed()')
  t.equal((await mock.requests()).meta.total, 1, 'requests()')
  t.equal((await mock.webhookDeliveries()).meta.total, 0, 'webhookDeliveries()')
  await mock.reset()
  t.equal((await api(mock, 'GET', '/v1/contacts')).json.meta.total, 3, 'reset()')
  t.equal((await fetch(mock.url + '/_mock/clock', { headers: mock.headers })).status, 200, 'fetch with mock.headers')
})

// --- the package -----------------------------------------------------------------------------------

t.test('the package: npm pack ships the build, the seed and package.json', async (t) => {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' })
  // the build above is what `prepare` would do; skip it so stdout is only the JSON
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const [pack] = JSON.parse(output) as { name: string; files: { path: string }[] }[]
  t.equal(pack!.name, 'flireo-mock')
  const files = pack!.files.map((f) => f.path)

  for (const path of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/flireo-mock.js', 'package.json']) {
    t.ok(files.includes(path), `ships ${path}`)
  }
  const seeds = files.filter((f) => /^seed\/[^/]+\.json$/.test(f))
  t.ok(seeds.length > 0, `ships the seed: ${seeds.join(', ')}`)
  t.same(
    files.filter((f) => f.startsWith('test/')),
    [],
    'no tests',
  )
  t.same(
    files.filter((f) => /^(src|schemas)\/.*\.ts$/.test(f)),
    [],
    'no TypeScript sources',
  )

  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const bin = String(pkg.bin['flireo-mock']).replace(/^\.\//, '')
  t.ok(files.includes(bin), `bin flireo-mock (${bin}) is shipped`)
  t.match(readFileSync(`${ROOT}/${bin}`, 'utf8'), /^#!\/usr\/bin\/env node\n/, 'and starts with a node shebang')
  for (const entry of [pkg.main, pkg.types, pkg.exports['.'].default, pkg.exports['.'].types]) {
    t.ok(files.includes(String(entry).replace(/^\.\//, '')), `${entry} is shipped`)
  }

  const declarations = readFileSync(`${ROOT}/dist/src/index.d.ts`, 'utf8')
  t.match(declarations, /export declare function startMock\(/, 'index.d.ts declares startMock')
  t.match(declarations, /export interface RunningMock\b/, 'and RunningMock')
})
