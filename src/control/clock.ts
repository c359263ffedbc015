// The caller's workspace clock: read it, move it forward, switch its mode.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ClockAdvanceInput, ClockModeInput, ClockState } from '../../schemas/mock.js'
import { invalidParameter } from '../errors.js'
import { formatTime, latestTime, parseTime } from '../time.js'
import type { Workspace } from '../workspaces/workspaces.js'

export const clockControl: FastifyPluginAsyncTypebox = async (app) => {
  const { clocks } = app.services
  const clockResponse = { 200: Type.Object({ data: ClockState }) }

  const clockBody = (workspace: Workspace) => {
    const state = clocks.state(workspace)
    return { data: { ...state, now: formatTime(state.now) } }
  }

  app.get('/clock', { schema: { response: clockResponse } }, async (request) => clockBody(request.workspace))

  app.post('/clock/advance', { schema: { body: ClockAdvanceInput, response: clockResponse } }, async (request) => {
    const workspace = request.workspace
    const now = clocks.now(workspace)
    const target =
      'seconds' in request.body ? now + Math.round(request.body.seconds * 1000) : parseTime(request.body.to)
    if (target < now) {
      throw invalidParameter('to', 'is before the current time of the clock; the clock only moves forward')
    }
    if (target > latestTime) {
      throw invalidParameter('seconds' in request.body ? 'seconds' : 'to', `goes past ${formatTime(latestTime)}`)
    }
    await clocks.advanceTo(workspace, target)
    return clockBody(workspace)
  })

  app.post('/clock/mode', { schema: { body: ClockModeInput, response: clockResponse } }, async (request) => {
    clocks.setMode(request.workspace, request.body.mode, request.body.speed)
    return clockBody(request.workspace)
  })
}
