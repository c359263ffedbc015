// `npm test`: runs tap, then prints one line `N passed, M failed` counted from tap's own results
// (.tap/test-results, one TAP file per test file) the way tap's closing summary counts them; CI
// reads that line.
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Parser } from 'tap-parser'

const resultsDir = '.tap/test-results'
// The coverage the whole suite reaches today, a little below it; a run of chosen files reports its
// coverage without failing on it.
const coverageFloor = [
  '--statements=99',
  '--lines=99',
  '--functions=97',
  '--branches=93',
  '--no-allow-incomplete-coverage',
]
const args = process.argv.slice(2)
rmSync(resultsDir, { recursive: true, force: true })
const tap = spawnSync('npx', ['tap', ...(args.length === 0 ? coverageFloor : []), ...args], { stdio: 'inherit' })

const files = readdirSync(resultsDir, { recursive: true }).filter((f) => String(f).endsWith('.tap'))
let passed = 0
let failed = 0
for (const file of files) {
  const parser = new Parser()
  // The parser surfaces each result to its root as tap's own summary counts them: every assertion,
  // and a subtest's closing point only when the subtest itself asserted nothing.
  parser.on('pass', () => (passed += 1))
  parser.on('fail', () => (failed += 1))
  // a test file that crashed or bailed out counts as a failure even if no assertion failed
  parser.on('complete', (results) => {
    if (!results.ok && results.fail === 0) failed += 1
  })
  parser.end(readFileSync(join(resultsDir, String(file)), 'utf8'))
}
if (files.length === 0 || (tap.status !== 0 && failed === 0)) failed += 1
console.log(`${passed} passed, ${failed} failed`)
process.exit(tap.status === 0 && failed === 0 ? 0 : 1)
