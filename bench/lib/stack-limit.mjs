// flireo-mock against the stack's own limit (../shared/bench/stack-limit-server.mjs: Fastify +
// better-sqlite3 doing the least a contact endpoint must do), both running at once and measured
// back to back, workload by workload, in alternating order: the ratio of each round is taken
// within seconds, so what the rest of the machine does touches both sides alike. Each round starts
// both afresh, each holding 1,000 contacts in the key's workspace.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startOnFreePort } from './children.mjs'
import { generatedContact, knownContactId } from './data.mjs'
import { requestOk } from './http.mjs'
import { measure, median, workloadRequest } from './load.mjs'
import { root } from './servers.mjs'

export const stackLimitScript = fileURLToPath(new URL('../../../shared/bench/stack-limit-server.mjs', import.meta.url))
const auth = { authorization: 'Bearer bench' }
const contacts = 1000

const start = (args, healthPath) => startOnFreePort({ args, healthPath, cwd: root, headers: auth })

/**
 * `flireoArgs(port)`: how to start flireo-mock. Resolves with `{ rounds, seconds, contacts, workloads }`,
 * each workload
 * `{ name, rounds: [{ rps, cpuUs, ratio, cpuRatio }], median, cpuMedian }`: req/s and CPU µs a request of
 * each side, flireo ÷ stack in req/s and stack ÷ flireo in CPU a request (both: 1 is the stack's limit); or
 * `{ skipped }` when the stack-limit server is not there.
 */
export async function againstStackLimit(
  flireoArgs,
  { rounds, seconds, log, workloads: names = ['getOne', 'page', 'post'] },
) {
  if (!existsSync(stackLimitScript)) return { skipped: `${stackLimitScript} not found` }
  const paths = {
    stack: { getOne: '/v1/contacts/c500', page: '/v1/contacts?limit=20', post: '/v1/contacts' },
    flireo: { getOne: `/v1/contacts/${knownContactId}`, page: '/v1/contacts?limit=20', post: '/v1/contacts' },
  }
  const extra = Array.from({ length: contacts - 3 }, (_, i) => generatedContact(i))
  const workloads = []
  for (const name of names) {
    const results = []
    for (let round = 0; round < rounds; round++) {
      // Both afresh each round: a round of POSTs adds tens of thousands of contacts, and the next
      // round is to measure the same workload, not a larger one.
      const [flireo, stack] = await Promise.all([
        start(flireoArgs, '/health'),
        start((port) => [stackLimitScript, 'contacts', String(port)], '/v1/contacts/c1'),
      ])
      const rps = {}
      const cpuUs = {}
      try {
        await requestOk(`${flireo.baseUrl}/_mock/seed`, { method: 'POST', headers: auth, body: { contacts: extra } })
        const sides = [
          { name: 'stack', proc: stack },
          { name: 'flireo', proc: flireo },
        ]
        // Alternate which side goes first, so neither always meets a warmer or busier machine.
        for (const side of round % 2 ? sides.reverse() : sides) {
          const request = workloadRequest({ headers: auth }, name, paths[side.name][name])
          const result = await measure(side.proc.baseUrl, request, { seconds, pid: side.proc.pid })
          rps[side.name] = result.rps
          // The server's CPU time per request: what other work on the machine changes least.
          cpuUs[side.name] = (result.cpu.server / 100 / result.rps) * 1e6
        }
      } finally {
        await Promise.all([flireo.stop(), stack.stop()])
      }
      results.push({ rps, cpuUs, ratio: rps.flireo / rps.stack, cpuRatio: cpuUs.stack / cpuUs.flireo })
      log(
        `stack limit ${name} round ${round + 1}: ${Math.round(rps.stack)} vs ${Math.round(rps.flireo)} req/s, ` +
          `${Math.round(cpuUs.stack)} vs ${Math.round(cpuUs.flireo)} µs of CPU a request`,
      )
    }
    workloads.push({
      name,
      rounds: results,
      median: median(results.map((r) => r.ratio)),
      cpuMedian: median(results.map((r) => r.cpuRatio)),
    })
  }
  return { rounds, seconds, contacts, workloads }
}
