// Module hooks that run the TypeScript sources and tests under Node (test/ts-loader.mjs registers
// them): a relative `./x.js` that does not exist is `./x.ts`, as NodeNext imports name a .ts file,
// and a .ts file is stripped of its types by esbuild with the project's compiler options, with an
// inline source map so that stack traces and tap's coverage point into the .ts. Much faster than
// ts-node, which loads the TypeScript compiler into every test process.
import { transform } from 'esbuild'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const tsconfigRaw = JSON.parse(readFileSync(new URL('../tsconfig.json', import.meta.url), 'utf8'))

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context)
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !/^\.{1,2}\/.*\.js$/.test(specifier)) throw error
    return nextResolve(specifier.replace(/\.js$/, '.ts'), context)
  }
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
