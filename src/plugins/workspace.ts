// Bearer key → workspace (README § Authentication). Applies to the scope it is registered in:
// /v1 and /_mock.
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { ApiError } from '../errors.js'
import type { Workspace } from '../workspaces/workspaces.js'

declare module 'fastify' {
  interface FastifyRequest {
    workspace: Workspace
  }
}

const bearer = /^Bearer +(\S+)$/i

export const workspaceAuth = fp(async (app) => {
  const { workspaces, config } = app.services
  const accepted = config.apiKeys.length > 0 ? new Set(config.apiKeys) : null

  app.decorateRequest('workspace', null as unknown as Workspace)
  app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
    const key = bearer.exec(request.headers.authorization ?? '')?.[1]
    if (!key) {
      return done(
        new ApiError('unauthorized', 'Missing or malformed Authorization header: expected "Bearer <api key>"'),
      )
    }
    if (accepted && !accepted.has(key)) return done(new ApiError('unauthorized', 'Invalid API key'))
    request.workspace = workspaces.resolve(key)
    done()
  })
})
