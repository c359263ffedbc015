// `node bench/calls.mjs [calls] [node flags...]`: only the calls-at-scale figure of `npm run bench`
// (1,000 calls by default) on a fresh flireo-mock, as JSON, with the CPU time of the run (on a
// shared machine, `others` tells how noisy it was). Node flags such as
// `--cpu-prof --cpu-prof-dir=bench/.tmp/profile` are passed to the server.
import { freePort, startServer } from './lib/children.mjs'
import { cpuMeter } from './lib/cpu.mjs'
import { callsAtScale } from './lib/scale.mjs'
import { root, servers } from './lib/servers.mjs'

const [count = '1000', ...nodeFlags] = process.argv.slice(2)
const flireo = servers.find((s) => s.role === 'subject')
const { args } = await flireo.setup((m) => process.stderr.write(`calls: ${m}\n`))
const port = await freePort()
const baseUrl = `http://127.0.0.1:${port}`
const proc = await startServer({
  args: [...nodeFlags, ...args(port)],
  cwd: root,
  healthUrl: baseUrl + flireo.healthPath,
})
try {
  const cpu = cpuMeter(proc.pid)
  const started = performance.now()
  const result = await callsAtScale(baseUrl, { calls: Number(count) })
  const { server, others } = cpu()
  const seconds = (performance.now() - started) / 1000
  // CPU seconds of the whole run (creating the calls too): steadier than wall time on a busy machine.
  const cpuSeconds = { server: (server * seconds) / 100, others: (others * seconds) / 100 }
  console.log(JSON.stringify({ ...result, cpuSeconds }, null, 2))
} finally {
  await proc.stop() // SIGTERM: the server exits cleanly (and writes a --cpu-prof profile)
}
