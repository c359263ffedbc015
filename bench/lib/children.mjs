// The servers under test as child processes: node is spawned directly, so the child's pid is the
// server's own (its VmRSS is the server's memory). Every child still running when the bench exits,
// however it exits, is killed.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from './http.mjs'

const running = new Set()
const killAll = () => {
  for (const child of running) child.kill('SIGKILL')
}
process.on('exit', killAll)

/** Kills `child` with the others if the bench exits before it does. */
export function track(child) {
  running.add(child)
  child.on('exit', () => running.delete(child))
  return child
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping the servers\n`)
    process.exit(code)
  })
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort() {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address()
  server.close()
  await once(server, 'close')
  return port
}

/** Resident memory of a process in MB, from /proc/<pid>/status; undefined once it is gone. */
export function rssMb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : undefined
  } catch {
    return undefined
  }
}

/**
 * Spawns `node <args>` and waits for the first 200 on `healthUrl`, polling every 5 ms. Resolves
 * with `{ child, pid, startupMs, stop() }`; rejects (having killed the child) if the child exits
 * or no 200 comes within `timeoutMs`.
 */
export async function startServer({ args, cwd, healthUrl, headers = {}, timeoutMs = 30_000 }) {
  const started = performance.now()
  const child = track(spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] }))
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (text) => {
    stderr = (stderr + text).slice(-2000)
  })
  const server = { child, pid: child.pid, stop: () => stopChild(child) }
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `exited (${child.exitCode ?? child.signalCode}) before answering: ${stderr.trim() || 'no output'}`,
        )
      }
      if (performance.now() - started > timeoutMs) {
        throw new Error(`no 200 from ${healthUrl} within ${timeoutMs / 1000} s`)
      }
      const status = await request(healthUrl, { headers, timeoutMs: 1000 }).then(
        (res) => res.status,
        () => 0,
      )
      if (status === 200) return { ...server, startupMs: performance.now() - started }
      await sleep(5)
    }
  } catch (error) {
    await server.stop()
    throw error
  }
}

/** SIGTERM, then SIGKILL if the child has not exited within 5 s. */
async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timedOut = await Promise.race([exited.then(() => false), sleep(5000, true)])
  if (timedOut) {
    child.kill('SIGKILL')
    await Promise.race([exited, sleep(2000)])
  }
}

/** startServer() on a port that was free a moment ago: `args(port)`; resolves with its `baseUrl` too. */
export async function startOnFreePort({ args, healthPath, ...options }) {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const proc = await startServer({ ...options, args: args(port), healthUrl: baseUrl + healthPath })
  return { ...proc, baseUrl }
}
