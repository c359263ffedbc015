// Everything that happens later is a row in `timers` (architecture.md § Time and timers). This is
// the table: a unit of work arms and cancels rows (src/effects), the clock takes the due ones and
// hands each to the one table of timer kinds in src/services.ts.
import type { Db } from '../db/open.js'
import type { Workspace } from '../workspaces/workspaces.js'

/** Every kind of timer the mock arms, and what its payload holds. */
export interface TimerPayloads {
  'call.answer': { call_id: string }
  'call.turn': { call_id: string }
  'call.max-duration': { call_id: string }
  'phone-number-order.complete': { order_id: string }
  'verification-group.review': { group_id: string }
  'scheduled-call.fire': { scheduled_call_id: string }
  'webhook.retry': { delivery_id: string }
}

export type TimerKind = keyof TimerPayloads

/** A timer whose time has come. */
export interface DueTimer {
  id: number
  due_at: number
  kind: string
  payload: unknown
  subject: string | null
}

/**
 * A timer kind from outside the mock (tests add their own): it applies its effect in the firing
 * transaction and may leave work that an advance awaits.
 */
export type ExtraTimerHandler = (
  payload: unknown,
  context: { workspace: Workspace; dueAt: number },
) => void | (() => Promise<void>)

export function createTimers(db: Db) {
  const extraKinds = new Map<string, ExtraTimerHandler>()
  const insert = db.prepare('INSERT INTO timers (workspace_id, due_at, kind, payload, subject) VALUES (?, ?, ?, ?, ?)')
  const cancel = db.prepare('DELETE FROM timers WHERE workspace_id = ? AND subject = ?')
  const firstDue = db.prepare<[string, number], { due_at: number | null }>(
    'SELECT min(due_at) AS due_at FROM timers WHERE workspace_id = ? AND due_at <= ?',
  )
  const dueAt = db.prepare<[string, number], Omit<DueTimer, 'payload'> & { payload: string }>(
    'SELECT id, due_at, kind, payload, subject FROM timers WHERE workspace_id = ? AND due_at = ? ORDER BY id',
  )
  const remove = db.prepare('DELETE FROM timers WHERE id = ?')
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM timers WHERE workspace_id = ?')

  return {
    /** Inserts a timer row; `subject` names what it is about, for cancel(). Writes go through a unit of work. */
    schedule(workspace: Workspace, dueAt: number, kind: string, payload: unknown = {}, subject: string | null = null) {
      insert.run(workspace.id, dueAt, kind, JSON.stringify(payload), subject)
    },

    /** Drops every pending timer about `subject`. */
    cancel(workspace: Workspace, subject: string) {
      cancel.run(workspace.id, subject)
    },

    pending: (workspace: Workspace) => count.get(workspace.id)!.n,

    /** The earliest due time at or before `until`, or null. */
    firstDue: (workspace: Workspace, until: number) => firstDue.get(workspace.id, until)!.due_at,

    /** The timers due at one instant, in the order they were armed. */
    dueAt: (workspace: Workspace, at: number): DueTimer[] =>
      dueAt.all(workspace.id, at).map((row) => ({ ...row, payload: JSON.parse(row.payload) })),

    /** Deletes a timer row; false when it is already gone (an earlier timer cancelled it). */
    take: (id: number) => remove.run(id).changes > 0,

    /** Handles a timer kind the mock does not know (tests add their own kinds). */
    register(kind: string, handler: ExtraTimerHandler) {
      if (extraKinds.has(kind)) throw new Error(`timer kind ${kind} registered twice`)
      extraKinds.set(kind, handler)
    },

    extraKind: (kind: string) => extraKinds.get(kind),
  }
}

export type Timers = ReturnType<typeof createTimers>
