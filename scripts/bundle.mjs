// `node scripts/bundle.mjs [outfile]`: bundles the server (src/server.ts and all it imports) into
// one ESM file, dist/flireo-mock-bundle.js, and writes the command, dist/flireo-mock.js by default,
// which imports it. Node then reads and compiles one file instead of ~1,500 modules, which was most
// of the command's start-up; and the command first turns on Node's compile cache (Node 22.1 and
// later), so from the second start on, compiling that file is mostly read from the cache.
//
// better-sqlite3 stays outside (a native addon). A bundled package that reads its own files
// through __dirname (@fastify/swagger-ui serves Swagger UI from its static/ folder) is given the
// folder of that file in the installed package, found by resolving the package from the bundle at
// run time, wherever npm placed it.
import { build } from 'esbuild'
import { chmodSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const command = resolve(process.argv[2] ?? `${root}dist/flireo-mock.js`)
const outfile = command.replace(/\.js$/, '-bundle.js')
// esbuild hands the plugin real paths: node_modules may be a symlink (a git worktree sharing one).
const modulesDir = realpathSync(join(root, 'node_modules'))

/** ['@fastify/static', 'glob'] and 'dist/index.js' for .../node_modules/@fastify/static/node_modules/glob/dist/index.js */
function packageChain(path) {
  const inModules = relative(modulesDir, path)
  if (inModules.startsWith('..')) throw new Error(`${path} is not in ${root}node_modules`)
  const parts = ['node_modules', ...inModules.split(sep)]
  const chain = []
  let at = 0
  while (parts[at] === 'node_modules') {
    const length = parts[at + 1].startsWith('@') ? 2 : 1
    chain.push(parts.slice(at + 1, at + 1 + length).join('/'))
    at += 1 + length
  }
  return { chain, inPackage: parts.slice(at).join('/') }
}

const ownFilesOfPackages = {
  name: 'own-files-of-packages',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8')
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined
      const { chain, inPackage } = packageChain(path)
      const at = (file) => `__packageFile(${JSON.stringify(chain)}, ${JSON.stringify(file)})`
      return {
        contents: `var __filename = ${at(inPackage)}, __dirname = ${at(dirname(inPackage))};\n${source}`,
        loader: 'js',
      }
    })
  },
}

// Node's built-ins are required, not imported. Importing one as an ES module builds a facade that
// reads every export (Node 24's node:http then loads undici for its WebSocket getter, ~30 ms of
// start-up), and esbuild's usual wrapper for a required module copies every export (~20 ms on
// Node 24). So each built-in becomes a module whose exports are read from the required one, each
// marked pure, so that the bundle keeps only those some import names.
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, ({ path, kind }) =>
      kind === 'import-statement' ? { path, namespace: 'builtin' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => {
      const names = Object.keys(createRequire(import.meta.url)(path)).filter((name) => name !== 'default')
      return {
        contents: [
          `const builtin = require(${JSON.stringify(path)})`,
          'const read = (name) => builtin[name]',
          ...names.map((name, i) => `const export${i} = /* @__PURE__ */ read(${JSON.stringify(name)})`),
          `export { ${names.map((name, i) => `export${i} as ${JSON.stringify(name)}`).join(', ')} }`,
          'export default builtin',
        ].join('\n'),
        loader: 'js',
      }
    })
  },
}

// Packages that the bundle evaluates only when first used: what requires them does so as it
// loads, but uses them later or never (YAML for /docs/yaml; glob for a static folder served file
// by file, which Swagger UI's is not; Ajv when the first request is validated). How each is used
// decides what stands in for it: 'object', its properties are read when used; 'callable', it is
// itself a function or class; a list, these functions or classes are taken out of it at once.
const lazyPackages = {
  yaml: 'object',
  glob: ['glob'],
  ajv: ['default'],
  'ajv/dist/jtd': 'callable',
  'ajv-formats': 'callable',
}
const lazyCallable = `const callable = (get) => new Proxy(function () {}, {
  apply: (_, self, args) => Reflect.apply(get(), self, args),
  construct: (_, args) => Reflect.construct(get(), args),
  get: (_, key) => get()[key],
})`
const standIn = (shape) => {
  if (shape === 'object') return 'new Proxy({}, { get: (_, key) => load()[key] })'
  if (shape === 'callable') return 'callable(load)'
  return `{ ${shape.map((name) => `${name}: callable(() => load().${name})`).join(', ')} }`
}
const onFirstUse = {
  name: 'on-first-use',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(lazyPackages).join('|')})$`)
    build.onResolve({ filter }, async ({ path, kind, importer, resolveDir, pluginData }) => {
      if (kind !== 'require-call' || pluginData?.resolvingLazy) return undefined
      const real = await build.resolve(path, { kind, importer, resolveDir, pluginData: { resolvingLazy: true } })
      if (real.errors.length > 0) return { errors: real.errors }
      // Named from the project's root: the bundle keeps the name, and no build machine's folders.
      return { path: relative(root, real.path), namespace: 'on-first-use', pluginData: { name: path } }
    })
    build.onLoad({ filter: /.*/, namespace: 'on-first-use' }, ({ path, pluginData: { name } }) => ({
      contents: [
        'let loaded',
        `const load = () => (loaded ??= require(${JSON.stringify(`./${path}`)}))`,
        lazyPackages[name] === 'object' ? '' : lazyCallable,
        `module.exports = ${standIn(lazyPackages[name])}`,
      ].join('\n'),
      loader: 'js',
      resolveDir: root,
    }))
  },
}

await build({
  entryPoints: [`${root}src/server.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  plugins: [ownFilesOfPackages, builtinsThroughRequire, onFirstUse],
  // Less to parse at start-up; names are kept (Fastify and avvio name plugins after functions).
  // Minifying names too (with esbuild's keepNames) made no measurable difference to start-up.
  minifyWhitespace: true,
  minifySyntax: true,
  // Licence comments go to a file of their own beside the bundle: they hold non-ASCII names.
  legalComments: 'external',
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { dirname as __dirnameOf, join as __join } from 'node:path';",
      // CommonJS dependencies require() Node's built-ins; an ES module has no require of its own.
      'const require = __createRequire(import.meta.url);',
      // A file of an installed package: each package of the chain is resolved from the previous one.
      'const __packageFile = (chain, file) => {',
      "  let dir = __dirnameOf(require.resolve(chain[0] + '/package.json'));",
      "  for (const name of chain.slice(1)) dir = __dirnameOf(__createRequire(dir + '/').resolve(name + '/package.json'));",
      '  return __join(dir, file);',
      '};',
    ].join('\n'),
  },
  logLevel: 'warning',
})

// An ASCII file is read into a one-byte string on a fast path; esbuild escapes non-ASCII text
// except in regular-expression literals.
const bundled = readFileSync(outfile)
const nonAscii = bundled.findIndex((byte) => byte > 0x7f)
if (nonAscii !== -1) {
  throw new Error(`${outfile} is not ASCII at byte ${nonAscii}: …${bundled.subarray(nonAscii - 60, nonAscii + 20)}…`)
}

writeFileSync(
  command,
  [
    '#!/usr/bin/env node',
    "// The flireo-mock command (scripts/bundle.mjs writes it): the bundle, compiled through Node's compile",
    '// cache where Node has one (22.1 and later; in the temporary folder unless NODE_COMPILE_CACHE says).',
    "import module from 'node:module'",
    'module.enableCompileCache?.()',
    `await import('./${outfile.split(sep).at(-1)}')`,
    '',
  ].join('\n'),
)
chmodSync(command, 0o755)
