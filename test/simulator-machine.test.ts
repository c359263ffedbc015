// The call simulator's state machine (src/simulator/machine.ts) as a table of transitions: a call,
// an event, and the call and effects that follow. No HTTP, no database, no clock.
import t from 'tap'
import type { CallRecord } from '../src/calls/calls.js'
import { autoScript } from '../src/calls/script.js'
import { newCall } from '../src/simulator/new-call.js'
import { assistantRequestFailed, step, type CallEvent, type StepContext } from '../src/simulator/machine.js'

const T = 1_000_000
const context: StepContext = {
  now: T,
  settings: { ring_seconds: 1, turn_seconds: 2, callee_outcome: 'answer' },
  newId: () => '11111111-2222-4333-8444-555555555555',
  otherParty: () => 'Jan',
  recordingUrl: () => 'http://mock/rec.wav',
}

const call = (changes: Partial<CallRecord> = {}, plan: Partial<CallRecord['plan']> = {}): CallRecord => {
  const fields = {
    assistant_id: 'a1',
    direction: 'outbound',
    status: 'queued',
    contact_id: null,
    metadata: {},
  } as const
  const base = newCall(
    'c1',
    {
      ...fields,
      from_number: '+31850000000',
      to_number: '+31612345678',
      plan: {
        mode: 'auto',
        language: 'nl',
        first_message: 'Hallo!',
        end_call_message: null,
        max_duration_seconds: 60,
        tools: [],
        server_url: null,
        external: false,
        script: autoScript([]),
        say_next: [],
        turn_due: null,
        awaiting: null,
      },
    },
    T - 5000,
  )
  return { ...base, ...changes, plan: { ...base.plan, ...plan } }
}

const inProgress = (plan: Partial<CallRecord['plan']> = {}) =>
  call({ status: 'in-progress', started_at: T - 30_000 }, plan)

const kinds = (effects: { kind: string; event?: string; timer?: string }[]) =>
  effects.map((e) => (e.kind === 'webhook' ? `webhook:${e.event}` : e.kind === 'timer' ? `timer:${e.timer}` : e.kind))

interface Row {
  name: string
  before: CallRecord
  event: CallEvent
  settings?: Partial<StepContext['settings']>
  /** The effects, by kind (webhook:<event>, timer:<kind>, cancel-timers, ended). */
  effects: string[]
  /** Fields of the call after the step. */
  after?: Record<string, unknown>
  plan?: Partial<CallRecord['plan']>
  lines?: [string, string][]
}

const ended = (reason: string, status = 'ended') => ({
  status,
  ended_reason: reason,
  ended_at: T,
  recording_url: 'http://mock/rec.wav',
})
const endEffects = ['cancel-timers', 'ended', 'webhook:status-update', 'webhook:end-of-call-report']

const table: Row[] = [
  { name: 'an outbound call rings', before: call(), event: { type: 'placed' }, effects: ['timer:call.answer'] },
  {
    name: 'an inbound call to an external assistant with a server asks it first',
    before: call({ direction: 'inbound', status: 'ringing' }, { external: true, server_url: 'http://srv' }),
    event: { type: 'placed' },
    effects: ['webhook:assistant-request'],
    plan: { awaiting: 'assistant-request' },
  },
  {
    name: 'the ring is over: answered, first message, max duration and a turn',
    before: call(),
    event: { type: 'ring-over' },
    effects: ['webhook:status-update', 'timer:call.max-duration', 'timer:call.turn'],
    after: { status: 'in-progress', started_at: T },
    plan: { turn_due: T + 2000 },
    lines: [['assistant', 'Hallo!']],
  },
  {
    name: 'the ring is over in manual mode: no turn',
    before: call({}, { mode: 'manual' }),
    event: { type: 'ring-over' },
    effects: ['webhook:status-update', 'timer:call.max-duration'],
    after: { status: 'in-progress' },
    lines: [['assistant', 'Hallo!']],
  },
  {
    name: 'nobody answers',
    before: call(),
    event: { type: 'ring-over' },
    settings: { callee_outcome: 'no-answer' },
    effects: endEffects,
    after: { ...ended('no-answer'), duration_seconds: 0 },
  },
  {
    name: 'a ring-over while waiting for the server does nothing',
    before: call({}, { awaiting: 'assistant-request' }),
    event: { type: 'ring-over' },
    effects: [],
  },
  {
    name: 'a turn speaks the next line of the script and plans the next turn',
    before: inProgress({ script: ['caller', 'end'] }),
    event: { type: 'turn-due' },
    effects: ['timer:call.turn'],
    plan: { script: ['end'], turn_due: T + 2000 },
    lines: [['user', 'Hallo, ik heb een vraag over mijn afspraak.']],
  },
  {
    name: 'the last turn ends the call',
    before: inProgress({ script: ['end'] }),
    event: { type: 'turn-due' },
    effects: endEffects,
    after: { ...ended('customer-ended-call'), duration_seconds: 30 },
  },
  {
    name: 'a tool step with a server calls it and waits',
    before: inProgress({
      script: ['tool:lookup', 'end'],
      tools: [{ name: 'lookup', parameters: {} }],
      server_url: 'http://srv',
    }),
    event: { type: 'turn-due' },
    effects: ['webhook:tool-calls'],
    plan: { awaiting: 'tool-calls', turn_due: null },
    lines: [['tool', '{}']],
  },
  {
    name: "the server's tool results are spoken next",
    before: inProgress({ awaiting: 'tool-calls', script: ['end'] }),
    event: {
      type: 'tool-results',
      items: [{ taskId: 'call_1', taskName: 'lookup' }],
      answer: { results: [{ toolCallId: 'call_1', result: 'Vrij' }] },
    },
    effects: ['timer:call.turn'],
    plan: { awaiting: null, say_next: ['Vrij'], turn_due: T + 2000 },
    lines: [['tool', 'Vrij']],
  },
  {
    name: 'a tool result missing from the answer fails',
    before: inProgress({ awaiting: 'tool-calls' }),
    event: { type: 'tool-results', items: [{ taskId: 'call_1', taskName: 'lookup' }], answer: undefined },
    effects: ['timer:call.turn'],
    lines: [['tool', 'Tool call failed']],
  },
  {
    name: 'tool calls by hand without a server are answered at once',
    before: inProgress({ mode: 'manual' }),
    event: { type: 'tool-calls', tasks: [{ name: 'lookup', payload: { q: 1 } }] },
    effects: ['webhook:tool-calls', 'timer:call.turn'],
    lines: [
      ['tool', '{"q":1}'],
      ['tool', 'Tool call failed'],
    ],
  },
  {
    name: 'an assistant-request answer configures the call and it rings',
    before: call(
      { direction: 'inbound', status: 'ringing' },
      { awaiting: 'assistant-request', server_url: 'http://srv' },
    ),
    event: { type: 'assistant-answer', config: { firstMessage: 'Hoi!', maxDurationSeconds: 120 } },
    effects: ['timer:call.answer'],
    plan: { awaiting: null, first_message: 'Hoi!', max_duration_seconds: 120 },
  },
  {
    name: 'an assistant-request answer without an assistant ends the call',
    before: call(
      { direction: 'inbound', status: 'ringing' },
      { awaiting: 'assistant-request', server_url: 'http://srv' },
    ),
    event: { type: 'assistant-answer', config: undefined },
    effects: endEffects,
    after: { ...ended('assistant-request-failed', 'ended-with-debugging'), debugging_artifact: assistantRequestFailed },
  },
  {
    name: 'max duration ends a call in progress',
    before: inProgress(),
    event: { type: 'max-duration' },
    effects: endEffects,
    after: ended('max-duration-reached'),
  },
  {
    name: 'max duration of a call not in progress does nothing',
    before: call(),
    event: { type: 'max-duration' },
    effects: [],
  },
  {
    name: 'a line said by hand',
    before: inProgress({ mode: 'manual' }),
    event: { type: 'say', role: 'user', text: 'Hallo?' },
    effects: [],
    lines: [['user', 'Hallo?']],
  },
  {
    name: 'an injected message is answered in the next turn',
    before: inProgress({ mode: 'manual' }),
    event: { type: 'inject', role: 'system', message: 'Haast' },
    effects: ['timer:call.turn'],
    plan: { say_next: ['Goed, daar houd ik rekening mee: Haast'] },
    lines: [['system', 'Haast']],
  },
  {
    name: 'ended by hand with an artifact',
    before: inProgress(),
    event: { type: 'end', reason: 'error', artifact: 'stack' },
    effects: endEffects,
    after: { ...ended('error', 'ended-with-debugging'), debugging_artifact: 'stack' },
  },
]

for (const row of table) {
  t.test(row.name, async (t) => {
    const before = structuredClone(row.before)
    const result = step(row.before, row.event, { ...context, settings: { ...context.settings, ...row.settings } })
    t.same(kinds(result.effects), row.effects, 'effects')
    if (row.after) t.match(result.call, row.after, 'call')
    if (row.plan) t.match(result.call.plan, row.plan, 'plan')
    const added = result.call.messages.slice(row.before.messages.length).map((m) => [m.role, m.content])
    t.same(added, row.lines ?? [], 'lines')
    t.same(row.before, before, 'the call passed in is left as it was')
  })
}

t.test('an ended call carries its payloads: status-update and the end-of-call report', async (t) => {
  const { effects } = step(inProgress(), { type: 'end', reason: 'customer-ended-call', artifact: null }, context)
  const payloads = effects.flatMap((e) => (e.kind === 'webhook' ? [e.payload] : []))
  t.same(payloads[0], {
    eventTimestamp: T,
    eventType: 'status-update',
    callSession: 'c1',
    fromCaller: '+31612345678',
    toAssistant: '+31850000000',
    status: 'ended',
  })
  t.match(payloads[1], {
    eventType: 'end-of-call-report',
    callId: 'c1',
    recordings: { linkStereo: 'http://mock/rec.wav' },
    callLengthSeconds: 30,
    endedReason: 'customer-ended-call',
    userMetadata: null,
  })
})
