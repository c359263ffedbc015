// Reading and moving a workspace's clock. Advancing fires the workspace's timers on the way, each
// at its own due time.
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
  const persist = (workspace: Workspace, state: ClockState) => {
    workspace.clock = state
    save.run({ id: workspace.id, ...state })
  }
  const now = (workspace: Workspace) => readClock(workspace.clock, wall())
  const setNow = (workspace: Workspace, virtual: number) =>
    persist(workspace, anchoredAt(virtual, wall(), workspace.clock.mode, workspace.clock.speed))

  return {
    now,

    state: (workspace: Workspace) => ({
      now: now(workspace),
      mode: workspace.clock.mode,
      speed: workspace.clock.speed,
      pending_timers: timers.pending(workspace.id),
    }),

    /** Moves the clock forward to `target` (never back), firing every timer due on the way. */
    async advanceTo(workspace: Workspace, target: number) {
      const until = Math.max(target, now(workspace))
      await timers.runDue(workspace.id, until, (due) => setNow(workspace, Math.max(due, now(workspace))))
      setNow(workspace, until)
    },

    setMode(workspace: Workspace, mode: ClockMode, speed = 1) {
      persist(workspace, anchoredAt(now(workspace), wall(), mode, speed))
    },
  }
}

export type Clocks = ReturnType<typeof createClocks>
