// Gesprekken — calls (endpoints.md § 2), and injecting a message into one (§ 8).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ChangeEnvelope, DataEnvelope, ref } from '../../schemas/common.js'
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
import { resourceRoutes, responses, timedListHandler } from './shared.js'

export const callRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { calls, simulator } = app.services
  const route = resourceRoutes('Call', 'Gesprekken')

  app.get(
    '/calls',
    route.list('Gesprekken ophalen', CallListQuery, ref(CallSummary), timedListHandler(calls.list, toCallSummary), {
      description: 'Newest first. Items leave out `transcript` and `messages`: fetch a call for those.',
    }),
  )

  app.get('/calls/:id', route.one('Gesprek details ophalen', DataEnvelope(ref(Call))), async (request) => ({
    data: simulator.view(calls.find(request.workspace, request.params.id)),
  }))

  app.delete(
    '/calls/:id',
    route.remove('Gesprek verwijderen', 'Call deleted', calls.remove, {
      description: 'Only an ended call; its recording goes with it.',
    }),
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
    route.one('Bericht injecteren in actief gesprek', ref(InjectMessageResponse), {
      tags: ['Geavanceerd'],
      description: 'Only while the call is in progress. The assistant answers it in its next turn.',
      body: ref(InjectMessageInput),
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
