// Everything that happens later is a row in `timers` (architecture.md § Time and timers). Firing a
// timer deletes its row in the same transaction that applies its effect, so nothing fires twice and
// a restart resumes where it stopped. Engines register one handler per timer kind.
import type { Db } from '../db/open.js'

export interface TimerContext {
  workspaceId: string
  /** The timer's due time: the clock reads this while the handler runs. */
  now: number
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
  const insert = db.prepare('INSERT INTO timers (workspace_id, due_at, kind, payload) VALUES (?, ?, ?, ?)')
  const nextDue = db.prepare<[string, number], TimerRow>(
    'SELECT id, due_at, kind, payload FROM timers WHERE workspace_id = ? AND due_at <= ? ORDER BY due_at, id LIMIT 1',
  )
  const remove = db.prepare('DELETE FROM timers WHERE id = ?')
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM timers WHERE workspace_id = ?')

  return {
    register(kind: string, handler: TimerHandler) {
      if (handlers.has(kind)) throw new Error(`timer kind ${kind} registered twice`)
      handlers.set(kind, handler)
    },

    schedule(workspaceId: string, dueAt: number, kind: string, payload: unknown = {}) {
      insert.run(workspaceId, dueAt, kind, JSON.stringify(payload))
    },

    pending: (workspaceId: string) => count.get(workspaceId)!.n,

    /**
     * Fires, in due order, every timer of the workspace due at or before `until`. `setNow` moves
     * the workspace's clock to each timer's due time before its handler runs.
     */
    async runDue(workspaceId: string, until: number, setNow: (ms: number) => void) {
      for (let row = nextDue.get(workspaceId, until); row; row = nextDue.get(workspaceId, until)) {
        const timer = row
        setNow(timer.due_at)
        const handler = handlers.get(timer.kind)
        const afterCommit = db.transaction(() => {
          remove.run(timer.id)
          // A timer of a kind this build does not know (an older or newer database) is dropped.
          return handler?.(JSON.parse(timer.payload), { workspaceId, now: timer.due_at })
        })()
        if (afterCommit) await afterCommit()
      }
    },
  }
}

export type Timers = ReturnType<typeof createTimers>
