// Gebruiker — the user profile of the workspace (endpoints.md § 7).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DataEnvelope, ref } from '../../schemas/common.js'
import { LegacyUser, UserProfile, UserProfileExtended } from '../../schemas/user.js'
import type { Workspace } from '../workspaces/workspaces.js'
import { responses, taggedRoutes } from './shared.js'

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { users } = app.services
  const route = taggedRoutes('Gebruiker')

  /** A read of the workspace's user: `ok` answered by `answer`, no error but 401. */
  const read = <R, T>(summary: string, ok: R, answer: (workspace: Workspace) => T, description?: string) => ({
    ...route(summary, { ...(description && { description }), response: responses({ 200: ok }, []) }),
    handler: async (request: { workspace: Workspace }) => answer(request.workspace),
  })

  app.get(
    '/user/profile',
    read('Gebruikersprofiel ophalen', DataEnvelope(ref(UserProfile)), (workspace) => ({
      data: users.profile(workspace),
    })),
  )

  app.get(
    '/user/profile/extended',
    read(
      'Gebruikersprofiel ophalen (uitgebreid)',
      DataEnvelope(ref(UserProfileExtended)),
      (workspace) => ({ data: users.extended(workspace) }),
      'The profile plus live usage counts.',
    ),
  )

  app.get(
    '/user',
    read('Gebruikersprofiel ophalen (legacy)', ref(LegacyUser), users.legacy, 'The older flat form, without envelope.'),
  )
}
