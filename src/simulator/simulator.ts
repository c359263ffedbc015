// The call simulator's runner: each way a call moves — the API, a timer, a server's answer — loads
// the call, steps the state machine (./machine.ts) and applies what the step returns in the same
// unit of work: the call saved, its webhooks queued, its timers armed or cancelled, the end booked
// (credits, contact, scheduled call), and the call's lines and status told to the event stream.
import type { DirectCallInput } from '../../schemas/calls.js'
import type { WebhookTaskItem } from '../../schemas/webhooks.js'
import type { Assistants } from '../assistants/assistants.js'
import { activeStatuses, customerNumber, toCall, type CallRecord, type Calls } from '../calls/calls.js'
import { toolFailed, transcriptOf } from '../calls/script.js'
import type { Contacts } from '../contacts/contacts.js'
import type { Effects, Work } from '../effects/work.js'
import { ApiError, invalidParameter } from '../errors.js'
import type { Numbers } from '../phone-numbers/numbers.js'
import type { ScheduledCalls } from '../scheduled-calls/scheduled-calls.js'
import { formatTime } from '../time.js'
import type { TimerPayloads } from '../timers/timers.js'
import type { Users } from '../users/users.js'
import type { Dispatcher } from '../webhooks/dispatcher.js'
import type { DeliveryRow } from '../webhooks/deliveries.js'
import type { Attempt } from '../webhooks/sender.js'
import type { Workspace } from '../workspaces/workspaces.js'
import {
  assistantConfig,
  step,
  type CallEvent,
  type CallTimer,
  type Step,
  type ToolAnswer,
  type ToolTask,
} from './machine.js'
import { newCall, planFor, type NewCallFields } from './new-call.js'

export interface SimulatorDeps {
  effects: Effects
  now: (workspace: Workspace) => number
  newId: () => string
  calls: Calls
  assistants: Assistants
  numbers: Numbers
  contacts: Contacts
  users: Users
  scheduledCalls: ScheduledCalls
  /** The manual tool-calls route waits for the server's answer. */
  dispatcher: Pick<Dispatcher, 'flush'>
  /** The signed recording URL of a call. */
  recordingUrl: (callId: string) => string
}

export interface InboundInput {
  from: string
  to: string
  metadata?: Record<string, unknown>
}

export function createSimulator(deps: SimulatorDeps) {
  const { effects, now, newId, calls, assistants, numbers, contacts, users, scheduledCalls, dispatcher } = deps

  /** Where an event goes: the assistant's server_url (which answers) and the workspace's URLs. */
  const targets = (workspace: Workspace, call: CallRecord, event: string) => {
    const own = call.plan.server_url
    const list = own ? [{ url: own, answers: event === 'assistant-request' || event === 'tool-calls' }] : []
    for (const url of workspace.settings.webhook_urls) if (url !== own) list.push({ url, answers: false })
    return list
  }

  /** Applies a step of `before` (null for a new call) in the unit of work. */
  const apply = (work: Work, before: CallRecord | null, { call, effects: caused }: Step) => {
    const workspace = work.workspace
    for (const effect of caused) {
      switch (effect.kind) {
        case 'webhook':
          work.webhook(call.id, effect.event, effect.payload, targets(workspace, call, effect.event))
          break
        case 'timer':
          work.arm(effect.at, effect.timer, { call_id: call.id }, call.id)
          break
        case 'cancel-timers':
          work.cancel(call.id)
          break
        case 'ended':
          // One credit per started minute, as far as the balance goes.
          call.credits_used = users.chargeUpTo(workspace, Math.ceil(call.duration_seconds! / 60))
          // A call nobody answered is no interaction with the contact.
          if (call.contact_id && call.started_at !== null) {
            contacts.recordInteraction(workspace, call.contact_id, call.ended_at!, call.summary!)
          }
          scheduledCalls.callEnded(work, call)
          break
      }
    }
    calls.save(workspace, call)
    publish(work, before, call)
    return call
  }

  /** The call's changes as the live event stream tells them. */
  const publish = (work: Work, before: CallRecord | null, call: CallRecord) => {
    const call_id = call.id
    if (!before) {
      const { direction, status, from_number, to_number } = call
      const data = { call_id, direction, status, from_number, to_number, assistant_id: call.assistant_id ?? '' }
      work.publish({ type: 'call.created', data })
    } else if (before.status !== call.status) {
      work.publish({ type: 'call.status', data: { call_id, status: call.status } })
    }
    for (const { role, content, at, tool_call_id, name } of call.messages.slice(before?.messages.length ?? 0)) {
      const line = { call_id, role, text: content, time: formatTime(at) }
      work.publish({
        type: 'call.line',
        data: { ...line, ...(tool_call_id ? { tool_call_id } : {}), ...(name ? { name } : {}) },
      })
    }
    if (before && activeStatuses.includes(before.status) && !activeStatuses.includes(call.status)) {
      const data = {
        call_id,
        status: call.status,
        ended_reason: call.ended_reason!,
        duration_seconds: call.duration_seconds!,
      }
      work.publish({ type: 'call.ended', data })
    }
  }

  /** Steps the call by `event` and applies the step. */
  const advance = (work: Work, before: CallRecord, event: CallEvent) => {
    const workspace = work.workspace
    const context = {
      now: now(workspace),
      settings: workspace.settings,
      newId,
      otherParty: () =>
        before.contact_id
          ? (contacts.get(workspace, before.contact_id).full_name ?? customerNumber(before))
          : customerNumber(before),
      recordingUrl: () => deps.recordingUrl(before.id),
    }
    return apply(work, before, step(before, event, context))
  }

  /** Starts a new call: saved, then placed (it rings, or asks its assistant's server first). */
  const start = (work: Work, fields: NewCallFields) => {
    const call = newCall(newId(), fields, now(work.workspace))
    apply(work, null, { call, effects: [] })
    return advance(work, call, { type: 'placed' })
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
   * Places an outbound call with the checks of POST /calls/outbound, in the caller's unit of work
   * (a scheduled call's timer places one too).
   */
  function placeOutbound(work: Work, input: DirectCallInput, scheduledCallId: string | null = null) {
    const workspace = work.workspace
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
    return start(work, {
      assistant_id: assistant.id,
      direction: 'outbound',
      from_number: own.phone_number,
      to_number: input.phone_number,
      status: 'queued',
      contact_id: contactId,
      scheduled_call_id: scheduledCallId,
      metadata: input.metadata ?? {},
      plan: planFor(assistant, workspace.settings, input.first_message),
    })
  }

  return {
    placeOutbound,

    /** POST /calls/outbound. */
    startOutbound: (workspace: Workspace, input: DirectCallInput) =>
      effects.run(workspace, (work) => placeOutbound(work, input)),

    /** A customer calls a number of the workspace (POST /_mock/inbound-calls). */
    receiveInbound: (workspace: Workspace, { from, to, metadata }: InboundInput) =>
      effects.run(workspace, (work) => {
        const number = numbers.byNumber(workspace, to)
        if (!number) throw new ApiError('not_found', 'Phone number not found', { phone_number: to })
        if (!number.assistant_id) {
          throw new ApiError('no_phone_number', 'No assistant is linked to this number', { phone_number: to })
        }
        return start(work, {
          assistant_id: number.assistant_id,
          direction: 'inbound',
          from_number: from,
          to_number: to,
          status: 'ringing',
          contact_id: contacts.idByPhone(workspace, from) ?? null,
          metadata: metadata ?? {},
          plan: planFor(assistants.get(workspace, number.assistant_id), workspace.settings),
        })
      }),

    transcript: (call: CallRecord) => transcriptOf(call.messages),

    view: (call: CallRecord) => toCall(call, transcriptOf(call.messages)),

    inject: (workspace: Workspace, id: string, message: string, role: 'system' | 'user') =>
      effects.run(workspace, (work) => {
        const call = advance(work, inProgress(workspace, id), { type: 'inject', role, message })
        return { call_id: call.id, injected_at: now(workspace), role, content: message }
      }),

    /** A line spoken now (POST /_mock/calls/{id}/say). */
    say: (workspace: Workspace, id: string, role: 'user' | 'assistant', text: string) =>
      effects.run(workspace, (work) => advance(work, inProgress(workspace, id), { type: 'say', role, text })),

    /** Sends a tool-calls event now; answers once the server has (POST /_mock/calls/{id}/tool-calls). */
    async toolCalls(workspace: Workspace, id: string, tasks: ToolTask[]) {
      const sent = effects.run(workspace, (work) => {
        const call = inProgress(workspace, id)
        if (call.plan.awaiting) {
          throw new ApiError('invalid_status', `The call is waiting for the answer to ${call.plan.awaiting}`, {
            call_id: id,
          })
        }
        const after = advance(work, call, { type: 'tool-calls', tasks })
        return after.messages.slice(call.messages.length, call.messages.length + tasks.length)
      })
      await dispatcher.flush(workspace)
      const call = calls.find(workspace, id)
      return sent.map(({ tool_call_id }) => ({
        toolCallId: tool_call_id!,
        result:
          [...call.messages].reverse().find((m) => m.tool_call_id === tool_call_id && m.role === 'tool')?.content ??
          toolFailed,
      }))
    },

    /** Ends a call now (POST /_mock/calls/{id}/end). */
    end: (workspace: Workspace, id: string, reason?: string, artifact?: string) =>
      effects.run(workspace, (work) => {
        const call = calls.find(workspace, id)
        if (!activeStatuses.includes(call.status)) {
          throw new ApiError('invalid_status', 'The call has already ended', { call_id: id, status: call.status })
        }
        const ending = { reason: reason ?? (artifact ? 'error' : 'customer-ended-call'), artifact: artifact ?? null }
        return advance(work, call, { type: 'end', ...ending })
      }),

    /** A call's timer is due; a timer of a call that has ended does nothing. */
    timerDue(work: Work, timer: CallTimer, { call_id }: TimerPayloads[CallTimer]) {
      const call = calls.maybe(work.workspace, call_id)
      if (!call || !activeStatuses.includes(call.status)) return
      const events = {
        'call.answer': 'ring-over',
        'call.turn': 'turn-due',
        'call.max-duration': 'max-duration',
      } as const
      advance(work, call, { type: events[timer] })
    },

    /** The assistant's server answered assistant-request or tool-calls. */
    answered(work: Work, delivery: DeliveryRow, attempt: Attempt) {
      const call = calls.maybe(work.workspace, delivery.call_id!)
      if (!call) return
      if (delivery.event === 'assistant-request') {
        advance(work, call, {
          type: 'assistant-answer',
          config: attempt.ok ? assistantConfig(attempt.json) : undefined,
        })
      } else if (delivery.event === 'tool-calls') {
        const items = (JSON.parse(delivery.body) as { tasksInitiated: WebhookTaskItem[] }).tasksInitiated
        advance(work, call, {
          type: 'tool-results',
          items,
          answer: attempt.ok ? (attempt.json as ToolAnswer) : undefined,
        })
      }
    },
  }
}

export type Simulator = ReturnType<typeof createSimulator>
