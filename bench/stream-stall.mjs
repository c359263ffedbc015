// `node bench/stream-stall.mjs [runs]`: does a reader of /_mock/events that stops reading slow the
// API down? On a fresh flireo-mock per run, 100 calls run (bench/lib/scale.mjs: created, then one
// clock advance with every webhook delivered) while a probe sends GET /v1/calls?limit=20 one
// after another to the same workspace and times each answer. Runs alternate between no stream
// reader and a reader that opened the workspace's stream and never reads from it; the figures
// are percentiles over all the probes of the runs of each kind, as JSON.
import { connect } from 'node:net'
import http from 'node:http'
import { freePort, startServer } from './lib/children.mjs'
import { request } from './lib/http.mjs'
import { callsAtScale } from './lib/scale.mjs'
import { root, servers } from './lib/servers.mjs'

const runs = Number(process.argv[2] ?? 5)
const headers = { authorization: 'Bearer bench-calls' }
const flireo = servers.find((s) => s.role === 'subject')
const { args } = await flireo.setup((m) => process.stderr.write(`stream-stall: ${m}\n`))

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

/** A reader that sends its request for the stream, then reads nothing. */
function stalledReader(port) {
  const socket = connect(port, '127.0.0.1')
  socket.write(`GET /_mock/events HTTP/1.1\r\nHost: bench\r\nAuthorization: ${headers.authorization}\r\n\r\n`)
  socket.pause()
  return socket
}

async function run(stalled) {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const proc = await startServer({ args: args(port), cwd: root, healthUrl: baseUrl + flireo.healthPath })
  const reader = stalled ? stalledReader(port) : null
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const times = []
    const callsRun = { done: false }
    const probe = (async () => {
      while (!callsRun.done) {
        const started = performance.now()
        await request(`${baseUrl}/v1/calls?limit=20`, { headers, agent })
        times.push(performance.now() - started)
      }
    })()
    const calls = await callsAtScale(baseUrl, { calls: 100 })
    callsRun.done = true
    await probe
    agent.destroy()
    return { times, lost: calls.lost }
  } finally {
    reader?.destroy()
    await proc.stop()
  }
}

const results = { none: [], stalled: [] }
for (let i = 0; i < runs; i++) {
  results.none.push(await run(false))
  results.stalled.push(await run(true))
}
function summary(list) {
  const times = list.flatMap((r) => r.times).sort((a, b) => a - b)
  return {
    p50Ms: Number(percentile(times, 50).toFixed(2)),
    p99Ms: Number(percentile(times, 99).toFixed(2)),
    probes: times.length,
    lostWebhooks: list.reduce((sum, r) => sum + r.lost, 0),
  }
}
const none = summary(results.none)
const stalled = summary(results.stalled)
console.log(
  JSON.stringify(
    {
      runs,
      noReader: none,
      stalledReader: stalled,
      p99Change: `${(((stalled.p99Ms - none.p99Ms) / none.p99Ms) * 100).toFixed(1)} %`,
    },
    null,
    2,
  ),
)
