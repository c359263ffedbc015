// Assistenten — assistants (endpoints.md § 1; the phone-number links come with phone numbers).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  Assistant,
  AssistantCreateInput,
  AssistantListQuery,
  AssistantUpdateInput,
} from '../../schemas/assistants.js'
import { ChangeEnvelope, DataEnvelope, IdParams, ListEnvelope, PageQuery, SuccessMessage, ref } from '../../schemas/common.js'
import { listBody, pageOf, responses } from './shared.js'

export const assistantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { assistants } = app.services
  const common = { tags: ['Assistenten'] }
  const config = { entity: 'Assistant' }
  const changed = responses({ 200: ChangeEnvelope(ref(Assistant)) })

  app.get(
    '/assistants',
    {
      config,
      schema: {
        ...common,
        summary: 'Alle assistenten ophalen',
        querystring: Type.Object({ ...PageQuery(), ...AssistantListQuery.properties }),
        response: responses({ 200: ListEnvelope(ref(Assistant)) }, [400]),
      },
    },
    async (request) => {
      const page = pageOf(request.query)
      return listBody(assistants.list(request.workspace, { ...request.query, ...page }), page)
    },
  )

  app.post(
    '/assistants',
    {
      config,
      schema: {
        ...common,
        summary: 'Nieuwe assistent aanmaken',
        body: ref(AssistantCreateInput),
        response: responses({ 201: ChangeEnvelope(ref(Assistant)) }, [400]),
      },
    },
    async (request, reply) =>
      reply.code(201).send({ message: 'Assistant created', data: assistants.create(request.workspace, request.body) }),
  )

  app.get(
    '/assistants/:id',
    {
      config,
      schema: { ...common, summary: 'Assistent ophalen', params: IdParams, response: responses({ 200: DataEnvelope(ref(Assistant)) }) },
    },
    async (request) => ({ data: assistants.get(request.workspace, request.params.id) }),
  )

  app.put(
    '/assistants/:id',
    {
      config,
      schema: {
        ...common,
        summary: 'Assistent volledig bijwerken',
        description: 'Replaces every writable field: fields not sent go back to their default or null. `name` is required.',
        params: IdParams,
        body: ref(AssistantUpdateInput),
        response: changed,
      },
    },
    async (request) => ({
      message: 'Assistant updated',
      data: assistants.update(request.workspace, request.params.id, request.body, 'replace'),
    }),
  )

  app.patch(
    '/assistants/:id',
    {
      config,
      schema: {
        ...common,
        summary: 'Assistent gedeeltelijk bijwerken',
        description: 'Changes only the fields sent.',
        params: IdParams,
        body: ref(AssistantUpdateInput),
        response: changed,
      },
    },
    async (request) => ({
      message: 'Assistant updated',
      data: assistants.update(request.workspace, request.params.id, request.body, 'merge'),
    }),
  )

  app.delete(
    '/assistants/:id',
    {
      config,
      schema: { ...common, summary: 'Assistent verwijderen', params: IdParams, response: responses({ 200: ref(SuccessMessage) }) },
    },
    async (request) => {
      assistants.remove(request.workspace, request.params.id)
      return { message: 'Assistant deleted' }
    },
  )
}
