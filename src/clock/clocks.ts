// Reading and moving a workspace's clock. Advancing fires the workspace's timers on the way, each
// at its own due time. Timer runs of one workspace never overlap: an advance and the real-time
// driver take turns.
import type { ClockMode } from '../../schemas/mock.js'
import type { Db } from '../db/open.js'
import type { Timers } from '../timers/timers.js'
import type { Workspace } from '../workspaces/workspaces.js'
import { anchoredAt, readClock, type ClockState, type WallClock } from './clock.js'

export function createClocks(db: Db, wall: WallClock, timers: Timers) {
  const save = db.prepare(
    `UPDATE workspaces SET clock_mode = @mode, clock_speed = @speed, clock_anchor_virtual = @anchorVirtual,
       clock_anchor_wall = @anchorWall WHERE id = @id`,
  )
  const turns = new Map<string, Promise<unknown>>()
  const listeners: (() => void)[] = []
  const settlers: ((workspace: Workspace) => Promise<void>)[] = []

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
  const changed = () => listeners.forEach((listener) => listener())

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
        // What is already under way (an assistant-request in flight) may schedule timers too.
        for (const settle of settlers) await settle(workspace)
        const until = Math.max(target, now(workspace))
        await timers.runDue(workspace, until, {
          beforeEach: (due) => setNow(workspace, Math.max(due, now(workspace))),
          settle: true,
        })
        setNow(workspace, until)
        changed()
      }),

    /** Fires the timers due now, leaving the clock as it is (the real-time driver's tick). */
    fireDue: (workspace: Workspace) => inTurn(workspace, () => timers.runDue(workspace, now(workspace))),

    /** Resolves when no advance or timer run is under way (the server is closing). */
    idle: () => Promise.all(turns.values()),

    /** Work an advance waits for before it fires timers (the webhook dispatcher's queues). */
    settleBeforeAdvance(settle: (workspace: Workspace) => Promise<void>) {
      settlers.push(settle)
    },

    setMode(workspace: Workspace, mode: ClockMode, speed = 1) {
      persist(workspace, anchoredAt(now(workspace), wall(), mode, speed))
      changed()
    },

    /** Called after a clock moves or changes mode (the real-time driver re-arms on it). */
    onChange(listener: () => void) {
      listeners.push(listener)
    },
  }
}

export type Clocks = ReturnType<typeof createClocks>
