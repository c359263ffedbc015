// Scheduled calls (endpoints.md § 5): an outbound call placed at a time on the workspace's clock.
// Each is one timer; firing deletes the timer in the same transaction that places the call, so a
// scheduled call fires once — also when the clock jumps past many, also across restarts. It is
// done when its call is (callEnded), and cancelled when its assistant is deleted.

import type { Page } from '../../schemas/common.js'
import type {
  ScheduledCall,
  ScheduledCallCreateInput,
  ScheduledCallStatus,
  ScheduledCallUpdateInput,
} from '../../schemas/scheduled-calls.js'
import type { DirectCallInput } from '../../schemas/calls.js'
import type { CallRecord } from '../calls/calls.js'
import type { Contacts } from '../contacts/contacts.js'
import type { Db } from '../db/open.js'
import type { Effects, Work } from '../effects/work.js'
import { ApiError, invalidParameter, NotFound, notFound } from '../errors.js'
import { formatTime, parseTime } from '../time.js'
import type { TimerPayloads } from '../timers/timers.js'
import type { Workspace } from '../workspaces/workspaces.js'
import { pageClause } from '../sql.js'

const maxAheadMs = 365 * 24 * 3600 * 1000

/** The failure reasons of a scheduled call whose outbound checks fail. */
const failureReasons: Record<string, string> = {
  no_phone_number: 'no_phone_number',
  insufficient_credits: 'insufficient_credits',
  not_found: 'assistant_deleted',
}

interface Row {
  id: string
  assistant_id: string
  phone_number: string
  contact_id: string | null
  scheduled_at: number
  status: ScheduledCallStatus
  call_id: string | null
  failure_reason: string | null
  metadata: string
  created_at: number
  updated_at: number
}

const toScheduledCall = (row: Row): ScheduledCall => ({
  id: row.id,
  assistant_id: row.assistant_id,
  phone_number: row.phone_number,
  contact_id: row.contact_id,
  scheduled_at: formatTime(row.scheduled_at),
  status: row.status,
  call_id: row.call_id,
  failure_reason: row.failure_reason,
  metadata: JSON.parse(row.metadata),
  created_at: formatTime(row.created_at),
  updated_at: formatTime(row.updated_at),
})

export interface ScheduledListFilter extends Page {
  status?: ScheduledCallStatus
  assistant_id?: string
  from?: number
  to?: number
}

/** Places the outbound call of a scheduled call, with the checks of POST /calls/outbound. */
export type PlaceCall = (work: Work, input: DirectCallInput, scheduledCallId: string) => CallRecord

export interface ScheduledCallsDeps {
  db: Db
  effects: Effects
  now: (workspace: Workspace) => number
  newId: () => string
  /** 404 for an unknown assistant (assistants import this module, so it is handed the lookup). */
  assistantExists: (workspace: Workspace, id: string) => void
  contacts: Contacts
}

export function createScheduledCalls({ db, effects, now, newId, assistantExists, contacts }: ScheduledCallsDeps) {
  const columns = `id, assistant_id, phone_number, contact_id, scheduled_at, status, call_id, failure_reason, metadata,
    created_at, updated_at`
  const upsert = db.prepare(
    `INSERT INTO scheduled_calls (workspace_id, ${columns})
     VALUES (@workspace_id, @id, @assistant_id, @phone_number, @contact_id, @scheduled_at, @status, @call_id,
       @failure_reason, @metadata, @created_at, @updated_at)
     ON CONFLICT (workspace_id, id) DO UPDATE SET assistant_id = excluded.assistant_id,
       phone_number = excluded.phone_number, contact_id = excluded.contact_id, scheduled_at = excluded.scheduled_at,
       status = excluded.status, call_id = excluded.call_id, failure_reason = excluded.failure_reason,
       metadata = excluded.metadata, updated_at = excluded.updated_at`,
  )
  const byId = db.prepare<[string, string], Row>(
    `SELECT ${columns} FROM scheduled_calls WHERE workspace_id = ? AND id = ?`,
  )
  const filter = `workspace_id = @workspace AND (@status IS NULL OR status = @status)
    AND (@assistant IS NULL OR assistant_id = @assistant) AND (@from IS NULL OR scheduled_at >= @from)
    AND (@to IS NULL OR scheduled_at <= @to)`
  const page = db.prepare<Record<string, unknown>, Row>(
    `SELECT ${columns} FROM scheduled_calls WHERE ${filter} ORDER BY scheduled_at, id ${pageClause}`,
  )
  const count = db.prepare<Record<string, unknown>, { n: number }>(
    `SELECT count(*) AS n FROM scheduled_calls WHERE ${filter}`,
  )
  const ofAssistant = db.prepare<[string, string], Row>(
    `SELECT ${columns} FROM scheduled_calls WHERE workspace_id = ? AND assistant_id = ? AND status = 'scheduled'`,
  )

  const find = (workspace: Workspace, id: string) => {
    const row = byId.get(workspace.id, id)
    if (!row) throw notFound('Scheduled call')
    return row
  }

  const save = (workspace: Workspace, row: Row) => upsert.run({ workspace_id: workspace.id, ...row })

  /** Only a call that has not fired yet may change. */
  const findScheduled = (workspace: Workspace, id: string) => {
    const row = find(workspace, id)
    if (row.status !== 'scheduled') {
      throw new ApiError('invalid_status', `The scheduled call is ${row.status}`, {
        scheduled_call_id: id,
        status: row.status,
      })
    }
    return row
  }

  /** A time in the future, at most 365 days ahead, by the workspace's clock. */
  const checkTime = (workspace: Workspace, value: string) => {
    const at = parseTime(value)
    const current = now(workspace)
    if (at <= current) {
      throw invalidParameter('scheduled_at', 'must be in the future', 'scheduled_at must be in the future')
    }
    if (at > current + maxAheadMs) {
      throw invalidParameter(
        'scheduled_at',
        'must be at most 365 days ahead',
        'scheduled_at must be at most 365 days ahead',
      )
    }
    return at
  }

  const arm = (work: Work, row: Row) => {
    work.cancel(row.id)
    work.arm(row.scheduled_at, 'scheduled-call.fire', { scheduled_call_id: row.id }, row.id)
  }

  const changed = (work: Work, id: string, action: 'created' | 'updated' | 'deleted') =>
    work.publish({ type: 'resource.changed', data: { kind: 'scheduled_call', id, action } })

  /** Saves a fired scheduled call and tells the stream. */
  const fired = (work: Work, row: Row) => {
    save(work.workspace, row)
    const data = { scheduled_call_id: row.id, status: row.status, call_id: row.call_id }
    work.publish({ type: 'scheduled_call.fired', data })
  }

  return {
    /** Its time has come: places the call; a check that fails becomes the failure reason. */
    fire(work: Work, { scheduled_call_id }: TimerPayloads['scheduled-call.fire'], place: PlaceCall) {
      const workspace = work.workspace
      const row = byId.get(workspace.id, scheduled_call_id)
      if (row?.status !== 'scheduled') return
      const at = now(workspace)
      const input = {
        assistant_id: row.assistant_id,
        phone_number: row.phone_number,
        ...(row.contact_id ? { contact_id: row.contact_id } : {}),
        metadata: JSON.parse(row.metadata),
      }
      try {
        const call = effects.run(workspace, (inner) => place(inner, input, row.id))
        fired(work, { ...row, status: 'in-progress', call_id: call.id, updated_at: at })
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        const reason =
          error instanceof NotFound && error.entity === 'Contact'
            ? 'contact_deleted'
            : (failureReasons[error.code] ?? error.code)
        fired(work, { ...row, status: 'failed', failure_reason: reason, updated_at: at })
      }
    },

    /** A scheduled call is done when its call is (in the unit of work that ends the call). */
    callEnded(work: Work, call: CallRecord) {
      if (!call.scheduled_call_id) return
      const row = byId.get(work.workspace.id, call.scheduled_call_id)
      if (row?.status !== 'in-progress') return
      const failed = call.status === 'ended-with-debugging'
      save(work.workspace, {
        ...row,
        status: failed ? 'failed' : 'completed',
        failure_reason: failed ? call.ended_reason : null,
        updated_at: now(work.workspace),
      })
    },

    /** Deleting an assistant cancels what it had scheduled (in the unit of work that deletes it). */
    assistantRemoved(work: Work, assistantId: string) {
      for (const row of ofAssistant.all(work.workspace.id, assistantId)) {
        work.cancel(row.id)
        save(work.workspace, {
          ...row,
          status: 'cancelled',
          failure_reason: 'assistant-deleted',
          updated_at: now(work.workspace),
        })
        changed(work, row.id, 'updated')
      }
    },

    list(workspace: Workspace, { status, assistant_id, from, to, limit, offset }: ScheduledListFilter) {
      const params = {
        workspace: workspace.id,
        status: status ?? null,
        assistant: assistant_id ?? null,
        from: from ?? null,
        to: to ?? null,
      }
      return { data: page.all({ ...params, limit, offset }).map(toScheduledCall), total: count.get(params)!.n }
    },

    get: (workspace: Workspace, id: string) => toScheduledCall(find(workspace, id)),

    create: (workspace: Workspace, input: ScheduledCallCreateInput) =>
      effects.run(workspace, (work) => {
        assistantExists(workspace, input.assistant_id)
        if (input.contact_id) contacts.get(workspace, input.contact_id)
        const at = now(workspace)
        const row: Row = {
          id: newId(),
          assistant_id: input.assistant_id,
          phone_number: input.phone_number,
          contact_id: input.contact_id ?? null,
          scheduled_at: checkTime(workspace, input.scheduled_at),
          status: 'scheduled',
          call_id: null,
          failure_reason: null,
          metadata: JSON.stringify(input.metadata ?? {}),
          created_at: at,
          updated_at: at,
        }
        save(workspace, row)
        arm(work, row)
        changed(work, row.id, 'created')
        return toScheduledCall(row)
      }),

    update: (workspace: Workspace, id: string, input: ScheduledCallUpdateInput) =>
      effects.run(workspace, (work) => {
        const row = findScheduled(workspace, id)
        if (Object.keys(input).length === 0) return toScheduledCall(row)
        if (input.assistant_id) assistantExists(workspace, input.assistant_id)
        if (input.contact_id) contacts.get(workspace, input.contact_id)
        const metadata = { ...JSON.parse(row.metadata) }
        for (const [key, value] of Object.entries(input.metadata ?? {})) {
          if (value === null) delete metadata[key]
          else metadata[key] = value
        }
        const next: Row = {
          ...row,
          assistant_id: input.assistant_id ?? row.assistant_id,
          phone_number: input.phone_number ?? row.phone_number,
          contact_id: input.contact_id === undefined ? row.contact_id : input.contact_id,
          scheduled_at: input.scheduled_at === undefined ? row.scheduled_at : checkTime(workspace, input.scheduled_at),
          metadata: JSON.stringify(metadata),
          updated_at: now(workspace),
        }
        save(workspace, next)
        // Rescheduled: the old time's timer goes, a new one comes.
        if (next.scheduled_at !== row.scheduled_at) arm(work, next)
        changed(work, id, 'updated')
        return toScheduledCall(next)
      }),

    cancel: (workspace: Workspace, id: string) =>
      effects.run(workspace, (work) => {
        const row = findScheduled(workspace, id)
        work.cancel(id)
        const cancelled: Row = { ...row, status: 'cancelled', updated_at: now(workspace) }
        save(workspace, cancelled)
        changed(work, id, 'updated')
        return toScheduledCall(cancelled)
      }),
  }
}

export type ScheduledCalls = ReturnType<typeof createScheduledCalls>
