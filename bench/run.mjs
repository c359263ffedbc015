// `npm run bench [-- --quick]`: flireo-mock against the stack's own limit (a minimal Fastify +
// better-sqlite3 contact server, both running, measured back to back in alternating rounds); then
// side by side with json-server, Prism, Mockoon and a bare Fastify server (the ceiling of this
// machine), one server at a time; then flireo-mock at scale. `-- --stack-limit` runs the first part
// only. The Markdown report goes to stdout and bench/results/; progress goes to stderr.
import { spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { readFileSync, renameSync, mkdirSync, writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { rssMb, startOnFreePort } from './lib/children.mjs'
import { cpuMeter } from './lib/cpu.mjs'
import { loadSettings, measure, median, workloadRequest } from './lib/load.mjs'
import { renderReport } from './lib/report.mjs'
import { callsAtScale, contactsAtScale } from './lib/scale.mjs'
import { root, servers } from './lib/servers.mjs'
import { againstStackLimit } from './lib/stack-limit.mjs'

const quick = process.argv.includes('--quick')
const stackLimitOnly = process.argv.includes('--stack-limit')
const plan = {
  quick,
  stackLimitOnly,
  stackLimitRounds: quick ? 3 : 5,
  stackLimitSeconds: quick ? 2 : 5,
  ...loadSettings,
  seconds: quick ? 3 : 10,
  coldStarts: quick ? 3 : 10,
  contacts: quick ? 10_000 : 100_000,
  scaleRequests: quick ? 500 : 2_000,
  calls: quick ? 200 : 1_000,
}
const log = (message) => process.stderr.write(`bench: ${message}\n`)

const start = (server, args) =>
  startOnFreePort({ args, healthPath: server.healthPath, cwd: root, headers: server.headers, timeoutMs: 60_000 })

/** A server's entry in the results, with how to start it; a peer that cannot be set up is skipped. */
async function setUp(server) {
  const entry = { name: server.name, role: server.role, how: server.how, workloads: {}, server }
  try {
    const { version, args } = await server.setup(log)
    Object.assign(entry, { version, args })
  } catch (error) {
    skip(entry, error)
  }
  return entry
}

function skip(entry, error) {
  if (entry.role === 'subject') throw error
  entry.skipped = error.message
  log(`${entry.name} skipped: ${error.message}`)
}

/**
 * Cold starts of every server, interleaved: each round starts each server once, in an order reversed
 * from round to round, so what the machine does meanwhile touches all of them alike (ten in a row
 * of one, then ten of the next, had made the same build 1.3× or 1.7× bare Fastify).
 */
async function coldStarts(entries) {
  const runs = new Map(entries.map((entry) => [entry, []]))
  for (let round = 0; round < plan.coldStarts; round++) {
    const ready = entries.filter((entry) => !entry.skipped)
    for (const entry of round % 2 ? ready.reverse() : ready) {
      try {
        const proc = await start(entry.server, entry.args)
        runs.get(entry).push(proc.startupMs)
        await proc.stop()
      } catch (error) {
        skip(entry, error)
      }
    }
  }
  for (const [entry, ms] of runs) {
    if (!entry.skipped) entry.coldStart = { median: median(ms), min: Math.min(...ms), max: Math.max(...ms) }
  }
}

/** Idle RSS and the workloads, one server at a time. */
async function benchServer(entry) {
  const { server, args } = entry
  try {
    const proc = await start(server, args)
    try {
      await sleep(1000)
      entry.idleRssMb = rssMb(proc.pid)
      await server.prepare?.(proc.baseUrl)
      for (const [name, path] of Object.entries(server.workloads)) {
        log(`${server.name}: ${name} ${path}`)
        const sampleRss = name === 'getOne' || name === 'hello'
        const request = workloadRequest(server, name, path)
        entry.workloads[name] = await measure(proc.baseUrl, request, {
          seconds: plan.seconds,
          pid: proc.pid,
          sampleRss,
        })
      }
      entry.loadRssMb = (entry.workloads.getOne ?? entry.workloads.hello).rssPeakMb
    } finally {
      await proc.stop()
    }
  } catch (error) {
    skip(entry, error)
  }
}

/** Runs a scale test on a fresh flireo-mock; a failure is reported, not thrown. */
async function onFreshMock(name, test) {
  log(`flireo-mock at scale: ${name}`)
  const flireo = servers.find((s) => s.role === 'subject')
  try {
    const proc = await start(flireo, (await flireo.setup(log)).args)
    try {
      return await test(proc.baseUrl)
    } finally {
      await proc.stop()
    }
  } catch (error) {
    log(`${name} failed: ${error.message}`)
    return { error: error.message }
  }
}

/** The commit of flireo-mock measured, and whether src/ or schemas/ differ from it. */
function revision() {
  const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8', timeout: 10_000 })
  const head = git('rev-parse', '--short', 'HEAD')
  if (head.status !== 0) return 'an unknown commit'
  const dirty = git('status', '--porcelain', '--', 'src', 'schemas').stdout.trim() !== ''
  return `commit ${head.stdout.trim()}${dirty ? ' with uncommitted changes in src/ or schemas/' : ''}`
}

function machine() {
  const cpu =
    /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown CPU'
  return { node: process.version, cpu, cores: cpus().length, loadAverage: loadavg()[0] }
}

/** Writes through a .tmp file and a rename, so a reader never sees half a report. */
function writeReport(name, text) {
  const file = new URL(`results/${name}`, import.meta.url)
  mkdirSync(new URL('results/', import.meta.url), { recursive: true })
  writeFileSync(new URL(`results/${name}.tmp`, import.meta.url), text)
  renameSync(new URL(`results/${name}.tmp`, import.meta.url), file)
  log(`wrote bench/results/${name}`)
}

const results = {
  date: new Date().toISOString().slice(0, 10),
  revision: revision(),
  machine: machine(),
  plan,
  servers: [],
  scale: {},
}
const wholeRun = cpuMeter()
const flireo = servers.find((s) => s.role === 'subject')
log(`flireo-mock against the stack limit: ${plan.stackLimitRounds} rounds of ${plan.stackLimitSeconds} s`)
results.stackLimit = await againstStackLimit((await flireo.setup(log)).args, {
  rounds: plan.stackLimitRounds,
  seconds: plan.stackLimitSeconds,
  log,
})
if (!stackLimitOnly) {
  const entries = []
  for (const server of servers) entries.push(await setUp(server))
  log(`${plan.coldStarts} rounds of cold starts`)
  await coldStarts(entries)
  for (const entry of entries.filter((e) => !e.skipped)) await benchServer(entry)
  results.servers = entries.map(({ server: _server, args: _args, ...entry }) => entry)
  results.scale.contacts = await onFreshMock(`${plan.contacts} contacts`, (url) =>
    contactsAtScale(url, { contacts: plan.contacts, requests: plan.scaleRequests }),
  )
  results.scale.calls = await onFreshMock(`${plan.calls} calls`, (url) => callsAtScale(url, { calls: plan.calls }))
}
results.machine.steal = wholeRun().steal

const report = renderReport(results)
process.stdout.write(report)
if (quick || stackLimitOnly) writeReport(stackLimitOnly ? 'stack-limit.md' : 'quick.md', report)
else {
  writeReport(`${results.date}.md`, report)
  writeReport('latest.md', report)
}
