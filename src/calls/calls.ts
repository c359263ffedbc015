// The calls of a workspace as stored: one row each, with its messages and the plan the engine
// runs it by.
import type { Call, CallMessage, CallStatus, CallSummary } from '../../schemas/calls.js'
import type { Page } from '../../schemas/common.js'
import type { Db } from '../db/open.js'
import { ApiError, notFound } from '../errors.js'
import { formatNullableTime, formatTime } from '../time.js'
import type { Workspace } from '../workspaces/workspaces.js'
import type { Step } from './script.js'
import { pageClause } from '../sql.js'

export const activeStatuses: CallStatus[] = ['queued', 'ringing', 'in-progress']

/** A message as stored: its time in epoch ms; an injected message is never spoken. */
export type StoredMessage = Omit<CallMessage, 'at'> & { at: number; injected?: true }

export interface CallTool {
  name: string
  parameters: Record<string, unknown>
}

/** How a call runs, fixed when it starts (the assistant may change meanwhile). */
export interface Plan {
  mode: 'auto' | 'manual'
  language: string
  first_message: string | null
  end_call_message: string | null
  max_duration_seconds: number
  tools: CallTool[]
  server_url: string | null
  external: boolean
  /** The automatic conversation's remaining steps. */
  script: Step[]
  /** Lines the assistant speaks in its next turns, before the script goes on. */
  say_next: string[]
  /** When the next turn is due, if one is scheduled. */
  turn_due: number | null
  /** The answer the call waits for before it goes on. */
  awaiting: 'assistant-request' | 'tool-calls' | null
}

export interface CallRecord {
  id: string
  assistant_id: string | null
  direction: 'inbound' | 'outbound'
  from_number: string
  to_number: string
  status: CallStatus
  ended_reason: string | null
  debugging_artifact: string | null
  messages: StoredMessage[]
  summary: string | null
  recording_url: string | null
  duration_seconds: number | null
  analysis: Call['analysis']
  contact_id: string | null
  scheduled_call_id: string | null
  metadata: Record<string, unknown>
  credits_used: number
  created_at: number
  started_at: number | null
  ended_at: number | null
  plan: Plan
}

type CallRow = Omit<CallRecord, 'messages' | 'analysis' | 'metadata' | 'plan'> & {
  messages: string
  analysis: string | null
  metadata: string
  plan: string
}

const fromRow = (row: CallRow): CallRecord => ({
  ...row,
  messages: JSON.parse(row.messages),
  analysis: row.analysis === null ? null : JSON.parse(row.analysis),
  metadata: JSON.parse(row.metadata),
  plan: JSON.parse(row.plan),
})

const toRow = (call: CallRecord) => ({
  ...call,
  messages: JSON.stringify(call.messages),
  analysis: call.analysis === null ? null : JSON.stringify(call.analysis),
  metadata: JSON.stringify(call.metadata),
  plan: JSON.stringify(call.plan),
})

/** Is the other party of the call (the customer) the caller? */
export const customerNumber = (call: CallRecord) => (call.direction === 'inbound' ? call.from_number : call.to_number)
export const assistantNumber = (call: CallRecord) => (call.direction === 'inbound' ? call.to_number : call.from_number)

export const toCallSummary = (call: CallRecord): CallSummary => ({
  id: call.id,
  assistant_id: call.assistant_id,
  direction: call.direction,
  from_number: call.from_number,
  to_number: call.to_number,
  status: call.status,
  ended_reason: call.ended_reason,
  debugging_artifact: call.debugging_artifact,
  summary: call.summary,
  recording_url: call.recording_url,
  duration_seconds: call.duration_seconds,
  analysis: call.analysis,
  contact_id: call.contact_id,
  scheduled_call_id: call.scheduled_call_id,
  metadata: call.metadata,
  credits_used: call.credits_used,
  created_at: formatTime(call.created_at),
  started_at: formatNullableTime(call.started_at),
  ended_at: formatNullableTime(call.ended_at),
})

export const toCall = (call: CallRecord, transcript: string): Call => ({
  ...toCallSummary(call),
  transcript,
  messages: call.messages.map(({ injected: _injected, ...m }) => ({ ...m, at: formatTime(m.at) })),
})

export interface CallListFilter extends Page {
  assistant_id?: string
  contact_id?: string
  status?: CallStatus
  direction?: 'inbound' | 'outbound'
  from?: number
  to?: number
}

export function createCalls(db: Db) {
  const columns = `id, assistant_id, direction, from_number, to_number, status, ended_reason, debugging_artifact,
    messages, summary, recording_url, duration_seconds, analysis, contact_id, scheduled_call_id, metadata, credits_used,
    created_at, started_at, ended_at, plan`
  const values = columns
    .split(',')
    .map((c) => `@${c.trim()}`)
    .join(', ')
  const upsert = db.prepare(
    `INSERT INTO calls (workspace_id, ${columns}) VALUES (@workspace_id, ${values})
     ON CONFLICT (workspace_id, id) DO UPDATE SET ${columns
       .split(',')
       .map((c) => c.trim())
       .filter((c) => c !== 'id')
       .map((c) => `${c} = excluded.${c}`)
       .join(', ')}`,
  )
  const byId = db.prepare<[string, string], CallRow>(`SELECT ${columns} FROM calls WHERE workspace_id = ? AND id = ?`)
  const filter = `workspace_id = @workspace AND (@assistant IS NULL OR assistant_id = @assistant)
    AND (@contact IS NULL OR contact_id = @contact) AND (@status IS NULL OR status = @status)
    AND (@direction IS NULL OR direction = @direction) AND (@from IS NULL OR created_at >= @from)
    AND (@to IS NULL OR created_at <= @to)`
  const page = db.prepare<Record<string, unknown>, CallRow>(
    `SELECT ${columns} FROM calls WHERE ${filter} ORDER BY created_at DESC, id DESC ${pageClause}`,
  )
  const count = db.prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM calls WHERE ${filter}`)
  const remove = db.prepare('DELETE FROM calls WHERE workspace_id = ? AND id = ?')
  const activeOfAssistant = db.prepare<[string, string], { n: number }>(
    `SELECT count(*) AS n FROM calls WHERE workspace_id = ? AND assistant_id = ? AND status IN ('queued', 'ringing', 'in-progress')`,
  )
  const activeOnNumber = db.prepare<[string, string, string], { n: number }>(
    `SELECT count(*) AS n FROM calls WHERE workspace_id = ? AND status IN ('queued', 'ringing', 'in-progress')
     AND ((direction = 'outbound' AND from_number = ?) OR (direction = 'inbound' AND to_number = ?))`,
  )
  const crossWorkspace = db.prepare<[string], { workspace_id: string }>('SELECT workspace_id FROM calls WHERE id = ?')

  const find = (workspace: Workspace, id: string): CallRecord => {
    const row = byId.get(workspace.id, id)
    if (!row) throw notFound('Call')
    return fromRow(row)
  }

  return {
    save(workspace: Workspace, call: CallRecord) {
      upsert.run({ workspace_id: workspace.id, ...toRow(call) })
    },

    find,

    /** The call, or undefined (for timers whose call may be gone). */
    maybe(workspace: Workspace, id: string) {
      const row = byId.get(workspace.id, id)
      return row && fromRow(row)
    },

    list(
      workspace: Workspace,
      { assistant_id, contact_id, status, direction, from, to, limit, offset }: CallListFilter,
    ) {
      const params = {
        workspace: workspace.id,
        assistant: assistant_id ?? null,
        contact: contact_id ?? null,
        status: status ?? null,
        direction: direction ?? null,
        from: from ?? null,
        to: to ?? null,
      }
      return { data: page.all({ ...params, limit, offset }).map(fromRow), total: count.get(params)!.n }
    },

    remove(workspace: Workspace, id: string) {
      const call = find(workspace, id)
      if (activeStatuses.includes(call.status)) {
        throw new ApiError('invalid_status', 'Only an ended call can be deleted', { call_id: id, status: call.status })
      }
      remove.run(workspace.id, id)
    },

    assertAssistantIdle(workspace: Workspace, assistantId: string) {
      if (activeOfAssistant.get(workspace.id, assistantId)!.n > 0) {
        throw new ApiError('invalid_status', 'The assistant has a call in progress', { assistant_id: assistantId })
      }
    },

    assertNumberIdle(workspace: Workspace, phoneNumber: string) {
      if (activeOnNumber.get(workspace.id, phoneNumber, phoneNumber)!.n > 0) {
        throw new ApiError('invalid_status', 'The phone number is in use by a call', { phone_number: phoneNumber })
      }
    },

    /** The workspace a call belongs to, whoever asks (recording links carry no API key). */
    workspaceOf: (id: string) => crossWorkspace.get(id)?.workspace_id,
  }
}

export type Calls = ReturnType<typeof createCalls>
