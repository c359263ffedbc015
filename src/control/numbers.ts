// Finishing what the telephony provider and Flireo's reviewers would finish: number orders,
// verification reviews, and reading back uploaded documents.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from 'typebox'
import { IdParams, ref } from '../../schemas/common.js'
import { PhoneNumberOrderDetail } from '../../schemas/phone-numbers.js'
import { VerificationGroupDetail } from '../../schemas/verification.js'
import type { Workspace } from '../workspaces/workspaces.js'

const Outcome = <A extends string, B extends string>(a: A, b: B) =>
  Type.Object(
    {
      outcome: Type.Union([Type.Literal(a), Type.Literal(b)]),
      reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    },
    { additionalProperties: false },
  )

/**
 * The route options of an action that settles an entity now: an outcome in, `settle` called with
 * it, `{message, data}` of the entity's detail out.
 */
const settleNow = <A extends string, B extends string, D extends TSchema, T>(
  entity: string,
  outcomes: [A, B],
  detail: D,
  message: string,
  settle: (workspace: Workspace, id: string, outcome: A | B, reason?: string) => T,
) => ({
  config: { entity },
  schema: {
    params: IdParams,
    body: Outcome(...outcomes),
    response: { 200: Type.Object({ message: Type.String(), data: detail }) },
  },
  handler: async (request: {
    workspace: Workspace
    params: { id: string }
    body: { outcome: A | B; reason?: string }
  }) => ({
    message,
    data: settle(request.workspace, request.params.id, request.body.outcome, request.body.reason),
  }),
})

export const numberControl: FastifyPluginAsyncTypebox = async (app) => {
  const { orders, groups, documents } = app.services

  app.post(
    '/phone-number-orders/:id/complete',
    settleNow(
      'Phone number order',
      ['success', 'failed'],
      ref(PhoneNumberOrderDetail),
      'Order completed',
      orders.completeNow,
    ),
  )

  app.post(
    '/verification-groups/:id/review',
    settleNow(
      'Verification group',
      ['approved', 'rejected'],
      ref(VerificationGroupDetail),
      'Verification group reviewed',
      groups.reviewNow,
    ),
  )

  app.get(
    '/documents/:id',
    { config: { entity: 'Document' }, schema: { params: Type.Object({ id: Type.String() }) } },
    async (request, reply) => {
      const document = documents.content(request.workspace, request.params.id)
      return reply
        .type(document.content_type)
        .header('content-disposition', `inline; filename="${encodeURIComponent(document.filename)}"`)
        .send(document.content)
    },
  )
}
