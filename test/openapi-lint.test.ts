// The served OpenAPI document passes Redocly's recommended rules with no error and no warning (so
// generators and linters that users point at it have nothing to complain about). Also run alone by
// `npm run lint:openapi`.
import t from 'tap'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { testApp } from './helpers.js'
import { spawnNode } from './server-process.js'

const require = createRequire(import.meta.url)
const redoclyPackage = require.resolve('@redocly/cli/package.json')
const redocly = join(dirname(redoclyPackage), (require(redoclyPackage) as { bin: { redocly: string } }).bin.redocly)

type Problem = { ruleId: string; severity: string; message: string; location: { pointer: string }[] }
type Report = { totals: { errors: number; warnings: number }; problems: Problem[] }

/** `redocly lint --format=json` of a file: its report (it exits 1 when there are errors). */
async function lint(file: string): Promise<Report> {
  const child = spawnNode([redocly, 'lint', file, '--extends=recommended', '--format=json'], {
    // Offline and quiet: no usage data sent, no update check.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  await new Promise((resolve) => child.on('close', resolve))
  try {
    return JSON.parse(stdout) as Report
  } catch {
    throw new Error(`redocly lint printed no report:\n${stdout}\n${stderr}`)
  }
}

t.test("/openapi.json has no error and no warning under Redocly's recommended rules", async (t) => {
  const app = await testApp(t)
  const file = join(t.testdir(), 'openapi.json')
  writeFileSync(file, (await app.inject('/openapi.json')).body)
  const report = await lint(file)
  const problems = report.problems.map(
    ({ severity, ruleId, message, location }) => `${severity} ${ruleId} at ${location[0]?.pointer}: ${message}`,
  )
  t.same(problems, [], 'no problems')
  t.same(report.totals, { errors: 0, warnings: 0, ignored: 0 })
})
