// One workload against one server with autocannon: a warm-up run whose figures are dropped, then
// the measured run. Latency percentiles are computed from autocannon's per-response times (its
// own histogram rounds to whole milliseconds), 2xx responses only, as autocannon counts them.
import autocannon from 'autocannon'
import { rssMb } from './children.mjs'
import { cpuMeter } from './cpu.mjs'
import { uniquePhone } from './data.mjs'

export const loadSettings = { connections: 10, pipelining: 1, warmupSeconds: 2 }

/** The request of a server's workload: GETs as they are, POSTs with a new phone number each. */
export function workloadRequest(server, name, path) {
  if (name !== 'post') return { method: 'GET', path, headers: server.headers }
  const headers = { ...server.headers, 'content-type': 'application/json' }
  return { method: 'POST', path, headers, body: () => JSON.stringify({ phone_number: uniquePhone() }) }
}

/** The median of numbers in any order. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN

/**
 * `request`: `{ method, path, headers, body?() }` — body() makes each request's body (POSTs with
 * unique data). The server's CPU use is measured over the run; with `sampleRss` its VmRSS is also
 * sampled every 100 ms.
 */
export async function measure(baseUrl, request, { seconds, pid, sampleRss = false }) {
  const options = (duration) => ({
    url: baseUrl,
    connections: loadSettings.connections,
    pipelining: loadSettings.pipelining,
    duration,
    requests: [
      {
        method: request.method,
        path: request.path,
        headers: request.headers,
        ...(request.body && { setupRequest: (req) => ({ ...req, body: request.body() }) }),
      },
    ],
  })
  await autocannon(options(loadSettings.warmupSeconds))

  const latencies = []
  const rss = []
  const sample = () => {
    const mb = rssMb(pid)
    if (mb !== undefined) rss.push(mb)
  }
  const sampler = sampleRss && setInterval(sample, 100)
  const cpu = cpuMeter(pid)
  const run = autocannon(options(seconds))
  run.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime)
  })
  let result
  try {
    result = await run
  } finally {
    clearInterval(sampler)
  }
  latencies.sort((a, b) => a - b)
  return {
    cpu: cpu(),
    rps: result.requests.mean,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes: Object.keys(result.statusCodeStats).join(' '),
    rssPeakMb: rss.length ? Math.max(...rss) : undefined,
  }
}
