// One realistic webhook of each event, for `flireo-mock trigger`: a finished inbound call from the
// seed's first contact to its external assistant (the kind that gets assistant-request and
// tool-calls), made into payloads by the builders of the mock's own deliveries.
import { randomBytes, randomUUID } from 'node:crypto'
import type { CallRecord, StoredMessage } from '../calls/calls.js'
import * as payloads from '../calls/payloads.js'
import { recordingPath } from '../calls/recording.js'
import { analyze, linesFor, sampleArguments, summarize, transcriptOf } from '../calls/script.js'
import type { SeedDocument } from '../seed/seed.js'

export const webhookEvents = ['assistant-request', 'tool-calls', 'status-update', 'end-of-call-report'] as const
export type WebhookEvent = (typeof webhookEvents)[number]

/** How long the sample call lasted, in seconds. */
const callSeconds = 42.5

/** The sample call, ended at `now`, with what it said and the tool it used. */
function sampleCall(seed: SeedDocument, now: number) {
  const assistant = seed.assistants?.find((a) => a.type === 'external') ?? seed.assistants?.[0]
  const contact = seed.contacts?.[0]
  const number = seed.shared_numbers?.find((n) => n.assistant_id === assistant?.id) ?? seed.shared_numbers?.[0]
  if (!assistant || !contact || !number) throw new Error('the seed needs an assistant, a contact and a shared number')
  const lines = linesFor(assistant.language ?? 'nl')
  const started = now - callSeconds * 1000
  const tool = assistant.tools?.[0]
  const taskPayload = tool && sampleArguments(tool.parameters as Parameters<typeof sampleArguments>[0], now)
  const task = tool && {
    taskId: `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    taskName: tool.name,
    ...(taskPayload === undefined ? {} : { taskPayload }),
  }
  const said: [StoredMessage['role'], string][] = [
    ['assistant', assistant.first_message ?? lines.reply],
    ['user', lines.caller],
    ...(task ? [['tool', JSON.stringify(task.taskPayload ?? {})] as [StoredMessage['role'], string]] : []),
    ['assistant', lines.reply],
    ['user', lines.thanks],
    ['assistant', assistant.end_call_message ?? lines.closing],
  ]
  const messages: StoredMessage[] = said.map(([role, content], i) => ({
    role,
    content,
    at: started + i * 5000,
    ...(role === 'tool' && task ? { tool_call_id: task.taskId, name: task.taskName } : {}),
  }))
  const outcome = {
    messages,
    endedReason: 'customer-ended-call',
    otherParty: contact.full_name ?? contact.phone_number,
  }
  const summary = summarize(outcome)
  const id = randomUUID()
  const call: CallRecord = {
    id,
    assistant_id: assistant.id ?? null,
    direction: 'inbound',
    from_number: contact.phone_number,
    to_number: number.phone_number,
    status: 'ended',
    ended_reason: outcome.endedReason,
    debugging_artifact: null,
    messages,
    summary,
    recording_url: `http://localhost:4010${recordingPath(randomBytes(16).toString('hex'), id)}`,
    duration_seconds: callSeconds,
    analysis: analyze(outcome, summary),
    contact_id: contact.contact_id ?? null,
    scheduled_call_id: null,
    metadata: {},
    credits_used: Math.ceil(callSeconds / 60),
    created_at: started,
    started_at: started,
    ended_at: now,
    plan: {
      mode: 'auto',
      language: assistant.language ?? 'nl',
      first_message: assistant.first_message ?? null,
      end_call_message: assistant.end_call_message ?? null,
      max_duration_seconds: assistant.max_duration_seconds ?? 600,
      tools: [],
      server_url: null,
      external: assistant.type === 'external',
      script: [],
      say_next: [],
      turn_due: null,
      awaiting: null,
    },
  }
  return { call, tasks: task ? [task] : [] }
}

/** The payload of `event` for a sample call of the seed, timestamped `now` (epoch ms). */
export function sampleWebhook(event: WebhookEvent, seed: SeedDocument, now: number): Record<string, unknown> {
  const { call, tasks } = sampleCall(seed, now)
  switch (event) {
    case 'assistant-request':
      return payloads.assistantRequest(call)
    case 'tool-calls':
      return payloads.toolCalls(call, tasks, now)
    case 'status-update':
      return payloads.statusUpdate({ ...call, status: 'in-progress' }, now)
    case 'end-of-call-report':
      return payloads.endOfCallReport(call, transcriptOf(call.messages), now)
  }
}
