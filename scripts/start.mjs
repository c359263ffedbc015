// `npm start`: runs the bundled command, dist/flireo-mock.js, in this process. It bundles first
// (esbuild alone, about a second) only when a source is newer than the bundle, and says so; `tsc`,
// which only the package's typed API needs, is left to `npm run build` (and `npm install`).
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const bundle = join(root, 'dist/flireo-mock.js')
const sources = ['src', 'schemas', 'scripts/bundle.mjs', 'package.json', 'package-lock.json']

/** The newest modification time of a file or of any file below a folder. */
function newest(path) {
  const info = statSync(path, { throwIfNoEntry: false })
  if (!info) return 0
  if (!info.isDirectory()) return info.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
}

const built = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? 0
if (Math.max(...sources.map((source) => newest(join(root, source)))) > built) {
  const started = performance.now()
  process.stderr.write(`flireo-mock: ${built ? 'sources changed since the last build' : 'no build yet'}; bundling… `)
  const { status } = spawnSync(process.execPath, [join(root, 'scripts/bundle.mjs')], { stdio: 'inherit' })
  if (status !== 0) process.exit(status ?? 1)
  process.stderr.write(`done in ${Math.round(performance.now() - started)} ms\n`)
}
await import(pathToFileURL(bundle).href)
