// Crash safety of a file-backed mock: the real server process takes a stream of writes, sequential
// and concurrent, and is killed with SIGKILL while writes are in flight. Every write it acknowledged
// (201) must be there when it starts again on the same file, and the file must pass SQLite's
// integrity check. Like test/cli.test.ts, the server is the command bundled from the current
// sources (test/server-process.ts).
import t, { type Test } from 'tap'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import {
  collect,
  bundledServer,
  EXIT_TIMEOUT_MS,
  killAtEnd,
  spawnServer,
  waitForStartLine,
  withTimeout,
  type Exit,
} from './server-process.js'

/** Writes acknowledged one at a time before the concurrent phase. */
const SEQUENTIAL_WRITES = 200
/** The concurrent writers of the second phase. */
const WRITERS = 6
/** The process is killed shortly after the acknowledged writes reach this count, writes still in flight. */
const KILL_AT = 640
const KILL_DELAY_MS = 7

const KEY = 'crash-test-key'

let serverJs = ''

t.before(async () => {
  serverJs = await bundledServer()
})

interface Server {
  child: ChildProcess
  url: string
  exited: Promise<Exit>
}

/** Starts `flireo-mock --port 0 --db <db> --quiet` and waits for its start-up line. */
async function startServer(t: Test, db: string): Promise<Server> {
  const child = spawnServer(serverJs, ['--port', '0', '--db', db, '--quiet'])
  const { exited } = collect(child)
  killAtEnd(t, child, exited)
  const { url } = await waitForStartLine(child, exited)
  return { child, url, exited }
}

const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }

/** The n-th contact of the stream: a distinct mobile number and a name that says which write it was. */
const contactInput = (n: number) => ({ phone_number: `+3162${String(n).padStart(7, '0')}`, full_name: `Crash ${n}` })

function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('; ')
  } finally {
    db.close()
  }
}

t.test('SIGKILL mid-stream loses no acknowledged write and leaves an intact database', async (t) => {
  const db = join(t.testdir({}), 'crash.sqlite')
  const first = await startServer(t, db)

  /** contact id → the input it was created with, for every write answered 201. */
  const acknowledged = new Map<string, { phone_number: string; full_name: string }>()
  let next = 0
  let killScheduled = false
  let killed = false
  /** Writes sent and not yet answered when the kill was sent. */
  let inFlightAtKill = 0
  const write = async () => {
    const input = contactInput(next++)
    const res = await fetch(`${first.url}/v1/contacts`, { method: 'POST', headers, body: JSON.stringify(input) })
    const body = await res.json()
    if (res.status !== 201) throw new Error(`POST /v1/contacts answered ${res.status}: ${JSON.stringify(body)}`)
    acknowledged.set(body.contact_id, input)
    if (acknowledged.size >= KILL_AT && !killScheduled) {
      // a few milliseconds later, wherever the server then is in its work: the writers keep going
      killScheduled = true
      setTimeout(() => {
        killed = true
        inFlightAtKill = next - acknowledged.size
        first.child.kill('SIGKILL')
      }, KILL_DELAY_MS)
    }
  }

  // one at a time
  for (let i = 0; i < SEQUENTIAL_WRITES; i++) await write()
  t.equal(acknowledged.size, SEQUENTIAL_WRITES, 'every sequential write acknowledged')

  // several at a time, until the process is killed under them
  let failedAfterKill = 0
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      // eslint-disable-next-line no-unmodified-loop-condition -- the kill below sets it while these loops await
      while (!killed) {
        try {
          await write()
        } catch (error) {
          if (!killed) throw error
          failedAfterKill++
        }
      }
      // the requests still in flight when the kill came end in a network error or, rarely, a 201
      // that is counted like any other
    }),
  )
  const exit = await withTimeout(first.exited, EXIT_TIMEOUT_MS, 'the killed process to exit')
  t.equal(exit.signal, 'SIGKILL', 'the first process died of SIGKILL')
  t.ok(acknowledged.size >= KILL_AT, `${acknowledged.size} writes acknowledged before the kill`)
  t.ok(inFlightAtKill > 0, `${inFlightAtKill} writes were in flight when the kill was sent`)
  // each of those ended in a network error or, if the server had answered before it died, in an
  // acknowledgement that is checked like any other
  t.equal(acknowledged.size + failedAfterKill, next, 'every write sent is acknowledged or failed')

  t.equal(integrityCheck(db), 'ok', 'PRAGMA integrity_check after the crash')

  const second = await startServer(t, db)
  const missing: string[] = []
  const wrong: string[] = []
  const entries = [...acknowledged]
  for (let i = 0; i < entries.length; i += 25) {
    await Promise.all(
      entries.slice(i, i + 25).map(async ([id, input]) => {
        const res = await fetch(`${second.url}/v1/contacts/${id}`, { headers })
        if (res.status !== 200) {
          missing.push(`${id} (${input.full_name}): ${res.status}`)
          return
        }
        const contact = await res.json()
        if (contact.phone_number !== input.phone_number || contact.full_name !== input.full_name) {
          wrong.push(`${id}: ${JSON.stringify(contact)} is not ${JSON.stringify(input)}`)
        }
      }),
    )
  }
  t.same(missing, [], 'every acknowledged contact is there after the restart')
  t.same(wrong, [], 'with the data it was acknowledged with')

  const list = await (await fetch(`${second.url}/v1/contacts?limit=1`, { headers })).json()
  t.ok(list.meta.total >= acknowledged.size, `the list counts ${list.meta.total} contacts`)
  t.ok(list.meta.total <= next + 3, 'and no more than were sent (plus the 3 seeded)')

  // the restarted process writes, and still knows which numbers are taken
  const [someId, someInput] = entries[entries.length - 1]!
  const duplicate = await fetch(`${second.url}/v1/contacts`, {
    method: 'POST',
    headers,
    body: JSON.stringify(someInput),
  })
  t.equal(duplicate.status, 400, `a second ${someInput.phone_number} is refused`)
  t.match(await duplicate.json(), { error: { code: 'already_in_use' } }, 'as already_in_use')
  const fresh = await fetch(`${second.url}/v1/contacts`, {
    method: 'POST',
    headers,
    body: JSON.stringify(contactInput(next + 1000)),
  })
  t.equal(fresh.status, 201, 'a new contact is created after the restart')
  t.equal(
    (await fetch(`${second.url}/v1/contacts/${someId}`, { headers })).status,
    200,
    'and the acknowledged one is still there',
  )

  second.child.kill('SIGTERM')
  const stopped = await withTimeout(second.exited, EXIT_TIMEOUT_MS, 'the second process to exit')
  t.equal(stopped.code, 0, 'the second process stops cleanly')
  t.equal(integrityCheck(db), 'ok', 'PRAGMA integrity_check after a clean stop')
})
