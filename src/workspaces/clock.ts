// Each workspace has its own clock (mock-control.md § Clocks). In `real` mode it follows the wall
// clock from an anchor, at `speed`; in `manual` mode it stands at its anchor until advanced.
// Nothing else in the mock reads the time.
import type { ClockMode } from '../../schemas/mock.js'

export interface ClockState {
  mode: ClockMode
  speed: number
  /** Virtual time (epoch ms) at `anchorWall`. */
  anchorVirtual: number
  /** Wall time (epoch ms) when the anchor was set. */
  anchorWall: number
}

/** The source of wall time; injected so tests can hold it still. */
export type WallClock = () => number

export const systemWallClock: WallClock = () => Date.now()

export function readClock(state: ClockState, wall: number): number {
  if (state.mode === 'manual') return state.anchorVirtual
  return Math.floor(state.anchorVirtual + (wall - state.anchorWall) * state.speed)
}

/** The state that reads `virtual` now and then runs on in `mode` at `speed`. */
export function anchoredAt(virtual: number, wall: number, mode: ClockMode, speed: number): ClockState {
  return { mode, speed, anchorVirtual: virtual, anchorWall: wall }
}

/** The time of a workspace's clock now, read against `wall`. */
export const clockReader = (wall: WallClock) => (workspace: { clock: ClockState }) => readClock(workspace.clock, wall())
