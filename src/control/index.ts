// /_mock — the control plane (mock-control.md): reset, seed, clock, config. It acts on the
// workspace of the caller's API key.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { SuccessMessage } from '../../schemas/common.js'
import { ClockAdvanceInput, ClockModeInput, ClockState, MockConfig, MockConfigPatch, ResetQuery } from '../../schemas/mock.js'
import { SeedDocument } from '../../schemas/seed.js'
import { formatTime, parseTime } from '../time.js'
import type { Workspace } from '../workspaces/workspaces.js'
import { invalidParameter } from '../errors.js'

export const controlRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const services = app.services
  const { clocks, workspaces, users } = services

  const clockBody = (workspace: Workspace) => {
    const state = clocks.state(workspace)
    return { data: { ...state, now: formatTime(state.now) } }
  }
  const configBody = (workspace: Workspace) => ({ data: { credits: users.credits(workspace) } })

  app.post(
    '/reset',
    { schema: { querystring: ResetQuery, response: { 200: SuccessMessage } } },
    async (request) => {
      if (request.query.all) {
        workspaces.resetAll(request.workspace)
        return { message: 'All workspaces reset' }
      }
      workspaces.reset(request.workspace)
      return { message: 'Workspace reset' }
    },
  )

  app.post('/seed', { schema: { body: SeedDocument, response: { 200: SuccessMessage } } }, async (request) => {
    services.seed(request.workspace, request.body)
    return { message: 'Seed loaded' }
  })

  app.get('/clock', { schema: { response: { 200: Type.Object({ data: ClockState }) } } }, async (request) =>
    clockBody(request.workspace),
  )

  app.post(
    '/clock/advance',
    { schema: { body: ClockAdvanceInput, response: { 200: Type.Object({ data: ClockState }) } } },
    async (request) => {
      const workspace = request.workspace
      const now = clocks.now(workspace)
      const target = 'seconds' in request.body ? now + Math.round(request.body.seconds * 1000) : parseTime(request.body.to)
      if (target < now) throw invalidParameter('to', 'is before the current time of the clock; the clock only moves forward')
      await clocks.advanceTo(workspace, target)
      return clockBody(workspace)
    },
  )

  app.post(
    '/clock/mode',
    { schema: { body: ClockModeInput, response: { 200: Type.Object({ data: ClockState }) } } },
    async (request) => {
      clocks.setMode(request.workspace, request.body.mode, request.body.speed)
      return clockBody(request.workspace)
    },
  )

  app.get('/config', { schema: { response: { 200: Type.Object({ data: MockConfig }) } } }, async (request) =>
    configBody(request.workspace),
  )

  app.patch(
    '/config',
    { schema: { body: MockConfigPatch, response: { 200: Type.Object({ data: MockConfig }) } } },
    async (request) => {
      if (request.body.credits !== undefined) users.setCredits(request.workspace, request.body.credits)
      return configBody(request.workspace)
    },
  )
}
