// Gesprekken — calls (endpoints.md § 2), and injecting a message into one (§ 8).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ChangeEnvelope, DataEnvelope, IdParams, PaginationMeta, SuccessMessage, ref } from '../../schemas/common.js'
import {
  Call,
  CallListQuery,
  CallSummary,
  DirectCallInput,
  InjectMessageInput,
  InjectMessageResponse,
} from '../../schemas/calls.js'
import { toCallSummary } from '../calls/calls.js'
import { formatTime } from '../time.js'
import { listBody, listQuery, pageOf, resourceRoutes, responses, timeBounds } from './shared.js'

export const callRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { calls, simulator } = app.services
  const route = resourceRoutes('Call', 'Gesprekken')

  app.get(
    '/calls',
    route('Gesprekken ophalen', {
      description: 'Newest first. Items leave out `transcript` and `messages`: fetch a call for those.',
      querystring: listQuery(CallListQuery),
      response: responses({ 200: Type.Object({ data: Type.Array(CallSummary), meta: ref(PaginationMeta) }) }, [400]),
    }),
    async (request) => {
      const page = pageOf(request.query)
      const { from, to, ...filter } = request.query
      const result = calls.list(request.workspace, {
        ...filter,
        ...timeBounds({ from, to }),
        ...page,
      })
      return listBody({ data: result.data.map(toCallSummary), total: result.total }, page)
    },
  )

  app.get(
    '/calls/:id',
    route('Gesprek details ophalen', {
      params: IdParams,
      response: responses({ 200: DataEnvelope(ref(Call)) }),
    }),
    async (request) => ({ data: simulator.view(calls.find(request.workspace, request.params.id)) }),
  )

  app.delete(
    '/calls/:id',
    route('Gesprek verwijderen', {
      description: 'Only an ended call; its recording goes with it.',
      params: IdParams,
      response: responses({ 200: ref(SuccessMessage) }),
    }),
    async (request) => {
      calls.remove(request.workspace, request.params.id)
      return { message: 'Call deleted' }
    },
  )

  app.post(
    '/calls/outbound',
    route('Direct uitgaand gesprek starten', {
      description: 'Answers at once with the queued call; the call then runs on the mock clock.',
      body: ref(DirectCallInput),
      response: responses({ 201: ChangeEnvelope(ref(Call)) }, [400, 402, 404]),
    }),
    async (request, reply) => {
      const call = simulator.startOutbound(request.workspace, request.body)
      return reply.code(201).send({ message: 'Call started', data: simulator.view(call) })
    },
  )

  app.post(
    '/calls/:id/inject',
    route('Bericht injecteren in actief gesprek', {
      tags: ['Geavanceerd'],
      description: 'Only while the call is in progress. The assistant answers it in its next turn.',
      params: IdParams,
      body: ref(InjectMessageInput),
      response: responses({ 200: ref(InjectMessageResponse) }),
    }),
    async (request) => {
      const injected = simulator.inject(
        request.workspace,
        request.params.id,
        request.body.message,
        request.body.role ?? 'system',
      )
      return { message: 'Message injected', data: { ...injected, injected_at: formatTime(injected.injected_at) } }
    },
  )
}
