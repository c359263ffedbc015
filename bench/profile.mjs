// `node bench/profile.mjs [getOne|page|post] [seconds]`: flireo-mock under one workload of the
// bench (GET one contact by default) with --cpu-prof, then where its CPU time went: the top
// self-time functions and the inclusive time of flireo-mock's own functions, counted from its
// first HTTP request on (start-up excluded). The profile is kept in bench/.tmp/profile/ for
// Chrome DevTools.
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, startServer } from './lib/children.mjs'
import { measure, workloadRequest } from './lib/load.mjs'
import { root, servers } from './lib/servers.mjs'

const [workload = 'getOne', seconds = 10] = process.argv.slice(2)
const dir = fileURLToPath(new URL('.tmp/profile/', import.meta.url))
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })

const flireo = servers.find((s) => s.role === 'subject')
await flireo.setup((m) => process.stderr.write(`profile: ${m}\n`))
const port = await freePort()
const baseUrl = `http://127.0.0.1:${port}`
// The tsc output rather than the bundle: its files under dist/src/ tell flireo-mock's own
// functions from its dependencies'.
const args = ['--cpu-prof', `--cpu-prof-dir=${dir}`, 'dist/src/server.js', '--port', String(port), '--quiet']
const proc = await startServer({ args, cwd: root, healthUrl: baseUrl + flireo.healthPath })
const request = workloadRequest(flireo, workload, flireo.workloads[workload])
let result
try {
  await flireo.prepare(baseUrl)
  result = await measure(baseUrl, request, { seconds: Number(seconds), pid: proc.pid })
} finally {
  await proc.stop() // SIGTERM: flireo-mock exits cleanly and node writes the profile
}

const profile = JSON.parse(
  readFileSync(
    join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.cpuprofile')),
    ),
    'utf8',
  ),
)
const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
const parents = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n.id])))
const stack = function* (id) {
  for (let at = id; at !== undefined; at = parents.get(at)) yield nodes.get(at).callFrame
}
const where = ({ functionName, url, lineNumber }) => {
  const file = url.replace(/^.*node_modules\//, '').replace(`file://${root}`, '')
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim()
}

const self = new Map()
const inclusive = new Map()
let counting = false
let total = 0
profile.samples.forEach((id, i) => {
  counting ||= [...stack(id)].some((frame) => frame.functionName === 'parserOnIncoming')
  if (!counting) return
  const ms = (profile.timeDeltas[i] ?? 0) / 1000
  total += ms
  const key = where(nodes.get(id).callFrame)
  self.set(key, (self.get(key) ?? 0) + ms)
  for (const key of new Set([...stack(id)].filter((f) => f.url.includes('/dist/src/')).map(where))) {
    inclusive.set(key, (inclusive.get(key) ?? 0) + ms)
  }
})

const rows = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, ms]) => `| ${ms.toFixed(0)} | ${((100 * ms) / total).toFixed(1)} % | \`${key}\` |`)
    .join('\n')
console.log(`# flireo-mock CPU profile under ${workload} (${request.method} ${request.path})

${Math.round(result.rps)} req/s for ${seconds} s after a 2 s warm-up; ${total.toFixed(0)} ms of samples from the first request on.

## Top self time

| ms | share | function |
|---:|---:|---|
${rows(self, 25)}

## Inclusive time of flireo-mock's own functions

| ms | share | function |
|---:|---:|---|
${rows(inclusive, 15)}
`)
