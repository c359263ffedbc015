// `flireo-mock trigger`: the bundled command as a process (scripts/bundle.mjs, as `npm run build`
// ships it) sending one webhook to a real receiver on loopback: the payloads, headers and signature
// of the mock's own deliveries, the overrides, what it prints and its exit status.
import t, { type Test } from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { startReceiver, verifies } from './receiver.js'
import { JAN_PHONE, SHARED_NUMBER, UUID, WEBHOOK_KEYS } from './fixtures.js'
import { bundledServer, collect, spawnServer, START_TIMEOUT_MS, withTimeout, type Exit } from './server-process.js'

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string
/** The seed's external assistant, whose call the samples are. */
const AFSPRAKEN_FIRST_MESSAGE = 'Goedendag, u belt met de afsprakenlijn. Voor welke dag wilt u een afspraak maken?'

let serverJs = ''
t.before(async () => {
  serverJs = await bundledServer()
})

/** Runs `flireo-mock trigger ...args` to its end; `sentAt` brackets the moment it ran (epoch ms). */
async function trigger(args: string[], env: Record<string, string> = {}) {
  const before = Date.now()
  const child = spawnServer(serverJs, ['trigger', ...args], env)
  const { exited } = collect(child)
  const exit: Exit = await withTimeout(exited, START_TIMEOUT_MS, `flireo-mock trigger ${args.join(' ')}`)
  return { ...exit, sentAt: { before, after: Date.now() } }
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** Sends `event` to a fresh receiver; returns what it received, with the command's exit. */
async function triggerOne(t: Test, event: string, args: string[] = [], env: Record<string, string> = {}) {
  const receiver = await startReceiver(t)
  const exit = await trigger([event, '--url', receiver.url(), ...args], env)
  t.equal(exit.code, 0, `${event}: exit 0 (${exit.stderr.trim()})`)
  t.equal(receiver.received.length, 1, `${event}: one request`)
  return { exit, request: receiver.received[0]! }
}

t.test('each event: the documented payload of a call of the seed, with the headers of a delivery', async (t) => {
  for (const [event, keys] of Object.entries(WEBHOOK_KEYS)) {
    const { exit, request } = await triggerOne(t, event)
    const { body, headers } = request
    t.equal(exit.stdout, 'HTTP 200\n{}\n', `${event}: the receiver's status and answer`)
    t.same(Object.keys(body), keys, `${event}: its keys, in the documented order`)
    t.match(body, { eventType: event, fromCaller: JAN_PHONE, toAssistant: SHARED_NUMBER }, `${event}: the seed's call`)
    t.equal(headers['content-type'], 'application/json')
    t.equal(headers['user-agent'], `flireo-mock/${VERSION}`)
    t.equal(headers['x-flireo-event'], event)
    t.match(headers['x-flireo-delivery'], UUID)
    t.notOk('x-flireo-signature' in headers || 'x-flireo-timestamp' in headers, `${event}: unsigned without a secret`)
    const time = (body.eventTime ?? body.eventTimestamp) as number | undefined
    if (time !== undefined) {
      t.ok(time >= exit.sentAt.before && time <= exit.sentAt.after, `${event}: timestamped when sent`)
    }
    if (event === 'tool-calls') {
      const [task, ...more] = body.tasksInitiated as Record<string, unknown>[]
      t.same(more, [], 'one task')
      t.match(task, { taskId: /^call_[a-z0-9]{24}$/, taskName: 'check_availability' })
      const { date } = task!.taskPayload as { date: string }
      t.ok([dayOf(exit.sentAt.before), dayOf(exit.sentAt.after)].includes(date), 'a date for check_availability')
      t.match(body.callId, UUID)
      t.equal(body.userMetadata, null)
    }
    if (event === 'status-update') {
      t.equal(body.status, 'in-progress')
      t.match(body.callSession, UUID)
    }
    if (event === 'end-of-call-report') {
      t.equal(
        body.transcriptText,
        [
          `AI: ${AFSPRAKEN_FIRST_MESSAGE}`,
          'Gebruiker: Hallo, ik heb een vraag over mijn afspraak.',
          'AI: Daar help ik u graag mee. Ik heb het voor u genoteerd.',
          'Gebruiker: Dank u wel, dat was alles.',
          'AI: Bedankt voor uw telefoontje. Fijne dag nog!',
        ].join('\n'),
      )
      t.match(body.summaryText, /^Gesprek met Jan de Vries van 5 beurten\. .*Gebruikte tools: check_availability\./)
      t.match(body, {
        recordings: { linkStereo: new RegExp(`/_mock/recordings/${body.callId}\\.wav\\?token=[0-9a-f]{32}$`) },
        callLengthSeconds: 42.5,
        analysis: {
          summary: body.summaryText,
          structuredData: { assistant_turns: 3, user_turns: 2, tool_calls: 1, ended_reason: 'customer-ended-call' },
          successEvaluation: 'true',
        },
        endedReason: 'customer-ended-call',
        userMetadata: null,
      })
    }
  }
})

t.test('--webhook-secret (or FLIREO_MOCK_WEBHOOK_SECRET) signs the raw body as deliveries are signed', async (t) => {
  for (const [how, args, env] of [
    ['flag', ['--webhook-secret', 's3cret'], {}],
    ['environment', [], { FLIREO_MOCK_WEBHOOK_SECRET: 's3cret' }],
  ] as const) {
    const { exit, request } = await triggerOne(t, 'end-of-call-report', [...args], env)
    t.ok(verifies('s3cret', request.headers, request.raw), `${how}: the signature verifies`)
    t.notOk(verifies('other', request.headers, request.raw), `${how}: not with another secret`)
    const timestamp = Number(request.headers['x-flireo-timestamp'])
    t.ok(
      timestamp >= Math.floor(exit.sentAt.before / 1000) && timestamp <= Math.floor(exit.sentAt.after / 1000),
      `${how}: X-Flireo-Timestamp is the time of sending, in seconds`,
    )
  }
})

t.test('--data merges a JSON object over the payload, then each --set sets one field', async (t) => {
  const data = join(t.testdir({}), 'override.json')
  writeFileSync(
    data,
    JSON.stringify({
      fromCaller: '+31611111111',
      analysis: { successEvaluation: 'false', structuredData: { score: 2 } },
      userMetadata: { crm_id: 'C-1' },
    }),
  )
  const sets = [
    'endedReason=assistant-ended-call',
    'callLengthSeconds=90',
    'userMetadata.order_id=A-17',
    'recordings.linkStereo="null"',
    'analysis.structuredData={"score":5}',
    'extra.nested.flag=true',
  ]
  const { request } = await triggerOne(t, 'end-of-call-report', [
    '--data',
    data,
    ...sets.flatMap((set) => ['--set', set]),
    '--webhook-secret',
    'k',
  ])
  const { body } = request
  t.equal(body.fromCaller, '+31611111111', '--data replaces a field')
  t.match(body.analysis, { successEvaluation: 'false', structuredData: { score: 5 } }, 'objects merge key by key')
  t.equal((body.analysis as { summary: string }).summary, body.summaryText, 'what --data does not name stays')
  t.equal(body.endedReason, 'assistant-ended-call', 'a value that is not JSON is a string')
  t.equal(body.callLengthSeconds, 90, 'a JSON number')
  t.same(body.userMetadata, { crm_id: 'C-1', order_id: 'A-17' }, '--set goes into what --data set')
  t.same(body.recordings, { linkStereo: 'null' }, 'a JSON string keeps its text')
  t.same(body.extra, { nested: { flag: true } }, 'a dotted path makes the objects it needs')
  t.ok(verifies('k', request.headers, request.raw), 'the signature covers the body as changed')

  const tools = await triggerOne(t, 'tool-calls', ['--set', 'tasksInitiated.0.taskName=book_appointment'])
  t.equal(
    (tools.request.body.tasksInitiated as { taskName: string }[])[0]!.taskName,
    'book_appointment',
    'a number in the path indexes an array',
  )
})

t.test("exit status and output follow the receiver's answer", async (t) => {
  const receiver = await startReceiver(t, (request) =>
    request.path === '/fail'
      ? { status: 500, json: { error: 'kapot' } }
      : { status: 202, json: { results: [{ toolCallId: 'x', result: 'Vrij' }] } },
  )
  const accepted = await trigger(['tool-calls', '--url', receiver.url('/ok')])
  t.equal(accepted.code, 0, '2xx: exit 0')
  t.equal(accepted.stdout, 'HTTP 202\n{"results":[{"toolCallId":"x","result":"Vrij"}]}\n')
  const failed = await trigger(['status-update', '--url', receiver.url('/fail')])
  t.equal(failed.code, 1, 'non-2xx: exit 1')
  t.equal(failed.stdout, 'HTTP 500\n{"error":"kapot"}\n')

  // A port nobody listens on: taken, then let go.
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
  const refused = await trigger(['assistant-request', '--url', `http://127.0.0.1:${port}/hook`])
  t.equal(refused.code, 1, 'no answer: exit 1')
  t.equal(refused.stdout, '')
  t.match(refused.stderr, new RegExp(`^flireo-mock trigger: http://127\\.0\\.0\\.1:${port}/hook: ECONNREFUSED\\n$`))
})

t.test('usage errors: exit 2 with one line on stderr, and nothing sent', async (t) => {
  const receiver = await startReceiver(t)
  const url = receiver.url()
  const dir = t.testdir({ 'list.json': '[1, 2]', 'broken.json': '{"a":' })
  const cases: [string, string[], RegExp][] = [
    ['no event', ['--url', url], /missing <event>/],
    ['an unknown event', ['call-started', '--url', url], /unknown event "call-started"/],
    ['no --url', ['status-update'], /missing --url/],
    ['a URL that is not http', ['status-update', '--url', 'ftp://127.0.0.1/x'], /invalid --url/],
    ['a --set without =', ['status-update', '--url', url, '--set', 'status'], /invalid --set "status"/],
    ['a --set with an empty key', ['status-update', '--url', url, '--set', 'a..b=1'], /invalid --set "a..b=1"/],
    ['a --set of __proto__', ['status-update', '--url', url, '--set', '__proto__.x=1'], /"__proto__" is not a field/],
    ['a --data file that is missing', ['status-update', '--url', url, '--data', join(dir, 'none.json')], /ENOENT/],
    ['a --data file that is not JSON', ['status-update', '--url', url, '--data', join(dir, 'broken.json')], /--data/],
    ['a --data array', ['status-update', '--url', url, '--data', join(dir, 'list.json')], /not a JSON object/],
    ['an unknown flag', ['status-update', '--url', url, '--nope'], /--nope/],
    ['a second event', ['status-update', 'tool-calls', '--url', url], /unexpected argument "tool-calls"/],
    ['a bad timeout', ['status-update', '--url', url, '--timeout-ms', '0'], /invalid --timeout-ms "0"/],
  ]
  // A few at a time: a dozen processes starting at once can take longer than the time-out on 2 cores.
  const exits: Awaited<ReturnType<typeof trigger>>[] = []
  for (let i = 0; i < cases.length; i += 3) {
    exits.push(...(await Promise.all(cases.slice(i, i + 3).map(([, args]) => trigger(args)))))
  }
  cases.forEach(([what, , message], i) => {
    const exit = exits[i]!
    t.equal(exit.code, 2, `${what}: exit 2`)
    t.match(exit.stderr, /^flireo-mock trigger: [^\n]+ \(see --help\)\n$/, `${what}: one line`)
    t.match(exit.stderr, message, `${what}: says what is wrong`)
    t.equal(exit.stdout, '', `${what}: nothing on stdout`)
  })
  t.equal(receiver.received.length, 0, 'nothing was sent')
})

t.test('trigger --help names the events and options; the main --help points to it', async (t) => {
  const help = await trigger(['--help'])
  t.equal(help.code, 0)
  t.match(help.stdout, /^Usage: flireo-mock trigger <event> --url <receiver> \[options\]/)
  for (const text of [
    'assistant-request, tool-calls, status-update, end-of-call-report',
    '--webhook-secret',
    '--set',
    '--data',
  ]) {
    t.ok(help.stdout.includes(text), `mentions ${text}`)
  }
  const main = await withTimeout(collect(spawnServer(serverJs, ['--help'])).exited, START_TIMEOUT_MS, '--help')
  t.match(main.stdout, /flireo-mock trigger <event> --url <receiver>/)
})
