// Gebruiker — the user profile of the workspace (endpoints.md § 7).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DataEnvelope, ref } from '../../schemas/common.js'
import { LegacyUser, UserProfile, UserProfileExtended } from '../../schemas/user.js'
import { responses } from './shared.js'

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { users } = app.services
  const common = { tags: ['Gebruiker'] }

  app.get(
    '/user/profile',
    {
      schema: {
        ...common,
        summary: 'Gebruikersprofiel ophalen',
        response: responses({ 200: DataEnvelope(ref(UserProfile)) }, []),
      },
    },
    async (request) => ({ data: users.profile(request.workspace) }),
  )

  app.get(
    '/user/profile/extended',
    {
      schema: {
        ...common,
        summary: 'Gebruikersprofiel ophalen (uitgebreid)',
        description: 'The profile plus live usage counts.',
        response: responses({ 200: DataEnvelope(ref(UserProfileExtended)) }, []),
      },
    },
    async (request) => ({ data: users.extended(request.workspace) }),
  )

  app.get(
    '/user',
    {
      schema: {
        ...common,
        summary: 'Gebruikersprofiel ophalen (legacy)',
        description: 'The older flat form, without envelope.',
        response: responses({ 200: ref(LegacyUser) }, []),
      },
    },
    async (request) => users.legacy(request.workspace),
  )
}
