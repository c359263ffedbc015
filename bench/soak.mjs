// `npm run soak [-- --seconds 60]`: mixed good and hostile traffic against one real flireo-mock
// process (compiled from the current sources, as test/server-process.ts does) for a bounded time, then the figures that say
// whether one careless or hostile client can hurt the others: the count of 5xx answers (should be
// 0), the server's RSS before and after, and the p99 latency of the good requests. Not a test.
import { connect } from 'node:net'
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import { freePort, rssMb, startServer } from './lib/children.mjs'
import { request } from './lib/http.mjs'
import { root } from './lib/servers.mjs'
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    workers: { type: 'string', default: '8' },
    hostile: { type: 'string', default: '0.25' },
  },
})
const seconds = Number(values.seconds)
const workers = Number(values.workers)
/** The share of requests that are hostile. */
const hostileShare = Number(values.hostile)
const log = (line) => process.stdout.write(`soak: ${line}\n`)

// The JavaScript only, into bench/.tmp (inside the package, so its node_modules resolve), removed
// once the server has loaded it (the linters would read it).
const outDir = join(root, 'bench/.tmp/soak')
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const flags = ['--noCheck', '--declaration', 'false', '--sourceMap', 'false', '--incremental', 'false']
const built = spawnSync(process.execPath, [tsc, '-p', root, '--outDir', outDir, ...flags], { encoding: 'utf8' })
if (built.status !== 0) throw new Error(`tsc failed: ${built.stdout}${built.stderr}`)
const port = await freePort()
const base = `http://127.0.0.1:${port}`
const server = await startServer({
  args: [join(outDir, 'src/server.js'), '--port', String(port), '--quiet'],
  cwd: root,
  healthUrl: `${base}/health`,
})

rmSync(outDir, { recursive: true, force: true })

// A webhook receiver that streams a large answer slowly, as a careless test server might.
const receiver = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    let sent = 0
    const timer = setInterval(() => (++sent > 16 ? res.end() : res.write('r'.repeat(64 * 1024))), 100)
    res.on('close', () => clearInterval(timer))
  })
})
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const hookUrl = `http://127.0.0.1:${receiver.address().port}/hook`

const good = { authorization: 'Bearer soak-good' }
const hostile = { authorization: 'Bearer soak-hostile' }
const assistant = '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7'
const contact = 'd4e5f6a7-b8c9-4123-8ef0-1234567890ab'

/** Raw bytes on a fresh connection; resolves with the status of the answer (0 for none). */
const raw = (bytes) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => (text += chunk))
    socket.on('error', () => {})
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0)))
    socket.setTimeout(10_000, () => socket.destroy())
  })

let phone = 0
const newPhone = () => `+3161${String(++phone).padStart(7, '0')}`
const keys = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']))

const goodActions = [
  () => request(`${base}/v1/contacts?limit=20`, { headers: good }),
  () => request(`${base}/v1/contacts/${contact}`, { headers: good }),
  () =>
    request(`${base}/v1/contacts`, {
      method: 'POST',
      headers: good,
      body: { phone_number: newPhone(), full_name: 'Soak' },
    }),
  () =>
    request(`${base}/v1/contacts/${contact}`, {
      method: 'PATCH',
      headers: good,
      body: { logs: { soak: String(phone) } },
    }),
  () => request(`${base}/v1/assistants`, { headers: good }),
  () => request(`${base}/v1/user/profile`, { headers: good }),
  () => request(`${base}/health`),
]

const hostileActions = [
  // bodies: huge, deep, not UTF-8, polluting, free-form objects too big
  () =>
    request(`${base}/v1/contacts`, {
      method: 'POST',
      headers: hostile,
      body: { phone_number: '+31611111111', junk: 'j'.repeat(900 * 1024) },
    }),
  () =>
    request(`${base}/v1/contacts`, { method: 'POST', headers: hostile, body: '['.repeat(10_000) + ']'.repeat(10_000) }),
  () =>
    raw(
      Buffer.concat([
        Buffer.from(
          `POST /v1/contacts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer soak-hostile\r\nContent-Type: application/json\r\nContent-Length: 48\r\nConnection: close\r\n\r\n`,
        ),
        Buffer.from('{"phone_number":"+31611111112","full_name":"'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x22]),
      ]),
    ),
  () =>
    request(`${base}/v1/contacts`, {
      method: 'POST',
      headers: hostile,
      body: '{"phone_number":"+31611111113","__proto__":{"admin":true}}',
    }),
  () => request(`${base}/v1/contacts/${contact}`, { method: 'PATCH', headers: hostile, body: { logs: keys(60_000) } }),
  // the HTTP parser
  () => raw('GET /v1/contacts HTTP/1.1\r\nHost: x\r\nX-Note: a\rb\r\n\r\n'),
  () => raw('POST /v1/contacts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'),
  () =>
    raw('POST /v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'),
  () => raw('FL!REO / HTTP/1.1\r\nHost: x\r\n\r\n'),
  () => raw(`GET /v1/contacts?search=${'a'.repeat(17 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`),
  // odd values, spelled keys, a slow fault pattern, calls to a slow receiver
  () => request(`${base}/v1/contacts?limit=0x10`, { headers: hostile }),
  () => request(`${base}/v1/calls?status=bogus`, { headers: hostile }),
  () => request(`${base}/v1/contacts`, { headers: { authorization: 'bEaReR   soak-hostile' } }),
  () => request(`${base}/v1/contacts/${'a'.repeat(100)}`, { headers: hostile }),
  () =>
    request(`${base}/v1/calls/outbound`, {
      method: 'POST',
      headers: hostile,
      body: { assistant_id: assistant, phone_number: newPhone() },
    }),
  () => request(`${base}/_mock/clock/advance`, { method: 'POST', headers: hostile, body: { seconds: 30 } }),
]

// The hostile workspace: a manual clock, webhooks to the slow receiver, a pathological fault pattern.
await request(`${base}/_mock/clock/mode`, { method: 'POST', headers: hostile, body: { mode: 'manual' } })
await request(`${base}/_mock/config`, { method: 'PATCH', headers: hostile, body: { webhook_urls: [hookUrl] } })
await request(`${base}/_mock/faults`, {
  method: 'POST',
  headers: hostile,
  body: { path: '/**a**a**a**a**a**a**b', status: 500 },
})

// Warm up, then measure.
for (let i = 0; i < 200; i++) await goodActions[i % goodActions.length]()
const rssBefore = rssMb(server.pid)
let rssPeak = rssBefore
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(server.pid) ?? 0)), 500)

const latencies = []
const statuses = new Map()
let errors = 0
const count = (status) => statuses.set(status, (statuses.get(status) ?? 0) + 1)
const deadline = performance.now() + seconds * 1000
let slowConnections = 0

async function worker(index) {
  let n = 0
  while (performance.now() < deadline) {
    n++
    // A share `hostileShare` of the requests is hostile, the rest good. One worker also leaves half-sent requests open.
    if (index === 0 && n % 50 === 0 && slowConnections < 50) {
      slowConnections++
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\n'))
      socket.on('error', () => {})
      continue
    }
    const isGood = Math.random() >= hostileShare
    const actions = isGood ? goodActions : hostileActions
    const action = actions[Math.floor(Math.random() * actions.length)]
    const started = performance.now()
    try {
      const result = await action()
      const status = typeof result === 'number' ? result : result.status
      count(status)
      if (isGood) latencies.push(performance.now() - started)
    } catch {
      errors++
    }
  }
}

log(`${seconds} s, ${workers} concurrent clients, against ${base} (pid ${server.pid})`)
await Promise.all(Array.from({ length: workers }, (_, i) => worker(i)))
clearInterval(sampler)
const rssAfter = rssMb(server.pid)
const health = await request(`${base}/health`).then(
  (res) => res.status,
  () => 0,
)
await server.stop()
receiver.closeAllConnections()
receiver.close()

latencies.sort((a, b) => a - b)
const quantile = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN
const total = [...statuses.values()].reduce((a, b) => a + b, 0)
const fiveXx = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0)
log(`requests: ${total} answered, ${errors} without an answer (network errors, time-outs)`)
log(
  `statuses: ${[...statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ')}`,
)
log(`5xx: ${fiveXx}`)
log(`RSS: ${rssBefore.toFixed(0)} MB before, ${rssAfter.toFixed(0)} MB after (peak ${rssPeak.toFixed(0)} MB)`)
log(
  `good requests: ${latencies.length}, p50 ${quantile(0.5).toFixed(1)} ms, p99 ${quantile(0.99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms`,
)
log(`/health after the soak: ${health}`)
process.exit(fiveXx === 0 && health === 200 ? 0 : 1)
