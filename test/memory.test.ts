// Memory a hostile client can make the server hold, measured in a real server process: the request
// journal keeps 64 KB of each body, not what was sent.
import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { collect, bundledServer, killAtEnd, spawnServer, waitForStartLine } from './server-process.js'

/** The resident set size of a process in MB, from /proc (Linux). */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024

t.test(
  '300 rejected 900 KB bodies raise the server’s RSS by less than 120 MB',
  { skip: !existsSync('/proc/self/status') && 'needs /proc' },
  async (t) => {
    const serverJs = await bundledServer()
    const child = spawnServer(serverJs, ['--port', '0', '--quiet'])
    const { exited } = collect(child)
    killAtEnd(t, child, exited)
    const { url } = await waitForStartLine(child, exited)
    const headers = { authorization: 'Bearer memory', 'content-type': 'application/json' }
    // Each is a 400 (junk is not a known field), recorded in the journal.
    const body = JSON.stringify({ phone_number: '+31611111111', junk: 'j'.repeat(900 * 1024) })
    const post = async () => {
      const res = await fetch(`${url}/v1/contacts`, { method: 'POST', headers, body })
      await res.arrayBuffer()
      return res.status
    }
    for (let i = 0; i < 5; i++) t.equal(await post(), 400, 'warm-up: refused')
    const before = rssMb(child.pid!)
    let refused = 0
    for (let i = 0; i < 300; i++) if ((await post()) === 400) refused++
    const after = rssMb(child.pid!)
    t.equal(refused, 300, 'every one refused with 400')
    t.ok(after - before < 120, `RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB (+${(after - before).toFixed(0)} MB)`)
    const journal = await fetch(`${url}/_mock/requests?limit=1`, { headers })
    const [entry] = (await journal.json()).data
    t.equal(Buffer.byteLength(entry.request.body), 64 * 1024, 'the journal kept 64 KB of the newest')
  },
)
