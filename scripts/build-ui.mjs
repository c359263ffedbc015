// `node scripts/build-ui.mjs [outfile] [--size]`: builds the inspector page (ui/, served at /_mock/ui) into
// one self-contained HTML file, dist/ui/index.html by default: Preact, the page's code and its
// styles inlined, so it works offline and from the published package or the Docker image alike.
import { build } from 'esbuild'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = fileURLToPath(new URL('../', import.meta.url))
const args = process.argv.slice(2)
const outfile = resolve(args.find((arg) => !arg.startsWith('--')) ?? `${root}dist/ui/index.html`)

const result = await build({
  entryPoints: [`${root}ui/main.tsx`],
  outdir: 'out',
  write: false,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: `${root}ui/tsconfig.json`,
  legalComments: 'none',
  logLevel: 'warning',
})
const output = (extension) => result.outputFiles.find((file) => file.path.endsWith(extension))?.text ?? ''
const template = await readFile(`${root}ui/index.html`, 'utf8')
// Inlined, a script must not contain the text that would end its element.
const html = template
  .replace('/*style*/', () => output('.css').trim())
  .replace('/*script*/', () => output('.js').trim().replaceAll('</script', '<\\/script'))
await mkdir(dirname(outfile), { recursive: true })
await writeFile(outfile, html)
if (args.includes('--size')) {
  console.log(`${outfile}: ${html.length} bytes, ${gzipSync(html).length} gzipped`)
}
