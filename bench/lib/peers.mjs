// Peer servers are installed on first use into bench/.peers/<name> (they are not devDependencies
// of the project) and reused afterwards.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { track } from './children.mjs'

const peersDir = fileURLToPath(new URL('../.peers/', import.meta.url))
const installTimeoutMs = 5 * 60_000

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))

/**
 * Installs `pkg@version` into bench/.peers/<name> unless that version is already there, and
 * returns `{ version, binPath }`: the JS file of the package's bin `bin`, to be run with node.
 */
export async function ensurePeer({ name, pkg, version, bin }, log) {
  const prefix = join(peersDir, name)
  const manifest = join(prefix, 'node_modules', pkg, 'package.json')
  if (!existsSync(manifest) || readJson(manifest).version !== version) {
    log(`installing ${pkg}@${version} into bench/.peers/${name}`)
    await npmInstall(prefix, `${pkg}@${version}`)
  }
  const { bin: bins } = readJson(manifest)
  const relative = typeof bins === 'string' ? bins : bins?.[bin]
  if (!relative) throw new Error(`${pkg} has no bin "${bin}"`)
  return { version: readJson(manifest).version, binPath: join(dirname(manifest), relative) }
}

async function npmInstall(prefix, spec) {
  const args = ['install', '--prefix', prefix, spec, '--no-audit', '--no-fund']
  const child = track(spawn('npm', args, { stdio: ['ignore', 'ignore', 'pipe'] }))
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (text) => {
    stderr = (stderr + text).slice(-1500)
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), installTimeoutMs)
  const [code, signal] = await once(child, 'exit').finally(() => clearTimeout(timer))
  if (code !== 0) {
    const why = signal === 'SIGKILL' ? `timed out after ${installTimeoutMs / 60_000} min` : `exit ${code}`
    const said = stderr.split('\n').filter((line) => line.trim() && !line.includes('A complete log'))
    throw new Error(`npm install ${spec} failed (${why}): ${said.slice(0, 2).join(' ')}`)
  }
}
