// Scheduled calls (endpoints.md § 5): an outbound call placed at a time on the workspace's clock.
// Each is one timer; firing deletes the timer in the same transaction that places the call, so a
// scheduled call fires once — also when the clock jumps past many, also across restarts.
import type { Page } from '../../schemas/common.js'
import type {
  ScheduledCall,
  ScheduledCallCreateInput,
  ScheduledCallStatus,
  ScheduledCallUpdateInput,
} from '../../schemas/scheduled-calls.js'
import type { Assistants } from '../assistants/assistants.js'
import type { CallRecord } from '../calls/calls.js'
import type { CallEngine } from '../calls/engine.js'
import type { Contacts } from '../contacts/contacts.js'
import { transaction, type Db } from '../db/open.js'
import { ApiError, invalidParameter, notFound } from '../errors.js'
import { formatTime, parseTime } from '../time.js'
import type { Timers } from '../timers/timers.js'
import type { Workspace } from '../workspaces/workspaces.js'
import { checkFreeForm } from '../free-form.js'
import { pageClause } from '../sql.js'

const fireTimer = 'scheduled-call.fire'
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

export interface ScheduledCallsDeps {
  db: Db
  now: (workspace: Workspace) => number
  newId: () => string
  timers: Timers
  assistants: Assistants
  contacts: Contacts
  engine: CallEngine
}

export function createScheduledCalls({ db, now, newId, timers, assistants, contacts, engine }: ScheduledCallsDeps) {
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

  const arm = (workspace: Workspace, row: Row) => {
    timers.cancel(workspace, row.id)
    timers.schedule(workspace, row.scheduled_at, fireTimer, { scheduled_call_id: row.id }, row.id)
  }

  timers.register(fireTimer, (payload, { workspace }) => {
    const row = byId.get(workspace.id, (payload as { scheduled_call_id: string }).scheduled_call_id)
    if (row?.status !== 'scheduled') return
    const at = now(workspace)
    // The same checks as POST /calls/outbound; a check that fails becomes the failure reason.
    const placed = transaction(db, () =>
      engine.placeOutbound(
        workspace,
        {
          assistant_id: row.assistant_id,
          phone_number: row.phone_number,
          ...(row.contact_id ? { contact_id: row.contact_id } : {}),
          metadata: JSON.parse(row.metadata),
        },
        row.id,
      ),
    )
    try {
      const call = placed()
      save(workspace, { ...row, status: 'in-progress', call_id: call.id, updated_at: at })
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      const reason =
        error.code === 'not_found' && error.message.startsWith('Contact')
          ? 'contact_deleted'
          : (failureReasons[error.code] ?? error.code)
      save(workspace, { ...row, status: 'failed', failure_reason: reason, updated_at: at })
    }
  })

  // A scheduled call is done when its call is.
  engine.onEnded((workspace: Workspace, call: CallRecord) => {
    if (!call.scheduled_call_id) return
    const row = byId.get(workspace.id, call.scheduled_call_id)
    if (row?.status !== 'in-progress') return
    const failed = call.status === 'ended-with-debugging'
    save(workspace, {
      ...row,
      status: failed ? 'failed' : 'completed',
      failure_reason: failed ? call.ended_reason : null,
      updated_at: now(workspace),
    })
  })

  // Deleting an assistant cancels what it had scheduled.
  assistants.onRemoved((workspace: Workspace, assistantId: string) => {
    for (const row of ofAssistant.all(workspace.id, assistantId)) {
      timers.cancel(workspace, row.id)
      save(workspace, { ...row, status: 'cancelled', failure_reason: 'assistant-deleted', updated_at: now(workspace) })
    }
  })

  return {
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

    create: transaction(db, (workspace: Workspace, input: ScheduledCallCreateInput) => {
      assistants.get(workspace, input.assistant_id)
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
      arm(workspace, row)
      return toScheduledCall(row)
    }),

    update: transaction(db, (workspace: Workspace, id: string, input: ScheduledCallUpdateInput) => {
      const row = findScheduled(workspace, id)
      if (Object.keys(input).length === 0) return toScheduledCall(row)
      if (input.assistant_id) assistants.get(workspace, input.assistant_id)
      if (input.contact_id) contacts.get(workspace, input.contact_id)
      const metadata = { ...JSON.parse(row.metadata) }
      for (const [key, value] of Object.entries(input.metadata ?? {})) {
        if (value === null) delete metadata[key]
        else metadata[key] = value
      }
      checkFreeForm('metadata', metadata)
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
      if (next.scheduled_at !== row.scheduled_at) arm(workspace, next)
      return toScheduledCall(next)
    }),

    cancel: transaction(db, (workspace: Workspace, id: string) => {
      const row = findScheduled(workspace, id)
      timers.cancel(workspace, id)
      const cancelled: Row = { ...row, status: 'cancelled', updated_at: now(workspace) }
      save(workspace, cancelled)
      return toScheduledCall(cancelled)
    }),
  }
}

export type ScheduledCalls = ReturnType<typeof createScheduledCalls>
