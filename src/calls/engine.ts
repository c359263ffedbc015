// The call simulator (webhooks.md § The call lifecycle): a call's life is a chain of timers on
// its workspace's clock — answer, one turn at a time, the end — and the webhooks each step sends.
// A step that needs an answer from the assistant's server (assistant-request, tool-calls) waits
// for it; the answer schedules the next step.
import type { Tool } from '../../schemas/assistants.js'
import type { DirectCallInput } from '../../schemas/calls.js'
import type { WebhookTaskItem } from '../../schemas/webhooks.js'
import type { Assistants } from '../assistants/assistants.js'
import type { Contacts } from '../contacts/contacts.js'
import { transaction, type Db } from '../db/open.js'
import { ApiError, invalidParameter } from '../errors.js'
import type { Numbers } from '../phone-numbers/numbers.js'
import type { Timers } from '../timers/timers.js'
import type { Users } from '../users/users.js'
import type { Dispatcher } from '../webhooks/dispatcher.js'
import type { Workspace } from '../workspaces/workspaces.js'
import {
  activeStatuses,
  customerNumber,
  toCall,
  type CallRecord,
  type CallTool,
  type Calls,
  type Plan,
  type StoredMessage,
} from './calls.js'
import * as payloads from './payloads.js'
import { analyze, autoScript, linesFor, sampleArguments, summarize, toolFailed, transcriptOf } from './script.js'

const timer = { answer: 'call.answer', turn: 'call.turn', maxDuration: 'call.max-duration' }

export const assistantRequestFailed = "Couldn't Get Assistant. Assistant Request Did Not Return One."

export interface EngineDeps {
  db: Db
  now: (workspace: Workspace) => number
  newId: () => string
  calls: Calls
  assistants: Assistants
  numbers: Numbers
  contacts: Contacts
  users: Users
  timers: Timers
  dispatcher: Dispatcher
  /** The signed recording URL of a call. */
  recordingUrl: (callId: string) => string
}

export interface InboundInput {
  from: string
  to: string
  metadata?: Record<string, unknown>
}

type ToolAnswer = { results?: { toolCallId?: unknown; result?: unknown }[] }

export function createCallEngine(deps: EngineDeps) {
  const { db, now, newId, calls, assistants, numbers, contacts, users, timers, dispatcher, recordingUrl } = deps
  const endedListeners: ((workspace: Workspace, call: CallRecord) => void)[] = []

  const say = (
    call: CallRecord,
    role: StoredMessage['role'],
    content: string,
    at: number,
    extra: Partial<StoredMessage> = {},
  ) => call.messages.push({ role, content, at, ...extra })

  /** Queues an event to the assistant's server_url (which answers) and the workspace's URLs. */
  const emit = (workspace: Workspace, call: CallRecord, event: string, payload: object) => {
    const own = call.plan.server_url
    const targets = own ? [{ url: own, answers: event === 'assistant-request' || event === 'tool-calls' }] : []
    for (const url of workspace.settings.webhook_urls) if (url !== own) targets.push({ url, answers: false })
    dispatcher.queue(workspace, call.id, event, payload, targets)
  }

  const scheduleTurn = (workspace: Workspace, call: CallRecord, at: number) => {
    if (call.plan.turn_due !== null) return
    call.plan.turn_due = at
    timers.schedule(workspace, at, timer.turn, { call_id: call.id }, call.id)
  }

  const planFor = (workspace: Workspace, assistantId: string, firstMessage?: string): Plan => {
    const assistant = assistants.get(workspace, assistantId)
    const external = assistant.type === 'external'
    const tools: CallTool[] = assistant.tools.map(({ name, parameters }: Tool) => ({
      name,
      parameters: parameters as Record<string, unknown>,
    }))
    return {
      mode: workspace.settings.call_mode,
      language: assistant.language,
      first_message: firstMessage ?? assistant.first_message,
      end_call_message: assistant.end_call_message,
      max_duration_seconds: assistant.max_duration_seconds,
      tools,
      server_url: assistant.server_url,
      external,
      // Tools run on the assistant's server, so only an external assistant with one calls them.
      script: autoScript(external && assistant.server_url ? tools.map((t) => t.name) : []),
      say_next: [],
      turn_due: null,
      awaiting: null,
    }
  }

  const newCall = (
    fields: Pick<
      CallRecord,
      'assistant_id' | 'direction' | 'from_number' | 'to_number' | 'status' | 'contact_id' | 'metadata' | 'plan'
    > & { scheduled_call_id?: string | null },
    at: number,
  ): CallRecord => ({
    id: newId(),
    ended_reason: null,
    debugging_artifact: null,
    messages: [],
    summary: null,
    recording_url: null,
    duration_seconds: null,
    analysis: null,
    credits_used: 0,
    created_at: at,
    started_at: null,
    ended_at: null,
    scheduled_call_id: null,
    ...fields,
  })

  /** Ends a call: the outcome, its cost, the contact's last interaction, then the two last events. */
  const finish = (workspace: Workspace, call: CallRecord, reason: string, artifact: string | null = null) => {
    const at = now(workspace)
    call.status = artifact === null ? 'ended' : 'ended-with-debugging'
    call.ended_reason = reason
    call.debugging_artifact = artifact
    call.ended_at = at
    call.duration_seconds = call.started_at === null ? 0 : (at - call.started_at) / 1000
    call.plan.awaiting = null
    call.plan.turn_due = null
    // Its remaining turns and its max-duration timer have nothing left to do.
    timers.cancel(workspace, call.id)
    const otherParty = call.contact_id
      ? (contacts.get(workspace, call.contact_id).full_name ?? customerNumber(call))
      : customerNumber(call)
    const outcome = { messages: call.messages, endedReason: reason, otherParty }
    call.summary = summarize(outcome)
    call.analysis = analyze(outcome, call.summary)
    call.recording_url = recordingUrl(call.id)
    // One credit per started minute, as far as the balance goes.
    call.credits_used = users.chargeUpTo(workspace, Math.ceil(call.duration_seconds / 60))
    // A call nobody answered is no interaction with the contact.
    if (call.contact_id && call.started_at !== null) {
      contacts.recordInteraction(workspace, call.contact_id, at, call.summary)
    }
    calls.save(workspace, call)
    for (const listener of endedListeners) listener(workspace, call)
    emit(workspace, call, 'status-update', payloads.statusUpdate(call, at))
    emit(workspace, call, 'end-of-call-report', payloads.endOfCallReport(call, transcriptOf(call.messages), at))
  }

  /** The call if it is still running; timers of ended calls do nothing. */
  const running = (workspace: Workspace, payload: unknown) => {
    const call = calls.maybe(workspace, (payload as { call_id: string }).call_id)
    return call && activeStatuses.includes(call.status) ? call : undefined
  }

  const flushAfter = (workspace: Workspace) => () => dispatcher.flush(workspace)

  timers.register(timer.answer, (payload, { workspace }) => {
    const call = running(workspace, payload)
    if (!call || call.status === 'in-progress' || call.plan.awaiting) return
    const outcome = workspace.settings.callee_outcome
    if (outcome !== 'answer') {
      finish(workspace, call, outcome)
      return flushAfter(workspace)
    }
    const at = now(workspace)
    call.status = 'in-progress'
    call.started_at = at
    emit(workspace, call, 'status-update', payloads.statusUpdate(call, at))
    if (call.plan.first_message) say(call, 'assistant', call.plan.first_message, at)
    timers.schedule(
      workspace,
      at + call.plan.max_duration_seconds * 1000,
      timer.maxDuration,
      { call_id: call.id },
      call.id,
    )
    if (call.plan.mode === 'auto') scheduleTurn(workspace, call, at + workspace.settings.turn_seconds * 1000)
    calls.save(workspace, call)
    return flushAfter(workspace)
  })

  timers.register(timer.turn, (payload, { workspace }) => {
    const call = running(workspace, payload)
    if (!call || call.status !== 'in-progress') return
    const at = now(workspace)
    const lines = linesFor(call.plan.language)
    call.plan.turn_due = null
    const next = () => at + workspace.settings.turn_seconds * 1000
    const queued = call.plan.say_next.shift()
    if (queued !== undefined) {
      say(call, 'assistant', queued, at)
    } else if (call.plan.mode === 'auto' && !call.plan.awaiting) {
      const step = call.plan.script.shift()
      if (step === 'caller') say(call, 'user', lines.caller, at)
      else if (step === 'reply') say(call, 'assistant', lines.reply, at)
      else if (step === 'thanks') say(call, 'user', lines.thanks, at)
      else if (step === 'closing') say(call, 'assistant', call.plan.end_call_message ?? lines.closing, at)
      else if (step === 'end') {
        finish(workspace, call, 'customer-ended-call')
        return flushAfter(workspace)
      } else if (step?.startsWith('tool:')) {
        const tool = call.plan.tools.find((t) => t.name === step.slice('tool:'.length))
        if (tool) {
          sendToolCalls(workspace, call, [{ name: tool.name, payload: sampleArguments(tool.parameters, at) }], at)
        }
      }
    }
    // The conversation goes on unless it waits for the server; queued lines are spoken in manual mode too.
    if (
      !call.plan.awaiting &&
      (call.plan.say_next.length > 0 || (call.plan.mode === 'auto' && call.plan.script.length > 0))
    ) {
      scheduleTurn(workspace, call, next())
    }
    calls.save(workspace, call)
    return flushAfter(workspace)
  })

  timers.register(timer.maxDuration, (payload, { workspace }) => {
    const call = running(workspace, payload)
    if (!call || call.status !== 'in-progress') return
    finish(workspace, call, 'max-duration-reached')
    return flushAfter(workspace)
  })

  /** Queues a tool-calls event; the call waits for the server's answer if it has a server. */
  const sendToolCalls = (
    workspace: Workspace,
    call: CallRecord,
    tasks: { name: string; payload?: Record<string, unknown> }[],
    at: number,
  ) => {
    const items: WebhookTaskItem[] = tasks.map(({ name, payload }) => ({
      taskId: `call_${newId().replace(/-/g, '').slice(0, 24)}`,
      taskName: name,
      ...(payload === undefined ? {} : { taskPayload: payload }),
    }))
    for (const item of items) {
      say(call, 'tool', JSON.stringify(item.taskPayload ?? {}), at, { tool_call_id: item.taskId, name: item.taskName })
    }
    emit(workspace, call, 'tool-calls', payloads.toolCalls(call, items, at))
    if (call.plan.server_url) call.plan.awaiting = 'tool-calls'
    else answerTools(workspace, call, items, undefined)
    return items
  }

  /** The results of tool calls become lines the assistant speaks in its next turns. */
  const answerTools = (
    workspace: Workspace,
    call: CallRecord,
    items: WebhookTaskItem[],
    answer: ToolAnswer | undefined,
  ) => {
    const at = now(workspace)
    for (const item of items) {
      const found = answer?.results?.find((r) => r.toolCallId === item.taskId)
      const result = typeof found?.result === 'string' ? found.result : toolFailed
      say(call, 'tool', result, at, { tool_call_id: item.taskId, name: item.taskName })
      call.plan.say_next.push(result)
    }
    call.plan.awaiting = null
    scheduleTurn(workspace, call, at + workspace.settings.turn_seconds * 1000)
  }

  dispatcher.onAnswer('tool-calls', (workspace, delivery, attempt) => {
    const call = calls.maybe(workspace, delivery.call_id!)
    if (!call || call.status !== 'in-progress' || call.plan.awaiting !== 'tool-calls') return
    const items = (JSON.parse(delivery.body) as { tasksInitiated: WebhookTaskItem[] }).tasksInitiated
    answerTools(workspace, call, items, attempt.ok ? (attempt.json as ToolAnswer) : undefined)
    calls.save(workspace, call)
  })

  dispatcher.onAnswer('assistant-request', (workspace, delivery, attempt) => {
    const call = calls.maybe(workspace, delivery.call_id!)
    if (!call || call.plan.awaiting !== 'assistant-request' || !activeStatuses.includes(call.status)) return
    call.plan.awaiting = null
    const config = attempt.ok ? assistantConfig(attempt.json) : undefined
    if (!config) {
      finish(workspace, call, 'assistant-request-failed', assistantRequestFailed)
      return
    }
    configure(call, config)
    calls.save(workspace, call)
    timers.schedule(
      workspace,
      now(workspace) + workspace.settings.ring_seconds * 1000,
      timer.answer,
      { call_id: call.id },
      call.id,
    )
  })

  /** The `assistant` object of an assistant-request answer, if there is one. */
  function assistantConfig(json: unknown): Record<string, unknown> | undefined {
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
      if (system) say(call, 'system', system.content as string, call.created_at)
    }
    call.metadata = { ...call.metadata, assistant_config: config }
  }

  /** The running call, or 400 invalid_status. */
  const inProgress = (workspace: Workspace, id: string) => {
    const call = calls.find(workspace, id)
    if (call.status !== 'in-progress') {
      throw new ApiError('invalid_status', 'The call is not in progress', { call_id: id, status: call.status })
    }
    return call
  }

  /**
   * Places an outbound call with the checks of POST /calls/outbound, inside the caller's
   * transaction (the scheduler's timer runs it too).
   */
  function placeOutbound(workspace: Workspace, input: DirectCallInput, scheduledCallId: string | null = null) {
    const assistant = assistants.get(workspace, input.assistant_id)
    const contactId = input.contact_id ?? contacts.idByPhone(workspace, input.phone_number) ?? null
    if (input.contact_id) contacts.get(workspace, input.contact_id)
    const own = numbers.linkedTo(workspace, assistant.id)
    if (!own) {
      throw new ApiError('no_phone_number', 'The assistant has no phone number linked', { assistant_id: assistant.id })
    }
    if (own.phone_number === input.phone_number) {
      throw invalidParameter('phone_number', "is the assistant's own number", 'An assistant cannot call its own number')
    }
    if (users.credits(workspace) < 1) {
      throw new ApiError('insufficient_credits', 'Not enough credits (need 1)', {
        credits: users.credits(workspace),
        required: 1,
      })
    }
    const at = now(workspace)
    const call = newCall(
      {
        assistant_id: assistant.id,
        direction: 'outbound',
        from_number: own.phone_number,
        to_number: input.phone_number,
        status: 'queued',
        contact_id: contactId,
        scheduled_call_id: scheduledCallId,
        metadata: input.metadata ?? {},
        plan: planFor(workspace, assistant.id, input.first_message),
      },
      at,
    )
    calls.save(workspace, call)
    timers.schedule(workspace, at + workspace.settings.ring_seconds * 1000, timer.answer, { call_id: call.id }, call.id)
    return call
  }

  return {
    placeOutbound,

    /** POST /calls/outbound. */
    startOutbound: transaction(db, (workspace: Workspace, input: DirectCallInput) => placeOutbound(workspace, input)),

    /** A customer calls a number of the workspace (POST /_mock/inbound-calls). */
    receiveInbound: transaction(db, (workspace: Workspace, { from, to, metadata }: InboundInput) => {
      const number = numbers.byNumber(workspace, to)
      if (!number) throw new ApiError('not_found', 'Phone number not found', { phone_number: to })
      if (!number.assistant_id) {
        throw new ApiError('no_phone_number', 'No assistant is linked to this number', { phone_number: to })
      }
      const at = now(workspace)
      const call = newCall(
        {
          assistant_id: number.assistant_id,
          direction: 'inbound',
          from_number: from,
          to_number: to,
          status: 'ringing',
          contact_id: contacts.idByPhone(workspace, from) ?? null,
          metadata: metadata ?? {},
          plan: planFor(workspace, number.assistant_id),
        },
        at,
      )
      if (call.plan.external && call.plan.server_url) {
        call.plan.awaiting = 'assistant-request'
        emit(workspace, call, 'assistant-request', payloads.assistantRequest(call))
      } else {
        timers.schedule(
          workspace,
          at + workspace.settings.ring_seconds * 1000,
          timer.answer,
          { call_id: call.id },
          call.id,
        )
      }
      calls.save(workspace, call)
      return call
    }),

    transcript: (call: CallRecord) => transcriptOf(call.messages),

    view: (call: CallRecord) => toCall(call, transcriptOf(call.messages)),

    inject: transaction(db, (workspace: Workspace, id: string, message: string, role: 'system' | 'user') => {
      const call = inProgress(workspace, id)
      const at = now(workspace)
      say(call, role, message, at, { injected: true })
      call.plan.say_next.push(linesFor(call.plan.language).injected(message))
      if (!call.plan.awaiting) scheduleTurn(workspace, call, at + workspace.settings.turn_seconds * 1000)
      calls.save(workspace, call)
      return { call_id: call.id, injected_at: at, role, content: message }
    }),

    /** A line spoken now (POST /_mock/calls/{id}/say). */
    say: transaction(db, (workspace: Workspace, id: string, role: 'user' | 'assistant', text: string) => {
      const call = inProgress(workspace, id)
      say(call, role, text, now(workspace))
      calls.save(workspace, call)
      return call
    }),

    /** Sends a tool-calls event now; answers once the server has (POST /_mock/calls/{id}/tool-calls). */
    async toolCalls(workspace: Workspace, id: string, tasks: { name: string; payload?: Record<string, unknown> }[]) {
      const items = transaction(db, () => {
        const call = inProgress(workspace, id)
        if (call.plan.awaiting) {
          throw new ApiError('invalid_status', `The call is waiting for the answer to ${call.plan.awaiting}`, {
            call_id: id,
          })
        }
        const sent = sendToolCalls(workspace, call, tasks, now(workspace))
        calls.save(workspace, call)
        return sent
      })()
      await dispatcher.flush(workspace)
      const call = calls.find(workspace, id)
      return items.map((item) => ({
        toolCallId: item.taskId,
        result:
          [...call.messages].reverse().find((m) => m.tool_call_id === item.taskId && m.role === 'tool')?.content ??
          toolFailed,
      }))
    },

    /** Ends a call now (POST /_mock/calls/{id}/end). */
    end: transaction(db, (workspace: Workspace, id: string, reason?: string, artifact?: string) => {
      const call = calls.find(workspace, id)
      if (!activeStatuses.includes(call.status)) {
        throw new ApiError('invalid_status', 'The call has already ended', { call_id: id, status: call.status })
      }
      finish(workspace, call, reason ?? (artifact ? 'error' : 'customer-ended-call'), artifact ?? null)
      return call
    }),

    kick: (workspace: Workspace) => dispatcher.kick(workspace),

    /** Called inside the transaction that ends a call (a scheduled call completes with it). */
    onEnded(listener: (workspace: Workspace, call: CallRecord) => void) {
      endedListeners.push(listener)
    },
  }
}

export type CallEngine = ReturnType<typeof createCallEngine>
