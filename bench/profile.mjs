// `node bench/profile.mjs [getOne|page|post] [seconds] [--against-stack]`: flireo-mock under one
// workload of the bench (GET one contact by default) with --cpu-prof, then where its CPU time went:
// the top self-time functions and the inclusive time of flireo-mock's own functions, counted from
// its first HTTP request on (start-up excluded). With --against-stack the stack-limit server
// (../shared/bench/stack-limit-server.mjs) is profiled the same way, after it, and the report
// compares the two a request at a time, by where the time is spent: a package, a part of Node,
// flireo-mock's own file, or the engine (garbage collector, writev, ...). The profiles are kept in
// bench/.tmp/profile/ for Chrome DevTools.
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startOnFreePort } from './lib/children.mjs'
import { generatedContact } from './lib/data.mjs'
import { requestOk } from './lib/http.mjs'
import { measure, workloadRequest } from './lib/load.mjs'
import { root, servers } from './lib/servers.mjs'
import { stackLimitScript } from './lib/stack-limit.mjs'

const options = process.argv.slice(2)
const againstStack = options.includes('--against-stack')
const [workload = 'getOne', seconds = '10'] = options.filter((option) => !option.startsWith('--'))
const dir = fileURLToPath(new URL('.tmp/profile/', import.meta.url))
rmSync(dir, { recursive: true, force: true })

const flireo = servers.find((s) => s.role === 'subject')
await flireo.setup((m) => process.stderr.write(`profile: ${m}\n`))
const auth = { authorization: 'Bearer bench' }

/** Runs the workload against a server started with --cpu-prof; resolves with req/s and the profile. */
async function profiled(name, { args, healthPath, path, prepare }) {
  const profileDir = join(dir, name)
  mkdirSync(profileDir, { recursive: true })
  const proc = await startOnFreePort({
    args: (port) => ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, ...args(port)],
    healthPath,
    cwd: root,
    headers: auth,
  })
  const request = workloadRequest({ headers: auth }, workload, path)
  let result
  try {
    await prepare?.(proc.baseUrl)
    result = await measure(proc.baseUrl, request, { seconds: Number(seconds), pid: proc.pid })
  } finally {
    await proc.stop() // SIGTERM: the process exits and node writes the profile
  }
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))
  return { request, rps: result.rps, profile: JSON.parse(readFileSync(join(profileDir, file), 'utf8')) }
}

/**
 * Calls `visit(frames, ms)` for each sample from the first HTTP request on (with `lastSeconds`: of
 * the profile's last seconds only, the measured run), innermost frame first. Returns their ms.
 */
function eachSample(profile, visit, { lastSeconds = Infinity } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parents = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n.id])))
  const from = profile.endTime - lastSeconds * 1e6
  let at = profile.startTime
  let counting = false
  let total = 0
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0
    const frames = []
    for (let node = id; node !== undefined; node = parents.get(node)) frames.push(nodes.get(node).callFrame)
    counting ||= frames.some((frame) => frame.functionName === 'parserOnIncoming')
    if (!counting || at < from) return
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    total += ms
    visit(frames, ms)
  })
  return total
}

const where = ({ functionName, url, lineNumber }) => {
  const file = url.replace(/^.*node_modules\//, '').replace(`file://${root}`, '')
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim()
}

/** A frame's package, part of Node, own file, or (for the engine's own entries) its name. */
const placeOf = ({ functionName, url }) => {
  if (!url) return functionName
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (inPackage) return inPackage[1]
  if (url.includes('/dist/src/')) return `flireo-mock ${url.split('/dist/src/')[1]}`
  return url.split('/').at(-1)
}

const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms)
const rows = (entries) => entries.map((cells) => `| ${cells.join(' | ')} |`).join('\n')

/** Against the stack limit, flireo-mock holds what it holds: 1,000 contacts in the key's workspace. */
const thousandContacts = (baseUrl) =>
  requestOk(`${baseUrl}/_mock/seed`, {
    method: 'POST',
    headers: auth,
    body: { contacts: Array.from({ length: 997 }, (_, i) => generatedContact(i)) },
  })
const subject = await profiled('flireo-mock', {
  // The tsc output rather than the bundle: its files under dist/src/ tell flireo-mock's own
  // functions from its dependencies'.
  args: (port) => ['dist/src/server.js', '--port', String(port), '--quiet'],
  healthPath: flireo.healthPath,
  path: flireo.workloads[workload],
  prepare: againstStack ? thousandContacts : flireo.prepare,
})
const self = new Map()
const inclusive = new Map()
const total = eachSample(subject.profile, (frames, ms) => {
  add(self, where(frames[0]), ms)
  for (const key of new Set(frames.filter((f) => f.url.includes('/dist/src/')).map(where))) add(inclusive, key, ms)
})
const top = (map, n) =>
  rows(
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, ms]) => [ms.toFixed(0), `${((100 * ms) / total).toFixed(1)} %`, `\`${key}\``]),
  )
console.log(`# flireo-mock CPU profile under ${workload} (${subject.request.method} ${subject.request.path})

${Math.round(subject.rps)} req/s for ${seconds} s after a 2 s warm-up; ${total.toFixed(0)} ms of samples from the first request on.

## Top self time

| ms | share | function |
|---:|---:|---|
${top(self, 25)}

## Inclusive time of flireo-mock's own functions

| ms | share | function |
|---:|---:|---|
${top(inclusive, 15)}
`)

if (againstStack) {
  const stack = await profiled('stack-limit', {
    // The stack-limit server has no SIGTERM handler of its own: without one node writes no profile.
    args: (port) => [
      '--import',
      fileURLToPath(new URL('lib/exit-on-sigterm.mjs', import.meta.url)),
      stackLimitScript,
      'contacts',
      String(port),
    ],
    healthPath: '/v1/contacts/c1',
    path: { getOne: '/v1/contacts/c500', page: '/v1/contacts?limit=20', post: '/v1/contacts' }[workload],
  })
  const perRequest = ({ profile, rps }) => {
    const places = new Map()
    const requests = rps * Number(seconds)
    const visit = (frames, ms) => {
      if (frames[0].functionName !== '(idle)') add(places, placeOf(frames[0]), (ms * 1000) / requests)
    }
    eachSample(profile, visit, { lastSeconds: Number(seconds) })
    return places
  }
  const [ours, theirs] = [perRequest(subject), perRequest(stack)]
  const places = [...new Set([...ours.keys(), ...theirs.keys()])]
    .map((place) => [place, theirs.get(place) ?? 0, ours.get(place) ?? 0])
    .sort((a, b) => b[2] - b[1] - (a[2] - a[1]))
  const sum = (map) => [...map.values()].reduce((a, b) => a + b, 0)
  const us = (value) => value.toFixed(1)
  console.log(`## Against the stack limit: self time a request, by where it is spent

Both servers hold 1,000 contacts, each profiled alone under the same workload (${seconds} s after a
2 s warm-up): the stack limit at ${Math.round(stack.rps)} req/s, flireo-mock at ${Math.round(subject.rps)}. The
samples of the measured seconds, idle excluded, divided by the requests measured. Places of under
0.3 µs on both sides are left out.

| where | stack limit µs | flireo-mock µs | difference |
|---|---:|---:|---:|
${rows(
  places
    .filter(([, stackUs, flireoUs]) => stackUs >= 0.3 || flireoUs >= 0.3)
    .map(([place, stackUs, flireoUs]) => [`\`${place}\``, us(stackUs), us(flireoUs), us(flireoUs - stackUs)]),
)}
| **all** | **${us(sum(theirs))}** | **${us(sum(ours))}** | **${us(sum(ours) - sum(theirs))}** |
`)
}
