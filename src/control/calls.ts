// Driving calls by hand and reading what was sent: inbound calls, lines, tool calls, ending a
// call, and the webhook delivery log.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Call, EndCallInput, InboundCallInput, SayInput, ToolCallsInput } from '../../schemas/calls.js'
import { IdParams, PageQuery, ref } from '../../schemas/common.js'
import { listHandler } from '../routes/shared.js'

const DeliveryQuery = Type.Object({
  ...PageQuery(),
  call_id: Type.Optional(Type.String()),
  event: Type.Optional(Type.String()),
  ok: Type.Optional(Type.Boolean()),
})

export const callControl: FastifyPluginAsyncTypebox = async (app) => {
  const { simulator, deliveries, dispatcher } = app.services
  const config = { entity: 'Call' }
  const callBody = Type.Object({ message: Type.String(), data: ref(Call) })

  app.post(
    '/inbound-calls',
    { config: { entity: 'Phone number' }, schema: { body: InboundCallInput, response: { 201: callBody } } },
    async (request, reply) => {
      const call = simulator.receiveInbound(request.workspace, request.body)
      return reply.code(201).send({ message: 'Inbound call started', data: simulator.view(call) })
    },
  )

  app.post(
    '/calls/:id/say',
    { config, schema: { params: IdParams, body: SayInput, response: { 200: callBody } } },
    async (request) => {
      const call = simulator.say(request.workspace, request.params.id, request.body.role, request.body.text)
      return { message: 'Line added', data: simulator.view(call) }
    },
  )

  app.post(
    '/calls/:id/tool-calls',
    {
      config,
      schema: {
        params: IdParams,
        body: ToolCallsInput,
        response: {
          200: Type.Object({
            data: Type.Object({
              results: Type.Array(Type.Object({ toolCallId: Type.String(), result: Type.String() })),
            }),
          }),
        },
      },
    },
    async (request) => ({
      data: { results: await simulator.toolCalls(request.workspace, request.params.id, request.body.tasks) },
    }),
  )

  app.post(
    '/calls/:id/end',
    {
      config,
      schema: { params: IdParams, body: EndCallInput, response: { 200: callBody } },
      // The body is optional: no body ends the call with the defaults.
      preValidation: async (request) => {
        request.body ??= {}
      },
    },
    async (request) => {
      const call = simulator.end(
        request.workspace,
        request.params.id,
        request.body.reason,
        request.body.debugging_artifact,
      )
      return { message: 'Call ended', data: simulator.view(call) }
    },
  )

  app.get('/webhook-deliveries', { schema: { querystring: DeliveryQuery } }, listHandler(deliveries.log))

  app.post(
    '/webhook-deliveries/:id/redeliver',
    { config: { entity: 'Webhook delivery' }, schema: { params: Type.Object({ id: Type.String() }) } },
    async (request) => {
      const attemptId = await dispatcher.redeliver(request.workspace, request.params.id)
      return { message: 'Webhook redelivered', data: deliveries.entry(request.workspace, attemptId) }
    },
  )
}
