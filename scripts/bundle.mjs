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
import { chmodSync, realpathSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
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

await build({
  entryPoints: [`${root}src/server.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  plugins: [ownFilesOfPackages],
  // Less to parse at start-up; names are kept (Fastify and avvio name plugins after functions).
  // Minifying names too (with esbuild's keepNames) made no measurable difference to start-up.
  minifyWhitespace: true,
  minifySyntax: true,
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
