// The Markdown report: flireo-mock against the stack's limit, absolute figures per server and
// workload, flireo-mock's ratios to each peer and to the bare-Fastify ceiling, cold start and
// memory, the scale figures, and the targets.
const workloadNames = { getOne: 'GET one contact', page: 'GET a page of 20', post: 'POST a contact' }

const int = (n) => Math.round(n).toLocaleString('en-US')
const ms = (n) => (n === undefined || n === null || Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1))
const mb = (n) => (n === undefined ? '–' : `${n.toFixed(1)} MB`)
const times = (r) => (r === undefined || !Number.isFinite(r) ? '–' : `${r < 10 ? r.toFixed(2) : r.toFixed(1)}×`)
const percent = (r) => (r === undefined || !Number.isFinite(r) ? '–' : `${Math.round(r * 100)} %`)
const seconds = (s) => (s === null || s === undefined ? '–' : `${s.toFixed(2)} s`)
/** A Markdown table; `align` has one letter per column, l or r (default: the first left). */
const table = (head, rows, align = 'l'.padEnd(head.length, 'r')) =>
  [
    `| ${head.join(' | ')} |`,
    `|${[...align].map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n')

/** Accessors over the results of one run. */
function figures(results) {
  const subject = results.servers.find((s) => s.role === 'subject')
  const ceiling = results.servers.find((s) => s.role === 'ceiling')
  const ran = (server) => server && !server.skipped
  const byName = (name) => results.servers.find((s) => s.name === name)
  const rps = (server, workload) =>
    ran(server) ? server.workloads[server.role === 'ceiling' ? 'hello' : workload]?.rps : undefined
  /** flireo-mock's figure ÷ the other server's. */
  const ratio = (other, pick) => (ran(subject) && ran(other) ? pick(subject) / pick(other) : undefined)
  const rpsRatio = (other, workload) => ratio(other, (s) => rps(s, workload))
  return { subject, ceiling, ran, byName, rps, ratio, rpsRatio }
}

function targets(results) {
  const { ceiling, ratio } = figures(results)
  const { contacts, calls } = results.scale
  const check = (target, value, format, met) => ({
    target,
    figure: value === undefined ? 'not measured' : format(value),
    met: value === undefined ? null : met(value),
  })
  const sizes = `${int(results.plan.contacts)} contacts`
  const delivered = calls && !calls.error ? calls : undefined
  const stackLimit = (workload) => results.stackLimit?.workloads?.find((w) => w.name === workload)?.median
  const p99 = (figure) => figure?.p99
  const within5ms = (v) => v <= 5
  const millis = (v) => `${ms(v)} ms`
  return [
    ...Object.entries(workloadNames).map(([workload, name]) =>
      check(`${name} ≥ 0.8× the stack limit (median of rounds)`, stackLimit(workload), times, (r) => r >= 0.8),
    ),
    check(
      'cold start ≤ 1.3× bare Fastify',
      ratio(ceiling, (s) => s.coldStart.median),
      times,
      (r) => r <= 1.3,
    ),
    check(
      'idle RSS ≤ 1.3× bare Fastify',
      ratio(ceiling, (s) => s.idleRssMb),
      times,
      (r) => r <= 1.3,
    ),
    check(`random page p99 ≤ 5 ms over ${sizes}`, p99(contacts?.page), millis, within5ms),
    check(`1–2 character search p99 ≤ 5 ms over ${sizes}`, p99(contacts?.searchShort), millis, within5ms),
    check(`longer search p99 ≤ 5 ms over ${sizes}`, p99(contacts?.searchLong), millis, within5ms),
    check(
      `${int(results.plan.calls)} calls fully delivered in ≤ 5 s, 0 lost`,
      delivered,
      (c) =>
        `${c.deliveredSeconds === null ? 'not all within the time-out' : seconds(c.deliveredSeconds)}, ${int(c.lost)} lost`,
      (c) => c.deliveredSeconds !== null && c.deliveredSeconds <= 5 && c.lost === 0,
    ),
  ]
}

/** req/s, p50, p99, failures (with their status codes), server CPU, the rest of the machine's CPU. */
const measured = (w) => [
  int(w.rps),
  ms(w.p50),
  ms(w.p99),
  w.non2xx + w.errors === 0
    ? '0'
    : `${int(w.non2xx + w.errors)} (${w.statusCodes}${w.errors ? `, ${int(w.errors)} errors` : ''})`,
  `${Math.round(w.cpu.server)} %`,
  `${Math.round(w.cpu.others)} %`,
]

/** flireo-mock and the stack-limit server, round by round, and the medians the targets read. */
function stackLimitSection(stackLimit) {
  const out = ["## Against the stack's limit", '']
  if (!stackLimit) return out
  if (stackLimit.skipped) return [...out, `Not measured: ${stackLimit.skipped}.`, '']
  out.push(
    '`../shared/bench/stack-limit-server.mjs` is the least a contact endpoint must do on this stack (Fastify and better-sqlite3, ' +
      "the project's own copies): a bearer check, one prepared statement, a body and a response schema, a unique phone number, a kept total. " +
      `Both servers run at once, started afresh for each round and each holding ${int(stackLimit.contacts)} contacts (so a round of ` +
      `POSTs does not make the next one's lists and indexes larger); per workload, ${stackLimit.rounds} rounds of ` +
      `${stackLimit.seconds} s measured (after the warm-up) on each, back to back, the order alternating from round to round, so ` +
      'what the rest of the machine does touches both alike. The ratio is flireo-mock ÷ the stack limit in req/s; ' +
      "CPU a request is the server process's CPU time ÷ its requests (the figure other work on the machine changes least), " +
      "its ratio the stack limit's ÷ flireo-mock's. flireo-mock does more on each request than the stack limit does: " +
      'it records it in the request journal and on the event stream, checks fault rules, a contact read also lists its recent calls, ' +
      'and a write keeps what makes searches of 100,000 contacts fast (a trigram index, counts of 1–2 character substrings, counted runs of the list order).',
    '',
  )
  const rows = stackLimit.workloads.flatMap((w) =>
    w.rounds.map((r, i) => [
      i === 0 ? `**${workloadNames[w.name]}**` : '',
      String(i + 1),
      int(r.rps.stack),
      int(r.rps.flireo),
      times(r.ratio),
      `${int(r.cpuUs.stack)} µs`,
      `${int(r.cpuUs.flireo)} µs`,
      times(r.cpuRatio),
    ]),
  )
  const head = [
    'workload',
    'round',
    'stack limit req/s',
    'flireo-mock req/s',
    'ratio',
    'stack limit CPU a request',
    'flireo-mock CPU a request',
    'CPU ratio',
  ]
  out.push(table(head, rows, 'lrrrrrrr'), '')
  out.push(
    table(
      ['workload', 'median ratio (req/s)', 'median CPU ratio'],
      stackLimit.workloads.map((w) => [workloadNames[w.name], times(w.median), times(w.cpuMedian)]),
    ),
    '',
  )
  return out
}

const verdict = (met) => (met === null ? '– not measured' : met ? '✅ met' : '❌ missed')

export function renderReport(results) {
  const f = figures(results)
  const { plan, machine } = results
  const label = (s) => `${s.name}${s.version ? ` ${s.version}` : ''}`
  const peers = results.servers.filter((s) => s.role === 'peer')
  const out = []

  out.push(`# flireo-mock benchmark — ${results.date}${plan.quick ? ' (quick run: indicative only)' : ''}`, '')
  out.push(
    `flireo-mock at ${results.revision}. Node ${machine.node}, ${machine.cpu}, ${machine.cores} cores; load average ${machine.loadAverage.toFixed(2)} at the start, ` +
      `CPU steal ${machine.steal.toFixed(1)} % over the run. One server at a time on 127.0.0.1; autocannon ` +
      `(in the bench process) with ${plan.connections} connections, pipelining ${plan.pipelining}, ` +
      `${plan.warmupSeconds} s warm-up then ${plan.seconds} s measured per workload. ` +
      "req/s is autocannon's mean of per-second counts; p50/p99 are over every 2xx response of the measured run. " +
      'CPU is % of one core over the measured run: the server process, and the rest of the machine ' +
      '(neither the server nor the bench process: other work on this machine makes a figure noisy).',
    '',
  )

  out.push(...stackLimitSection(results.stackLimit))
  if (plan.stackLimitOnly) return out.join('\n')

  out.push('## Throughput and latency', '')
  const rows = []
  if (f.ran(f.ceiling)) {
    const hello = f.ceiling.workloads.hello
    rows.push([`**ceiling**: GET /hello`, label(f.ceiling), ...measured(hello), '', ''])
  }
  for (const [workload, name] of Object.entries(workloadNames)) {
    for (const server of [f.subject, ...peers]) {
      if (!f.ran(server)) continue
      const w = server.workloads[workload]
      const isSubject = server === f.subject
      rows.push([
        isSubject ? `**${name}**` : '',
        label(server),
        ...measured(w),
        isSubject ? '' : times(f.rpsRatio(server, workload)),
        isSubject ? percent(f.rpsRatio(f.ceiling, workload)) : '',
      ])
    }
  }
  const head = [
    'workload',
    'server',
    'req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx + errors',
    'server CPU',
    'rest of machine CPU',
    'flireo-mock ÷ this',
    'flireo-mock ÷ ceiling',
  ]
  out.push(table(head, rows, 'llrrrrrrrr'), '')
  const runs = [f.ceiling, f.subject, ...peers].filter(f.ran).flatMap((s) => Object.values(s.workloads))
  const noisy = runs.filter((w) => w.cpu.others > 20).length
  if (noisy) {
    out.push(
      `⚠ Other processes used more than 20 % of a core during ${noisy} of these ${runs.length} runs (column "rest of machine"): ` +
        'those figures are lower and noisier than this machine gives when it is otherwise idle.',
      '',
    )
  }

  out.push('## Cold start and memory', '')
  out.push(
    `Cold start: spawn of \`node <server>\` until the first 200 on its health-ish URL (polled every 5 ms), median of ${plan.coldStarts} runs, ` +
      'interleaved: each round starts every server once, the order reversed from round to round. ' +
      'RSS: VmRSS of the server process, idle 1 s after start, and the peak of samples every 100 ms during the measured GET-one run ' +
      '(the ceiling: its GET /hello run).',
    '',
  )
  out.push(
    table(
      [
        'server',
        'cold start (median)',
        'min – max',
        'flireo-mock ÷ this',
        'idle RSS',
        'flireo-mock ÷ this',
        'RSS under load',
        'flireo-mock ÷ this',
      ],
      [f.subject, f.ceiling, ...peers].filter(f.ran).map((s) => {
        const own = s === f.subject
        const r = (pick) => (own ? '' : times(f.ratio(s, pick)))
        return [
          label(s),
          `${int(s.coldStart.median)} ms`,
          `${int(s.coldStart.min)} – ${int(s.coldStart.max)} ms`,
          r((x) => x.coldStart.median),
          mb(s.idleRssMb),
          r((x) => x.idleRssMb),
          mb(s.loadRssMb),
          r((x) => x.loadRssMb),
        ]
      }),
    ),
    '',
  )

  out.push('## flireo-mock at scale', '')
  const { contacts, calls } = results.scale
  const scaleRows = []
  if (contacts?.error) scaleRows.push(['contacts at scale', `failed: ${contacts.error}`])
  else if (contacts) {
    scaleRows.push([
      `load ${int(contacts.contacts)} contacts into one workspace`,
      `${seconds(contacts.loadSeconds)} in ${contacts.batches} POST /_mock/seed batches (${int(contacts.contacts / contacts.loadSeconds)} contacts/s); total now ${int(contacts.total)}`,
    ])
    for (const [name, r] of [
      ['`GET /v1/contacts?limit=20&offset=<random>`', contacts.page],
      ['`GET /v1/contacts?search=<1–2 characters>`', contacts.searchShort],
      ['`GET /v1/contacts?search=<name fragment of 3–5>`', contacts.searchLong],
    ]) {
      if (!r) continue
      scaleRows.push([
        `${name}, ${int(r.count)} sequential`,
        `p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms${r.failed ? `, ${int(r.failed)} not 200` : ''}`,
      ])
    }
  }
  if (calls?.error) scaleRows.push(['calls at scale', `failed: ${calls.error}`])
  else if (calls) {
    scaleRows.push([
      `create ${int(calls.calls)} outbound calls (auto mode, manual clock, 10 at a time)`,
      seconds(calls.createSeconds),
    ])
    scaleRows.push([
      `one \`POST /_mock/clock/advance {seconds: 60}\` → all ${int(calls.expected)} webhook events received ` +
        '(by a node:http server with default settings in the bench process, answering 200 `{}`)',
      `${calls.deliveredSeconds === null ? 'not all within the time-out' : seconds(calls.deliveredSeconds)} (the advance answered after ${seconds(calls.advanceSeconds)})`,
    ])
    scaleRows.push([
      'events expected / received / lost / unexpected extra',
      `${int(calls.expected)} / ${int(calls.received)} / ${int(calls.lost)} / ${int(calls.extra)}; ` +
        `calls whose events were not exactly in-progress, ended, end-of-call-report in that order: ${int(calls.outOfOrder)}`,
    ])
    if (calls.failedAttempts) {
      scaleRows.push([
        "failed attempts in the mock's delivery log",
        `${int(calls.failedAttempts)} (e.g. "${calls.firstError}")`,
      ])
    }
  }
  out.push(table(['figure', 'value'], scaleRows, 'll'), '')

  out.push('## Targets', '')
  out.push(
    table(
      ['target', 'figure', ''],
      targets(results).map((t) => [t.target, t.figure, verdict(t.met)]),
      'lrl',
    ),
    '',
  )

  out.push('## Servers', '')
  for (const s of results.servers) {
    out.push(`- ${label(s)} (${s.role}): ${s.skipped ? `**skipped** — ${s.skipped}` : s.how}`)
  }
  out.push('')
  return out.join('\n')
}
