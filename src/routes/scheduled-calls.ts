// Geplande Gesprekken — scheduled calls (endpoints.md § 5).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ChangeEnvelope, DataEnvelope, IdParams, ListEnvelope, ref } from '../../schemas/common.js'
import {
  ScheduledCall,
  ScheduledCallCreateInput,
  ScheduledCallListQuery,
  ScheduledCallUpdateInput,
} from '../../schemas/scheduled-calls.js'
import { listBody, listQuery, pageOf, resourceRoutes, responses, timeBounds } from './shared.js'

export const scheduledCallRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { scheduledCalls } = app.services
  const route = resourceRoutes('Scheduled call', 'Geplande Gesprekken')
  const changed = ChangeEnvelope(ref(ScheduledCall))

  app.get(
    '/scheduled-calls',
    route('Geplande gesprekken ophalen', {
      description: 'Soonest first.',
      querystring: listQuery(ScheduledCallListQuery),
      response: responses({ 200: ListEnvelope(ref(ScheduledCall)) }, [400]),
    }),
    async (request) => {
      const page = pageOf(request.query)
      const { from, to, ...filter } = request.query
      const result = scheduledCalls.list(request.workspace, {
        ...filter,
        ...timeBounds({ from, to }),
        ...page,
      })
      return listBody(result, page)
    },
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
    route('Gepland gesprek ophalen', {
      params: IdParams,
      response: responses({ 200: DataEnvelope(ref(ScheduledCall)) }),
    }),
    async (request) => ({ data: scheduledCalls.get(request.workspace, request.params.id) }),
  )

  app.patch(
    '/scheduled-calls/:id',
    route('Gepland gesprek bijwerken', {
      description: 'Only while `scheduled`. `metadata` is merged per key.',
      params: IdParams,
      body: ref(ScheduledCallUpdateInput),
      response: responses({ 200: changed }),
    }),
    async (request) => ({
      message: 'Scheduled call updated',
      data: scheduledCalls.update(request.workspace, request.params.id, request.body),
    }),
  )

  app.delete(
    '/scheduled-calls/:id',
    route('Gepland gesprek annuleren', {
      description: 'Only while `scheduled`; the record stays with status `cancelled`.',
      params: IdParams,
      response: responses({ 200: changed }),
    }),
    async (request) => ({
      message: 'Scheduled call cancelled',
      data: scheduledCalls.cancel(request.workspace, request.params.id),
    }),
  )
}
