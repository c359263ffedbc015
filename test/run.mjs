// `npm test`: runs tap, then prints one line `N passed, M failed` counted from tap's own results
// (.tap/test-results, one TAP file per test file) the way tap's closing summary counts them; CI
// reads that line.
//
// The whole suite runs most test files several to a process: each process tap starts costs ~3 s
// of CPU before its first test (tap, its coverage hooks, loading the sources), which for ~50 files
// was more than half of the suite's time. The files that share a process are split into GROUPS
// runs of neighbouring files of about equal size; each group is one generated file,
// .tap/groups/<n>-<first>-<last>.test.mjs, that imports them one after the other. The files listed in ownProcess keep a
// process to themselves. `npm test -- <files or tap options>` runs each file alone, as `npx tap` does.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Parser } from 'tap-parser'

const resultsDir = '.tap/test-results'
const groupsDir = '.tap/groups'
// The coverage the whole suite reaches today, a little below it; a run of chosen files reports its
// coverage without failing on it.
const coverageFloor = [
  '--statements=99',
  '--lines=99',
  '--functions=97',
  '--branches=93',
  '--no-allow-incomplete-coverage',
]
/** Test files that start processes (the bundled command, builds, a browser, a linter) or run long (the fuzz). */
const ownProcess = ['cli', 'crash', 'fuzz', 'in-process', 'inspector', 'memory', 'openapi-lint', 'shutdown', 'trigger']
/** Processes for the other test files: a few, so the two jobs stay busy to the end. */
const GROUPS = 4

/** The group files, each importing a run of the shared test files; returns their paths. */
function writeGroups(shared) {
  const lines = shared.map((file) => readFileSync(join('test', file), 'utf8').split('\n').length)
  const total = lines.reduce((sum, n) => sum + n, 0)
  const groups = []
  let done = 0
  for (const [i, file] of shared.entries()) {
    // a file starts a new group once the groups so far hold their share of the lines
    if (groups.length === 0 || done >= (total * groups.length) / GROUPS) groups.push([])
    groups.at(-1).push(file)
    done += lines[i]
  }
  rmSync(groupsDir, { recursive: true, force: true })
  mkdirSync(groupsDir, { recursive: true })
  return groups.map((files, i) => {
    const name = (file) => file.replace(/\.test\.ts$/, '').replaceAll('/', '-')
    const path = join(groupsDir, `${i + 1}-${name(files[0])}-${name(files.at(-1))}.test.mjs`)
    const imports = JSON.stringify(files.map((file) => `../../test/${file}`))
    // One after the other, so that a file that fails to load fails alone.
    writeFileSync(
      path,
      `import t from 'tap'\nfor (const file of ${imports}) await import(file).catch((error) => t.error(error, \`\${file} loads\`))\n`,
    )
    return path
  })
}

const args = process.argv.slice(2)
let files = []
if (args.length === 0) {
  // what tap's `include` (test/**/*.test.ts) names, as paths below test/
  const all = readdirSync('test', { recursive: true })
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
  const alone = all.filter((file) => ownProcess.includes(file.replace(/\.test\.ts$/, '')))
  files = [...writeGroups(all.filter((file) => !alone.includes(file))), ...alone.map((file) => join('test', file))]
}
rmSync(resultsDir, { recursive: true, force: true })
const tap = spawnSync('npx', ['tap', ...(args.length === 0 ? [...coverageFloor, ...files] : args)], {
  stdio: 'inherit',
})

const results = readdirSync(resultsDir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.tap'))
  .map((entry) => join(entry.parentPath, entry.name))
let passed = 0
let failed = 0
for (const file of results) {
  const parser = new Parser()
  // The parser surfaces each result to its root as tap's own summary counts them: every assertion,
  // and a subtest's closing point only when the subtest itself asserted nothing.
  parser.on('pass', () => (passed += 1))
  parser.on('fail', () => (failed += 1))
  // a test file that crashed or bailed out counts as a failure even if no assertion failed
  parser.on('complete', (results) => {
    if (!results.ok && results.fail === 0) failed += 1
  })
  parser.end(readFileSync(file, 'utf8'))
}
if (results.length === 0 || (tap.status !== 0 && failed === 0)) failed += 1
console.log(`${passed} passed, ${failed} failed`)
process.exit(tap.status === 0 && failed === 0 ? 0 : 1)
