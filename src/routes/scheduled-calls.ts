// Geplande Gesprekken — scheduled calls (endpoints.md § 5).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ChangeEnvelope, DataEnvelope, ref } from '../../schemas/common.js'
import {
  ScheduledCall,
  ScheduledCallCreateInput,
  ScheduledCallListQuery,
  ScheduledCallUpdateInput,
} from '../../schemas/scheduled-calls.js'
import { resourceRoutes, responses, timedListHandler } from './shared.js'

export const scheduledCallRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { scheduledCalls } = app.services
  const route = resourceRoutes('Scheduled call', 'Geplande Gesprekken')
  const changed = ChangeEnvelope(ref(ScheduledCall))

  app.get(
    '/scheduled-calls',
    route.list(
      'Geplande gesprekken ophalen',
      ScheduledCallListQuery,
      ref(ScheduledCall),
      timedListHandler(scheduledCalls.list),
      { description: 'Soonest first.' },
    ),
  )

  app.post(
    '/scheduled-calls',
    route('Gesprek inplannen', {
      description: 'At `scheduled_at` (mock clock) the call is placed as POST /calls/outbound would place it.',
      body: ref(ScheduledCallCreateInput),
      response: responses({ 201: changed }),
    }),
    async (request, reply) =>
      reply.code(201).send({ message: 'Call scheduled', data: scheduledCalls.create(request.workspace, request.body) }),
  )

  app.get(
    '/scheduled-calls/:id',
    route.read('Gepland gesprek ophalen', DataEnvelope(ref(ScheduledCall)), scheduledCalls.get),
  )

  app.patch(
    '/scheduled-calls/:id',
    route.one('Gepland gesprek bijwerken', changed, {
      description: 'Only while `scheduled`. `metadata` is merged per key.',
      body: ref(ScheduledCallUpdateInput),
    }),
    async (request) => ({
      message: 'Scheduled call updated',
      data: scheduledCalls.update(request.workspace, request.params.id, request.body),
    }),
  )

  app.delete(
    '/scheduled-calls/:id',
    route.change('Gepland gesprek annuleren', changed, 'Scheduled call cancelled', scheduledCalls.cancel, {
      description: 'Only while `scheduled`; the record stays with status `cancelled`.',
    }),
  )
}
