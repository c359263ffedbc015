// Fires the timers of workspaces whose clock runs in `real` mode when their time comes: one
// setTimeout, aimed at the earliest due timer of any such workspace, aimed again by the unit of
// work whenever one arms a timer or changes a clock. Manual clocks are moved only by
// /_mock/clock/advance.
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/open.js'
import type { Workspaces } from '../workspaces/workspaces.js'
import type { Clocks } from './clocks.js'
import type { WallClock } from '../workspaces/clock.js'

const longestTimeout = 2 ** 31 - 1

export interface RealTimeDeps {
  db: Db
  wall: WallClock
  clocks: Clocks
  workspaces: Workspaces
  log: FastifyBaseLogger
}

export function createRealTimeDriver({ db, wall, clocks, workspaces, log }: RealTimeDeps) {
  const earliest = db.prepare<[], { workspace_id: string; due_at: number }>(
    `SELECT t.workspace_id, min(t.due_at) AS due_at FROM timers t JOIN workspaces w ON w.id = t.workspace_id
     WHERE w.clock_mode = 'real' GROUP BY t.workspace_id`,
  )
  let timeout: NodeJS.Timeout | undefined
  let aimQueued = false
  let stopped = true

  /** Each real-mode workspace with timers, and the wall time at which its first one is due. */
  const dueTimes = () =>
    earliest.all().flatMap(({ workspace_id, due_at }) => {
      const workspace = workspaces.byId(workspace_id)
      if (!workspace) return []
      const { anchorWall, anchorVirtual, speed } = workspace.clock
      return [{ workspace, dueAt: due_at, wallAt: anchorWall + (due_at - anchorVirtual) / speed }]
    })

  const aim = () => {
    aimQueued = false
    clearTimeout(timeout)
    if (stopped) return
    const next = Math.min(...dueTimes().map((d) => d.wallAt))
    if (next === Infinity) return
    timeout = setTimeout(tick, Math.min(Math.max(next - wall(), 0), longestTimeout))
    timeout.unref()
  }

  /** Many schedules in one burst re-aim once. */
  const aimSoon = () => {
    if (aimQueued || stopped) return
    aimQueued = true
    setImmediate(aim).unref()
  }

  const tick = async () => {
    try {
      const due = dueTimes().filter((d) => d.dueAt <= clocks.now(d.workspace))
      await Promise.all(due.map((d) => clocks.fireDue(d.workspace)))
    } catch (error) {
      log.error({ err: error }, 'a timer failed')
    }
    aim()
  }

  return {
    /** Timers were armed or a clock changed (many in one burst aim once). */
    timersChanged: aimSoon,

    start() {
      stopped = false
      aim()
    },
    stop() {
      stopped = true
      clearTimeout(timeout)
    },
  }
}
