// Reset, seed and behaviour settings of the caller's workspace.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { SuccessMessage } from '../../schemas/common.js'
import { MockConfig, MockConfigPatch, ResetQuery } from '../../schemas/mock.js'
import { SeedDocument } from '../../schemas/seed.js'
import type { Workspace } from '../workspaces/workspaces.js'

export const workspaceControl: FastifyPluginAsyncTypebox = async (app) => {
  const services = app.services
  const { workspaces, users } = services

  const configBody = (workspace: Workspace) => ({ data: { credits: users.credits(workspace), ...workspace.settings } })

  app.post('/reset', { schema: { querystring: ResetQuery, response: { 200: SuccessMessage } } }, async (request) => {
    if (request.query.all) {
      services.resetAll(request.workspace)
      return { message: 'All workspaces reset' }
    }
    services.reset(request.workspace)
    return { message: 'Workspace reset' }
  })

  app.post('/seed', { schema: { body: SeedDocument, response: { 200: SuccessMessage } } }, async (request) => {
    services.seed(request.workspace, request.body)
    return { message: 'Seed loaded' }
  })

  app.get('/config', { schema: { response: { 200: Type.Object({ data: MockConfig }) } } }, async (request) =>
    configBody(request.workspace),
  )

  app.patch(
    '/config',
    { schema: { body: MockConfigPatch, response: { 200: Type.Object({ data: MockConfig }) } } },
    async (request) => {
      const { credits, ...settings } = request.body
      if (credits !== undefined) users.setCredits(request.workspace, credits)
      workspaces.updateSettings(request.workspace, settings)
      return configBody(request.workspace)
    },
  )
}
