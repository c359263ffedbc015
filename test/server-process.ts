// The flireo-mock command as a real process, for test/cli.test.ts and test/crash.test.ts: the
// server compiled from the current sources into a private directory (so a test never runs a stale
// dist/ and never races anyone else's build), started, watched and stopped.
import type { Test } from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const tscBin = createRequire(import.meta.url).resolve('typescript/bin/tsc')

/** How long a process may take to print its start-up line or to exit. */
export const START_TIMEOUT_MS = 20_000
export const EXIT_TIMEOUT_MS = 5_000

/** Runs node with `args` in the package root; resolves with its exit code and output. */
async function runNode(args: string[]) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, output }
}

/** Compiles the sources into `outDir` and returns the path of the server's entry point. */
export async function compileServer(outDir: string): Promise<string> {
  // Only the JavaScript is needed: no type check (`npm run typecheck` guards the types), no
  // declarations, no source maps.
  const { code, output } = await runNode([
    tscBin,
    '-p',
    root,
    '--outDir',
    outDir,
    '--noCheck',
    '--declaration',
    'false',
    '--sourceMap',
    'false',
    '--incremental',
    'false',
  ])
  const serverJs = join(outDir, 'src', 'server.js')
  if (!existsSync(serverJs)) throw new Error(`tsc did not produce ${serverJs} (exit ${code}):\n${output}`)
  return serverJs
}

/** Bundles the sources into `outDir` as `npm run build` ships the command; returns the bundle's path. */
export async function bundleServer(outDir: string): Promise<string> {
  const serverJs = join(outDir, 'flireo-mock.js')
  const { code, output } = await runNode([join(root, 'scripts', 'bundle.mjs'), serverJs])
  if (code !== 0 || !existsSync(serverJs)) {
    throw new Error(`scripts/bundle.mjs did not produce ${serverJs} (exit ${code}):\n${output}`)
  }
  return serverJs
}

/** The test runner's environment without any FLIREO_MOCK_* variable, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('FLIREO_MOCK_')) env[name] = value
  return { ...env, ...extra }
}

/** Runs `node serverJs ...args` in the package root with `childEnv(env)`. */
export function spawnServer(serverJs: string, args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [serverJs, ...args], {
    cwd: root,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
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
