// Finishing what the telephony provider and Flireo's reviewers would finish: number orders,
// verification reviews, and reading back uploaded documents.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from 'typebox'
import { IdParams, ref } from '../../schemas/common.js'
import { PhoneNumberOrderDetail } from '../../schemas/phone-numbers.js'
import { VerificationGroupDetail } from '../../schemas/verification.js'

const Outcome = <A extends string, B extends string>(a: A, b: B) =>
  Type.Object(
    {
      outcome: Type.Union([Type.Literal(a), Type.Literal(b)]),
      reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    },
    { additionalProperties: false },
  )

/** The route options of an action that settles an entity now: an outcome in, the entity's detail out. */
const settleNow = <B extends TSchema, D extends TSchema>(entity: string, body: B, detail: D) => ({
  config: { entity },
  schema: { params: IdParams, body, response: { 200: Type.Object({ message: Type.String(), data: detail }) } },
})

export const numberControl: FastifyPluginAsyncTypebox = async (app) => {
  const { orders, groups, documents } = app.services

  app.post(
    '/phone-number-orders/:id/complete',
    settleNow('Phone number order', Outcome('success', 'failed'), ref(PhoneNumberOrderDetail)),
    async (request) => ({
      message: 'Order completed',
      data: orders.completeNow(request.workspace, request.params.id, request.body.outcome, request.body.reason),
    }),
  )

  app.post(
    '/verification-groups/:id/review',
    settleNow('Verification group', Outcome('approved', 'rejected'), ref(VerificationGroupDetail)),
    async (request) => ({
      message: 'Verification group reviewed',
      data: groups.reviewNow(request.workspace, request.params.id, request.body.outcome, request.body.reason),
    }),
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
