// Reading and moving a workspace's clock. Advancing fires the workspace's timers on the way, each
// at its own due time: the timers due at one instant in one unit of work, each in its own
// savepoint, its row deleted with the effect it applies. Timer runs of one workspace never
// overlap: an advance and the real-time driver take turns.
import type { ClockMode } from '../../schemas/mock.js'
import type { Db } from '../db/open.js'
import type { Effects, Work } from '../effects/work.js'
import type { DueTimer, Timers } from '../timers/timers.js'
import type { Dispatcher } from '../webhooks/dispatcher.js'
import { anchoredAt, readClock, type ClockState, type WallClock } from '../workspaces/clock.js'
import type { Workspace } from '../workspaces/workspaces.js'
import { formatTime } from '../time.js'

/**
 * Applies a due timer's effect (the table of timer kinds). It may return work that an advance
 * awaits before it goes on (only timer kinds from outside the mock do).
 */
export type FireTimer = (work: Work, timer: DueTimer) => void | (() => Promise<void>)

export interface ClocksDeps {
  db: Db
  wall: WallClock
  timers: Timers
  effects: Effects
  /** An advance waits for the webhooks under way, whose answers may arm timers. */
  dispatcher: Pick<Dispatcher, 'flush'>
  fire: FireTimer
}

export function createClocks({ db, wall, timers, effects, dispatcher, fire }: ClocksDeps) {
  const save = db.prepare(
    `UPDATE workspaces SET clock_mode = @mode, clock_speed = @speed, clock_anchor_virtual = @anchorVirtual,
       clock_anchor_wall = @anchorWall WHERE id = @id`,
  )
  const turns = new Map<string, Promise<unknown>>()

  /** Runs `work` after every earlier timer run of the same workspace has finished. */
  const inTurn = <T>(workspace: Workspace, work: () => Promise<T>): Promise<T> => {
    const previous = turns.get(workspace.id) ?? Promise.resolve()
    const next = previous.then(work, work)
    turns.set(
      workspace.id,
      next.catch(() => {}),
    )
    return next
  }
  const persist = (workspace: Workspace, state: ClockState) => {
    workspace.clock = state
    save.run({ id: workspace.id, ...state })
  }
  const now = (workspace: Workspace) => readClock(workspace.clock, wall())
  const setNow = (workspace: Workspace, virtual: number) =>
    persist(workspace, anchoredAt(virtual, wall(), workspace.clock.mode, workspace.clock.speed))

  /** The clock changed: the stream hears of it and the real-time driver aims again. */
  const changed = (work: Work) => {
    const { mode, speed } = work.workspace.clock
    work.clockChanged()
    work.publish({ type: 'clock.changed', data: { now: formatTime(now(work.workspace)), mode, speed } })
  }

  /**
   * Fires the timers due at one instant, in the order armed, in one unit of work. A timer that
   * fails is dropped with its effect, not retried in a loop; the ones before it keep theirs, the
   * ones after it wait for the next run. Returns the failure and the work timers left.
   */
  const fireInstant = (workspace: Workspace, at: number) =>
    effects.run(workspace, (work) => {
      const left: (() => Promise<void>)[] = []
      for (const timer of timers.dueAt(workspace, at)) {
        try {
          effects.run(workspace, () => {
            // An earlier timer of the same instant may have cancelled it.
            if (!timers.take(timer.id)) return
            work.publish({
              type: 'timer.fired',
              data: { kind: timer.kind, subject: timer.subject, due_at: formatTime(timer.due_at) },
            })
            const after = fire(work, timer)
            if (after) left.push(after)
          })
        } catch (error) {
          timers.take(timer.id)
          return { left, failure: { error } }
        }
      }
      return { left, failure: null }
    })

  /**
   * Fires, in due order, every timer of the workspace due at or before `until`. With `settle`
   * (an advance) the clock moves to each due time first, and the webhooks the timers of an instant
   * queued are delivered, answers and all, before a later instant fires.
   */
  const runDue = async (workspace: Workspace, until: number, settle: boolean) => {
    const next = () => timers.firstDue(workspace, until)
    const left: (() => Promise<void>)[] = []
    const finish = async () => {
      const work = left.splice(0)
      if (!settle) return work.forEach((w) => w().catch(() => {}))
      await Promise.all([...work.map((w) => w()), dispatcher.flush(workspace)])
    }
    for (let at = next(); at !== null; at = next()) {
      if (settle) setNow(workspace, Math.max(at, now(workspace)))
      const fired = fireInstant(workspace, at)
      left.push(...fired.left)
      if (fired.failure) throw fired.failure.error
      // Timers armed for this same instant by the ones just fired run before its work settles.
      const following = next()
      if (following === null || following > at) await finish()
    }
    await finish()
  }

  return {
    now,

    state: (workspace: Workspace) => ({
      now: now(workspace),
      mode: workspace.clock.mode,
      speed: workspace.clock.speed,
      pending_timers: timers.pending(workspace),
    }),

    /**
     * Moves the clock forward to `target` (never back), firing every timer due on the way, and
     * returns when they and the work they caused (webhooks and their answers) are done.
     */
    advanceTo: (workspace: Workspace, target: number) =>
      inTurn(workspace, async () => {
        // What is already under way (an assistant-request in flight) may arm timers too.
        await dispatcher.flush(workspace)
        const until = Math.max(target, now(workspace))
        await runDue(workspace, until, true)
        effects.run(workspace, (work) => {
          setNow(workspace, until)
          changed(work)
        })
      }),

    /** Fires the timers due now, leaving the clock as it is (the real-time driver's tick). */
    fireDue: (workspace: Workspace) => inTurn(workspace, () => runDue(workspace, now(workspace), false)),

    /** Resolves when no advance or timer run is under way (the server is closing). */
    idle: () => Promise.all(turns.values()),

    setMode(workspace: Workspace, mode: ClockMode, speed = 1) {
      effects.run(workspace, (work) => {
        persist(workspace, anchoredAt(now(workspace), wall(), mode, speed))
        changed(work)
      })
    },
  }
}

export type Clocks = ReturnType<typeof createClocks>
