// What the caller's workspace was sent and how it answered (the request journal), and the fault
// rules that make it answer otherwise.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { PageQuery, SuccessMessage } from '../../schemas/common.js'
import { FaultRule, FaultRuleInput } from '../../schemas/faults.js'
import { notFound } from '../errors.js'
import { listBody, pageOf } from '../routes/shared.js'

const JournalQuery = Type.Object({
  ...PageQuery(),
  method: Type.Optional(Type.String({ maxLength: 10 })),
  path: Type.Optional(Type.String({ maxLength: 500 })),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
})

export const observeControl: FastifyPluginAsyncTypebox = async (app) => {
  const { journal, faults } = app.services

  app.get('/requests', { schema: { querystring: JournalQuery } }, async (request) => {
    const page = pageOf(request.query)
    return listBody(journal.list(request.workspace.id, { ...request.query, ...page }), page)
  })

  app.delete('/requests', { schema: { response: { 200: SuccessMessage } } }, async (request) => {
    journal.clear(request.workspace.id)
    return { message: 'Request journal cleared' }
  })

  app.get(
    '/faults',
    { schema: { response: { 200: Type.Object({ data: Type.Array(FaultRule) }) } } },
    async (request) => ({
      data: faults.list(request.workspace.id),
    }),
  )

  app.post(
    '/faults',
    { schema: { body: FaultRuleInput, response: { 201: Type.Object({ message: Type.String(), data: FaultRule }) } } },
    async (request, reply) =>
      reply.code(201).send({ message: 'Fault rule added', data: faults.add(request.workspace.id, request.body) }),
  )

  app.delete('/faults', { schema: { response: { 200: SuccessMessage } } }, async (request) => {
    faults.clear(request.workspace.id)
    return { message: 'Fault rules cleared' }
  })

  app.delete(
    '/faults/:id',
    {
      config: { entity: 'Fault rule' },
      schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: SuccessMessage } },
    },
    async (request) => {
      if (!faults.remove(request.workspace.id, request.params.id)) throw notFound('Fault rule')
      return { message: 'Fault rule removed' }
    },
  )
}
