// Assistenten — assistants (endpoints.md § 1; the phone-number links come with phone numbers).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  Assistant,
  AssistantCreateInput,
  AssistantListQuery,
  AssistantPhoneNumberLink,
  AssistantUpdateInput,
  LinkedPhoneNumber,
  PhoneNumberLinked,
  PhoneNumberUnlinked,
} from '../../schemas/assistants.js'
import {
  ChangeEnvelope,
  DataEnvelope,
  IdParams,
  ListEnvelope,
  PageQuery,
  SuccessMessage,
  ref,
} from '../../schemas/common.js'
import { listBody, pageOf, responses } from './shared.js'

export const assistantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { assistants, links } = app.services
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
      schema: {
        ...common,
        summary: 'Assistent ophalen',
        params: IdParams,
        response: responses({ 200: DataEnvelope(ref(Assistant)) }),
      },
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
        description:
          'Replaces every writable field: fields not sent go back to their default or null. `name` is required.',
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
      schema: {
        ...common,
        summary: 'Assistent verwijderen',
        params: IdParams,
        response: responses({ 200: ref(SuccessMessage) }),
      },
    },
    async (request) => {
      assistants.remove(request.workspace, request.params.id)
      return { message: 'Assistant deleted' }
    },
  )

  app.get(
    '/assistants/:id/phone-number',
    {
      config,
      schema: {
        ...common,
        summary: 'Gekoppeld telefoonnummer ophalen',
        description: 'No number linked is not an error: `phone_number` is null.',
        params: IdParams,
        response: responses({ 200: DataEnvelope(ref(LinkedPhoneNumber)) }),
      },
    },
    async (request) => ({ data: links.linked(request.workspace, request.params.id) }),
  )

  app.post(
    '/assistants/:id/phone-number',
    {
      config,
      schema: {
        ...common,
        summary: 'Telefoonnummer koppelen aan assistent',
        description:
          'Links a number; a number the assistant had is unlinked first. The shared default number moves from ' +
          'whichever other assistant had it (`released_assistants`).',
        params: IdParams,
        body: ref(AssistantPhoneNumberLink),
        response: responses({ 200: ChangeEnvelope(ref(PhoneNumberLinked)) }),
      },
    },
    async (request) => ({
      message: 'Phone number linked successfully',
      data: links.link(request.workspace, request.params.id, request.body.phone_number_id),
    }),
  )

  app.delete(
    '/assistants/:id/phone-number',
    {
      config,
      schema: {
        ...common,
        summary: 'Telefoonnummer ontkoppelen van assistent',
        params: IdParams,
        response: responses({ 200: ChangeEnvelope(ref(PhoneNumberUnlinked)) }),
      },
    },
    async (request) => ({
      message: 'Phone number unlinked successfully',
      data: links.unlink(request.workspace, request.params.id),
    }),
  )
}
