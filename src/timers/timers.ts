// Everything that happens later is a row in `timers` (architecture.md § Time and timers). Firing a
// timer deletes its row in the same transaction that applies its effect, so nothing fires twice and
// a restart resumes where it stopped. Engines register one handler per timer kind.
import { transaction, type Db } from '../db/open.js'
import type { Workspace } from '../workspaces/workspaces.js'

export interface TimerContext {
  workspace: Workspace
  /** The timer's due time. */
  dueAt: number
}

/**
 * Applies a timer's effect inside the firing transaction (synchronous, no I/O). It may return
 * work to do once that transaction has committed, such as sending webhooks.
 */
export type TimerHandler = (payload: unknown, context: TimerContext) => void | (() => Promise<void>)

interface TimerRow {
  id: number
  due_at: number
  kind: string
  payload: string
}

export function createTimers(db: Db) {
  const handlers = new Map<string, TimerHandler>()
  const listeners: (() => void)[] = []
  const insert = db.prepare('INSERT INTO timers (workspace_id, due_at, kind, payload, subject) VALUES (?, ?, ?, ?, ?)')
  const cancel = db.prepare('DELETE FROM timers WHERE workspace_id = ? AND subject = ?')
  const firstDue = db.prepare<[string, number], { due_at: number | null }>(
    'SELECT min(due_at) AS due_at FROM timers WHERE workspace_id = ? AND due_at <= ?',
  )
  const dueAt = db.prepare<[string, number], TimerRow>(
    'SELECT id, due_at, kind, payload FROM timers WHERE workspace_id = ? AND due_at = ? ORDER BY id',
  )
  const remove = db.prepare('DELETE FROM timers WHERE id = ?')
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM timers WHERE workspace_id = ?')

  /** Fires one timer in its own savepoint; returns the work it leaves for after the commit. */
  const fire = transaction(db, (workspace: Workspace, timer: TimerRow) => {
    // An earlier timer of the same instant may have cancelled it.
    if (remove.run(timer.id).changes === 0) return
    // A timer of a kind this build does not know (an older or newer database) is dropped.
    return handlers.get(timer.kind)?.(JSON.parse(timer.payload), { workspace, dueAt: timer.due_at })
  })

  /**
   * Fires the timers due at one instant, in id order, in one transaction: a thousand calls
   * answered together cost one commit. A timer whose handler fails is dropped, not retried in a
   * loop; the ones before it keep their effects, the ones after it wait for the next run.
   */
  const fireInstant = transaction(db, (workspace: Workspace, due: TimerRow[]) => {
    const afterCommit: (() => Promise<void>)[] = []
    for (const timer of due) {
      try {
        const work = fire(workspace, timer)
        if (work) afterCommit.push(work)
      } catch (error) {
        remove.run(timer.id)
        return { afterCommit, failure: { error } }
      }
    }
    return { afterCommit, failure: null }
  })

  return {
    register(kind: string, handler: TimerHandler) {
      if (handlers.has(kind)) throw new Error(`timer kind ${kind} registered twice`)
      handlers.set(kind, handler)
    },

    /** Called whenever a timer is scheduled (the real-time driver re-arms on it). */
    onSchedule(listener: () => void) {
      listeners.push(listener)
    },

    /** Schedules a timer; `subject` names what it is about, for cancel(). */
    schedule(workspace: Workspace, dueAt: number, kind: string, payload: unknown = {}, subject: string | null = null) {
      insert.run(workspace.id, dueAt, kind, JSON.stringify(payload), subject)
      for (const listener of listeners) listener()
    },

    /** Drops every pending timer about `subject`. */
    cancel(workspace: Workspace, subject: string) {
      cancel.run(workspace.id, subject)
    },

    pending: (workspace: Workspace) => count.get(workspace.id)!.n,

    /**
     * Fires, in due order, every timer of the workspace due at or before `until`. `beforeEach`
     * runs before the timers of each due time fire (a manual clock moves to that time there). With
     * `settle`, the work each timer leaves for after its commit (webhooks) is awaited before a
     * later timer fires — once per due time, so timers due together deliver together; without it,
     * that work runs on its own.
     */
    async runDue(workspace: Workspace, until: number, { beforeEach = (_dueAt: number) => {}, settle = false } = {}) {
      const pendingWork: (() => Promise<void>)[] = []
      const finishPending = async () => {
        const work = pendingWork.splice(0)
        if (settle) await Promise.all(work.map((w) => w()))
        else for (const w of work) w().catch(() => {})
      }
      const next = () => firstDue.get(workspace.id, until)!.due_at
      for (let at = next(); at !== null; at = next()) {
        beforeEach(at)
        const { afterCommit, failure } = fireInstant(workspace, dueAt.all(workspace.id, at))
        if (failure) throw failure.error
        pendingWork.push(...afterCommit)
        // Timers scheduled for this same instant by the ones just fired run before its work settles.
        const following = next()
        if (following === null || following > at) await finishPending()
      }
      await finishPending()
    },
  }
}

export type Timers = ReturnType<typeof createTimers>
