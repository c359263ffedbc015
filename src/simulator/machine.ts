// The call simulator's state machine (webhooks.md § The call lifecycle): a pure function from a
// call and an event — the ring is over, a turn is due, the server answered, a line is said — to
// the call after it and the effects it causes (webhooks, timers). Nothing here reads the database,
// the clock or the network: what it needs comes in the context, so a transition is the same on
// every run. ./simulator.ts applies what it returns.
import type { WebhookTaskItem } from '../../schemas/webhooks.js'
import { activeStatuses, type CallRecord, type CallTool, type StoredMessage } from '../calls/calls.js'
import * as payloads from '../calls/payloads.js'
import { analyze, autoScript, linesFor, sampleArguments, summarize, toolFailed, transcriptOf } from '../calls/script.js'

export const assistantRequestFailed = "Couldn't Get Assistant. Assistant Request Did Not Return One."

export type ToolTask = { name: string; payload?: Record<string, unknown> }
export type ToolAnswer = { results?: { toolCallId?: unknown; result?: unknown }[] }

export type CallEvent =
  /** The call was placed: it rings, or (inbound, to an external assistant) first asks its server for one. */
  | { type: 'placed' }
  /** The ring is over (the answer timer): the callee answers, or not. */
  | { type: 'ring-over' }
  | { type: 'turn-due' }
  | { type: 'max-duration' }
  /** The server's answer to assistant-request: the assistant config, if it gave one. */
  | { type: 'assistant-answer'; config: Record<string, unknown> | undefined }
  /** The server's answer to tool-calls (undefined when it gave none). */
  | { type: 'tool-results'; items: WebhookTaskItem[]; answer: ToolAnswer | undefined }
  /** Tool calls made by hand (POST /_mock/calls/{id}/tool-calls). */
  | { type: 'tool-calls'; tasks: ToolTask[] }
  | { type: 'say'; role: 'user' | 'assistant'; text: string }
  | { type: 'inject'; role: 'system' | 'user'; message: string }
  | { type: 'end'; reason: string; artifact: string | null }

export type CallTimer = 'call.answer' | 'call.turn' | 'call.max-duration'

export type CallEffect =
  | { kind: 'webhook'; event: string; payload: object }
  | { kind: 'timer'; timer: CallTimer; at: number }
  /** The call's pending timers have nothing left to do. */
  | { kind: 'cancel-timers' }
  /** The call has ended: its cost, its contact and its scheduled call follow. */
  | { kind: 'ended' }

export interface StepContext {
  now: number
  settings: { ring_seconds: number; turn_seconds: number; callee_outcome: 'answer' | 'no-answer' | 'busy' }
  /** A fresh id (tool-call task ids). */
  newId: () => string
  /** How the summary names the other party (the contact's name, else the number). */
  otherParty: () => string
  recordingUrl: () => string
}

export interface Step {
  call: CallRecord
  effects: CallEffect[]
}

const running = (call: CallRecord) => activeStatuses.includes(call.status)

/** The next state of `call` after `event`, and what it causes. The call passed in is not changed. */
export function step(before: CallRecord, event: CallEvent, context: StepContext): Step {
  const call = structuredClone(before)
  const effects: CallEffect[] = []
  const { now, settings } = context
  const say = (role: StoredMessage['role'], content: string, at = now, extra: Partial<StoredMessage> = {}) =>
    call.messages.push({ role, content, at, ...extra })
  const webhook = (event: string, payload: object) => effects.push({ kind: 'webhook', event, payload })
  const timer = (timer: CallTimer, at: number) => effects.push({ kind: 'timer', timer, at })
  const nextTurn = () => {
    if (call.plan.turn_due !== null) return
    call.plan.turn_due = now + settings.turn_seconds * 1000
    timer('call.turn', call.plan.turn_due)
  }
  const ring = () => timer('call.answer', now + settings.ring_seconds * 1000)

  const finish = (reason: string, artifact: string | null = null) => {
    call.status = artifact === null ? 'ended' : 'ended-with-debugging'
    call.ended_reason = reason
    call.debugging_artifact = artifact
    call.ended_at = now
    call.duration_seconds = call.started_at === null ? 0 : (now - call.started_at) / 1000
    call.plan.awaiting = null
    call.plan.turn_due = null
    effects.push({ kind: 'cancel-timers' })
    const outcome = { messages: call.messages, endedReason: reason, otherParty: context.otherParty() }
    call.summary = summarize(outcome)
    call.analysis = analyze(outcome, call.summary)
    call.recording_url = context.recordingUrl()
    effects.push({ kind: 'ended' })
    webhook('status-update', payloads.statusUpdate(call, now))
    webhook('end-of-call-report', payloads.endOfCallReport(call, transcriptOf(call.messages), now))
  }

  /** The results of tool calls become lines the assistant speaks in its next turns. */
  const answerTools = (items: WebhookTaskItem[], answer: ToolAnswer | undefined) => {
    for (const item of items) {
      const found = answer?.results?.find((r) => r.toolCallId === item.taskId)
      const result = typeof found?.result === 'string' ? found.result : toolFailed
      say('tool', result, now, { tool_call_id: item.taskId, name: item.taskName })
      call.plan.say_next.push(result)
    }
    call.plan.awaiting = null
    nextTurn()
  }

  /** Sends a tool-calls event; the call waits for the server's answer if it has a server. */
  const callTools = (tasks: ToolTask[]) => {
    const items: WebhookTaskItem[] = tasks.map(({ name, payload }) => ({
      taskId: `call_${context.newId().replace(/-/g, '').slice(0, 24)}`,
      taskName: name,
      ...(payload === undefined ? {} : { taskPayload: payload }),
    }))
    for (const item of items) {
      say('tool', JSON.stringify(item.taskPayload ?? {}), now, { tool_call_id: item.taskId, name: item.taskName })
    }
    webhook('tool-calls', payloads.toolCalls(call, items, now))
    if (call.plan.server_url) call.plan.awaiting = 'tool-calls'
    else answerTools(items, undefined)
  }

  /** One turn of the conversation: a queued line, else the automatic script's next step. */
  const turn = () => {
    const lines = linesFor(call.plan.language)
    call.plan.turn_due = null
    const queued = call.plan.say_next.shift()
    if (queued !== undefined) {
      say('assistant', queued)
    } else if (call.plan.mode === 'auto' && !call.plan.awaiting) {
      const next = call.plan.script.shift()
      if (next === 'caller') say('user', lines.caller)
      else if (next === 'reply') say('assistant', lines.reply)
      else if (next === 'thanks') say('user', lines.thanks)
      else if (next === 'closing') say('assistant', call.plan.end_call_message ?? lines.closing)
      else if (next === 'end') return finish('customer-ended-call')
      else if (next?.startsWith('tool:')) {
        const tool = call.plan.tools.find((t) => t.name === next.slice('tool:'.length))
        if (tool) callTools([{ name: tool.name, payload: sampleArguments(tool.parameters, now) }])
      }
    }
    // The conversation goes on unless it waits for the server; queued lines are spoken in manual mode too.
    if (
      !call.plan.awaiting &&
      (call.plan.say_next.length > 0 || (call.plan.mode === 'auto' && call.plan.script.length > 0))
    ) {
      nextTurn()
    }
  }

  switch (event.type) {
    case 'placed':
      if (call.direction === 'inbound' && call.plan.external && call.plan.server_url) {
        call.plan.awaiting = 'assistant-request'
        webhook('assistant-request', payloads.assistantRequest(call))
      } else {
        ring()
      }
      break
    case 'ring-over':
      if (!running(call) || call.status === 'in-progress' || call.plan.awaiting) break
      if (settings.callee_outcome !== 'answer') {
        finish(settings.callee_outcome)
        break
      }
      call.status = 'in-progress'
      call.started_at = now
      webhook('status-update', payloads.statusUpdate(call, now))
      if (call.plan.first_message) say('assistant', call.plan.first_message)
      timer('call.max-duration', now + call.plan.max_duration_seconds * 1000)
      if (call.plan.mode === 'auto') nextTurn()
      break
    case 'turn-due':
      if (call.status === 'in-progress') turn()
      break
    case 'max-duration':
      if (call.status === 'in-progress') finish('max-duration-reached')
      break
    case 'assistant-answer':
      if (call.plan.awaiting !== 'assistant-request' || !running(call)) break
      call.plan.awaiting = null
      if (!event.config) {
        finish('assistant-request-failed', assistantRequestFailed)
        break
      }
      configure(call, event.config)
      ring()
      break
    case 'tool-results':
      if (call.status === 'in-progress' && call.plan.awaiting === 'tool-calls') answerTools(event.items, event.answer)
      break
    case 'tool-calls':
      callTools(event.tasks)
      break
    case 'say':
      say(event.role, event.text)
      break
    case 'inject':
      say(event.role, event.message, now, { injected: true })
      call.plan.say_next.push(linesFor(call.plan.language).injected(event.message))
      if (!call.plan.awaiting) nextTurn()
      break
    case 'end':
      finish(event.reason, event.artifact)
      break
  }
  return { call, effects }
}

/** The `assistant` object of an assistant-request answer, if there is one. */
export function assistantConfig(json: unknown): Record<string, unknown> | undefined {
  const assistant = (json as { assistant?: unknown } | null)?.assistant
  return assistant && typeof assistant === 'object' && !Array.isArray(assistant)
    ? (assistant as Record<string, unknown>)
    : undefined
}

/** What the mock reads of an assistant-request answer; the rest stays in metadata. */
function configure(call: CallRecord, config: Record<string, unknown>) {
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined)
  const model = (config.model ?? {}) as { tools?: unknown; messages?: unknown }
  call.plan.first_message = text(config.firstMessage) ?? call.plan.first_message
  call.plan.end_call_message = text(config.endCallMessage) ?? call.plan.end_call_message
  if (typeof config.maxDurationSeconds === 'number' && config.maxDurationSeconds > 0) {
    call.plan.max_duration_seconds = config.maxDurationSeconds
  }
  if (Array.isArray(model.tools)) {
    const tools: CallTool[] = model.tools.flatMap(
      (tool: { name?: unknown; parameters?: unknown; function?: { name?: unknown; parameters?: unknown } }) => {
        const name = text(tool?.name) ?? text(tool?.function?.name)
        if (!name) return []
        const parameters = (tool.parameters ??
          tool.function?.parameters ??
          call.plan.tools.find((t) => t.name === name)?.parameters ??
          {}) as Record<string, unknown>
        return [{ name, parameters }]
      },
    )
    call.plan.tools = tools
    call.plan.script = autoScript(call.plan.server_url ? tools.map((t) => t.name) : [])
  }
  if (Array.isArray(model.messages)) {
    const system = (model.messages as { role?: unknown; content?: unknown }[]).find(
      (m) => m.role === 'system' && text(m.content),
    )
    if (system) call.messages.push({ role: 'system', content: system.content as string, at: call.created_at })
  }
  call.metadata = { ...call.metadata, assistant_config: config }
}
