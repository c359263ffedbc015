// `node bench/contacts-scale.mjs [--quick] [--bundle <file>]`: only the contacts-at-scale figures of
// `npm run bench`, measured the same way on a fresh flireo-mock, for working on list and search
// speed. `--bundle` runs another build of the mock (say, main's, for an A/B run) instead of this
// checkout's dist/flireo-mock.js.
import { resolve } from 'node:path'
import { freePort, startServer } from './lib/children.mjs'
import { contactsAtScale } from './lib/scale.mjs'
import { root, servers } from './lib/servers.mjs'

const quick = process.argv.includes('--quick')
const bundleAt = process.argv.indexOf('--bundle')
const bundle = bundleAt === -1 ? null : resolve(process.argv[bundleAt + 1])
const log = (message) => process.stderr.write(`bench: ${message}\n`)

const flireo = servers.find((s) => s.role === 'subject')
const args = bundle ? (port) => [bundle, '--port', String(port), '--quiet'] : (await flireo.setup(log)).args
const port = await freePort()
const baseUrl = `http://127.0.0.1:${port}`
const proc = await startServer({
  args: args(port),
  cwd: root,
  healthUrl: baseUrl + flireo.healthPath,
  headers: flireo.headers,
})
try {
  const result = await contactsAtScale(baseUrl, { contacts: quick ? 10_000 : 100_000, requests: quick ? 500 : 2_000 })
  console.log(JSON.stringify(result, null, 2))
} finally {
  await proc.stop()
}
