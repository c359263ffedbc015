// How the flireo-mock process ends, as a real child process: a CI job must never hang on the
// mock's shutdown, whatever happened to its output or its connections.
import t, { type Test } from 'tap'
import type { ChildProcess } from 'node:child_process'
import { connect, type Socket } from 'node:net'
import { signalHandler } from '../src/shutdown.js'
import { bundledServer, type Exit, killAtEnd, spawnServer, waitForStartLine, withTimeout } from './server-process.js'

let serverJs = ''

t.before(async () => {
  serverJs = await bundledServer()
})

/** Starts the server; `ended` resolves with its exit code or signal when the process has exited. */
async function start(t: Test, args: string[] = []) {
  const child = spawnServer(serverJs, ['--port', '0', '--no-seed', ...args])
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout: '', stderr: '' })),
  )
  child.stderr!.resume()
  killAtEnd(t, child, exited)
  const { url } = await waitForStartLine(child, exited)
  return { child, url, exited }
}

/** Milliseconds from `signal` until the process exited (rejects after `ms`). */
async function timeToExit(child: ChildProcess, exited: Promise<Exit>, signal: NodeJS.Signals, ms: number) {
  const sent = performance.now()
  child.kill(signal)
  const exit = await withTimeout(exited, ms, `exit within ${ms} ms of ${signal}`)
  return { exit, elapsed: performance.now() - sent }
}

t.test('SIGTERM just as whatever reads stdout goes away: the process still exits', async (t) => {
  const { child, url, exited } = await start(t)
  // The reader stops reading; log lines of 8 KB fill the pipe and the logger holds the rest back.
  child.stdout!.pause()
  for (let i = 0; i < 60; i++) {
    const res = await fetch(`${url}/v1/user?pad=${'p'.repeat(8000)}`, { headers: { authorization: 'Bearer k' } })
    await res.arrayBuffer()
  }
  // ...then goes away (a test runner exiting) as SIGTERM arrives. The logger's exit-time flush
  // used to retry the closed pipe (EPIPE) every 100 ms, forever.
  child.stdout!.destroy()
  child.stderr!.destroy()
  const { exit, elapsed } = await timeToExit(child, exited, 'SIGTERM', 5000)
  t.equal(exit.code, 0, `exited cleanly, ${elapsed.toFixed(0)} ms after SIGTERM`)
})

t.test('a second signal ends the process at once, whatever the close waits for', async (t) => {
  const exits: number[] = []
  const lines: string[] = []
  const log = { info: (line: string) => lines.push(line), error: () => {} }
  const handle = signalHandler({ close: () => new Promise(() => {}), exit: (code) => exits.push(code), log })
  handle('SIGTERM')
  await new Promise((resolve) => setImmediate(resolve))
  t.same(exits, [], 'the first signal starts closing')
  handle('SIGINT')
  t.same(exits, [1], 'the second ends it with exit code 1 at once')
  t.same(lines, ['SIGTERM received, closing', 'SIGINT received while closing, exiting now'])
})

t.test('a close that does not finish in time ends the process anyway', async (t) => {
  const exits: number[] = []
  const log = { info: () => {}, error: () => {} }
  const handle = signalHandler({
    close: () => new Promise(() => {}),
    exit: (code) => exits.push(code),
    log,
    timeoutMs: 50,
  })
  handle('SIGTERM')
  t.same(exits, [], 'closing')
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.same(exits, [1], 'exit code 1 once the time-out passed')
})

t.test('a close that finishes exits 0; one that fails exits 1', async (t) => {
  for (const [close, code] of [
    [() => Promise.resolve(), 0],
    [() => Promise.reject(new Error('disk gone')), 1],
  ] as const) {
    const exits: number[] = []
    const handle = signalHandler({ close, exit: (c) => exits.push(c), log: { info: () => {}, error: () => {} } })
    handle('SIGTERM')
    await new Promise((resolve) => setImmediate(resolve))
    t.same(exits, [code], `exit code ${code}`)
  }
})

t.test('open connections do not hold the shutdown: SIGTERM ends the process at once', async (t) => {
  const { child, url, exited } = await start(t)
  const { port } = new URL(url)
  const sockets: Socket[] = []
  const open = (bytes: string) =>
    new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(bytes)
        resolve()
      })
      socket.on('error', () => {})
      socket.resume()
      sockets.push(socket)
    })
  t.teardown(() => sockets.forEach((socket) => socket.destroy()))
  await open('GET /health HTTP/1.1\r\nHost: x\r\n\r\n') // kept alive after its answer
  await open('') // a browser's preconnect: connected, nothing sent yet
  await open('GET /health HTTP/1.1\r\nHost: x\r\n') // a request whose headers never end
  await new Promise((resolve) => setTimeout(resolve, 200))
  // Closing used to wait for the last two until their headers timed out (60 s).
  const { exit, elapsed } = await timeToExit(child, exited, 'SIGTERM', 5000)
  t.equal(exit.code, 0, 'exited cleanly')
  t.ok(elapsed < 2000, `within two seconds of SIGTERM: ${elapsed.toFixed(0)} ms`)
})
