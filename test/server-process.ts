// The flireo-mock command as a real process, for the test files that run it: the command as
// `npm run build` ships it, bundled from the current sources (so a test never runs a stale dist/ and
// never races anyone else's build), started, watched and stopped.
import type { Test } from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** How long a process may take to print its start-up line or to exit. */
export const START_TIMEOUT_MS = 20_000
export const EXIT_TIMEOUT_MS = 5_000

/** Everything the bundle is made of: the sources, the bundler script and the installed dependencies. */
const bundleInputs = ['src', 'schemas', 'scripts/bundle.mjs', 'package.json', 'package-lock.json']

/** The files under `path` (or `path` itself), sorted. */
function filesOf(path: string): string[] {
  const full = join(root, path)
  if (!statSync(full).isDirectory()) return [full]
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

/**
 * The command bundled by scripts/bundle.mjs, as `npm run build` ships it; returns its path. It is
 * bundled once for all the test files that run it: kept in .tap/bundle/<hash of its inputs>/, so a
 * changed source makes a new one (and the old one goes), and written into a folder of its own that
 * is then renamed, so test files that bundle at the same time never run a half-written one.
 */
export async function bundledServer(): Promise<string> {
  const hash = createHash('sha256')
  for (const file of bundleInputs.flatMap(filesOf)) hash.update(file).update(readFileSync(file))
  const bundles = join(root, '.tap', 'bundle')
  const name = hash.digest('hex').slice(0, 16)
  const serverJs = join(bundles, name, 'flireo-mock.js')
  if (existsSync(serverJs)) return serverJs
  const partial = join(bundles, `${name}.${process.pid}`)
  const child = spawn(process.execPath, [join(root, 'scripts', 'bundle.mjs'), join(partial, 'flireo-mock.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const { code, stdout, stderr } = await collect(child).exited
  if (code !== 0) throw new Error(`scripts/bundle.mjs failed (exit ${code}):\n${stderr}${stdout}`)
  try {
    renameSync(partial, join(bundles, name))
  } catch (error) {
    rmSync(partial, { recursive: true, force: true })
    if (!existsSync(serverJs)) throw error // else another test file bundled the same sources first
  }
  for (const old of readdirSync(bundles)) {
    if (/^[0-9a-f]{16}$/.test(old) && old !== name) rmSync(join(bundles, old), { recursive: true, force: true })
  }
  return serverJs
}

/** The test runner's environment without any FLIREO_MOCK_* variable, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('FLIREO_MOCK_')) env[name] = value
  return { ...env, ...extra }
}

/**
 * Spawns `node ...args` as a user would run it: without the module hooks that tap puts into every
 * child process through NODE_OPTIONS (they record coverage, and double the start-up of a
 * short-lived process). Such a process runs a bundle or a tool, not the sources, so no coverage is
 * lost. `env -u` drops the variable after tap has set it and then becomes node itself.
 */
export function spawnNode(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawn('env', ['-u', 'NODE_OPTIONS', process.execPath, ...args], {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Runs `node serverJs ...args` in the package root with `childEnv(env)`. */
export function spawnServer(serverJs: string, args: string[], env: Record<string, string> = {}) {
  return spawnNode([serverJs, ...args], { cwd: root, env: childEnv(env) })
}

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Collects the output of `child`; `exited` resolves with it when the process has ended. */
export function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '' }
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out.stdout += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out.stderr += chunk))
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, ...out })))
  return { out, exited }
}

/** Kills `child` at the end of `t` if it is still running, so no test leaves a server behind. */
export function killAtEnd(t: Test, child: ChildProcess, exited: Promise<Exit>) {
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
  })
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

export interface StartLine {
  url: string
  db: string
  seed: string
  msg: string
  [key: string]: unknown
}

/** The first log record on stdout with a `url`: the start-up line. Fails if the process ends first. */
export function waitForStartLine(child: ChildProcess, exited: Promise<Exit>): Promise<StartLine> {
  const started = new Promise<StartLine>((resolve, reject) => {
    let buffer = ''
    child.stdout!.on('data', (chunk: string) => {
      buffer += chunk
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl)
        buffer = buffer.slice(nl + 1)
        try {
          const record = JSON.parse(line)
          if (typeof record?.url === 'string') resolve(record as StartLine)
        } catch {
          // not a log record
        }
      }
    })
    exited.then((exit) =>
      reject(
        new Error(`flireo-mock exited (${exit.code ?? exit.signal}) before starting:\n${exit.stderr}${exit.stdout}`),
      ),
    )
  })
  return withTimeout(started, START_TIMEOUT_MS, 'the start-up line')
}
