// Module hooks that run the TypeScript sources and tests under Node (test/ts-loader.mjs registers
// them). Much faster than ts-node, which loads the TypeScript compiler into every test process:
// - a relative `./x.js` that does not exist is `./x.ts`, as NodeNext imports name a .ts file;
// - a .ts file is stripped of its types by esbuild with the project's compiler options, with an
//   inline source map so that stack traces and tap's coverage point into the .ts;
// - typebox, ~680 ES modules, is served as one esbuild bundle (its entry points split out, sharing
//   one copy of its code), built once into node_modules/.cache: under Node 20 every module costs a
//   round trip to the thread these hooks run on, which made typebox ~1 s of each test's start-up.
import { build, transform } from 'esbuild'
import { existsSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const tsconfigRaw = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'))

const bundledPackage = 'typebox'
// real path, as Node resolves it (node_modules may be a symlink: a git worktree sharing one)
const packageDir = realpathSync(join(root, 'node_modules', bundledPackage))
/** URL of an entry point of the package → URL of the same entry point in the bundle. */
let bundleEntries

/** Bundles the package (once per version) and maps its entry points to the bundle's. */
async function bundleOfPackage() {
  const { version, exports } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
  const outdir = join(packageDir, '..', '.cache', 'flireo-mock-tests', `${bundledPackage}-${version}`)
  // entry name → file in the package: { index: 'build/index.mjs', value: 'build/value/index.mjs', … }
  const entries = Object.entries(exports).map(([subpath, targets]) => [
    subpath === '.' ? 'index' : subpath.slice(2),
    join(packageDir, targets.import),
  ])
  if (!existsSync(outdir)) {
    // built under a name of its own, then renamed: a test process never reads a half-written one
    const partial = `${outdir}.${process.pid}`
    await build({
      entryPoints: Object.fromEntries(entries),
      outdir: partial,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      logLevel: 'warning',
    })
    try {
      renameSync(partial, outdir)
    } catch {
      rmSync(partial, { recursive: true, force: true }) // another test process built it first
    }
  }
  return new Map(
    entries.map(([name, file]) => [pathToFileURL(file).href, pathToFileURL(join(outdir, `${name}.mjs`)).href]),
  )
}

export async function resolve(specifier, context, nextResolve) {
  let resolved
  try {
    resolved = await nextResolve(specifier, context)
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !/^\.{1,2}\/.*\.js$/.test(specifier)) throw error
    return nextResolve(specifier.replace(/\.js$/, '.ts'), context)
  }
  if (specifier !== bundledPackage && !specifier.startsWith(`${bundledPackage}/`)) return resolved
  bundleEntries ??= bundleOfPackage()
  const url = (await bundleEntries).get(resolved.url)
  return url ? { url, format: 'module', shortCircuit: true } : resolved
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !new URL(url).pathname.endsWith('.ts')) return nextLoad(url, context)
  const path = fileURLToPath(url)
  const { code } = await transform(await readFile(path, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    tsconfigRaw,
    sourcemap: 'inline',
    sourcefile: path,
  })
  return { format: 'module', source: code, shortCircuit: true }
}
