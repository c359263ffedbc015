// Assistenten — assistants (endpoints.md § 1; the phone-number links come with phone numbers).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
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
import { ChangeEnvelope, DataEnvelope, IdParams, ListEnvelope, SuccessMessage, ref } from '../../schemas/common.js'
import { listHandler, listQuery, resourceRoutes, responses } from './shared.js'

export const assistantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { assistants, links } = app.services
  const route = resourceRoutes('Assistant', 'Assistenten')
  const changed = responses({ 200: ChangeEnvelope(ref(Assistant)) })

  app.get(
    '/assistants',
    route('Alle assistenten ophalen', {
      querystring: listQuery(AssistantListQuery),
      response: responses({ 200: ListEnvelope(ref(Assistant)) }, [400]),
    }),
    listHandler(assistants.list),
  )

  app.post(
    '/assistants',
    route('Nieuwe assistent aanmaken', {
      body: ref(AssistantCreateInput),
      response: responses({ 201: ChangeEnvelope(ref(Assistant)) }, [400]),
    }),
    async (request, reply) =>
      reply.code(201).send({ message: 'Assistant created', data: assistants.create(request.workspace, request.body) }),
  )

  app.get(
    '/assistants/:id',
    route('Assistent ophalen', {
      params: IdParams,
      response: responses({ 200: DataEnvelope(ref(Assistant)) }),
    }),
    async (request) => ({ data: assistants.get(request.workspace, request.params.id) }),
  )

  app.put(
    '/assistants/:id',
    route('Assistent volledig bijwerken', {
      description:
        'Replaces every writable field: fields not sent go back to their default or null. `name` is required.',
      params: IdParams,
      body: ref(AssistantUpdateInput),
      response: changed,
    }),
    async (request) => ({
      message: 'Assistant updated',
      data: assistants.update(request.workspace, request.params.id, request.body, 'replace'),
    }),
  )

  app.patch(
    '/assistants/:id',
    route('Assistent gedeeltelijk bijwerken', {
      description: 'Changes only the fields sent.',
      params: IdParams,
      body: ref(AssistantUpdateInput),
      response: changed,
    }),
    async (request) => ({
      message: 'Assistant updated',
      data: assistants.update(request.workspace, request.params.id, request.body, 'merge'),
    }),
  )

  app.delete(
    '/assistants/:id',
    route('Assistent verwijderen', {
      params: IdParams,
      response: responses({ 200: ref(SuccessMessage) }),
    }),
    async (request) => {
      assistants.remove(request.workspace, request.params.id)
      return { message: 'Assistant deleted' }
    },
  )

  app.get(
    '/assistants/:id/phone-number',
    route('Gekoppeld telefoonnummer ophalen', {
      description: 'No number linked is not an error: `phone_number` is null.',
      params: IdParams,
      response: responses({ 200: DataEnvelope(LinkedPhoneNumber) }),
    }),
    async (request) => ({ data: links.linked(request.workspace, request.params.id) }),
  )

  app.post(
    '/assistants/:id/phone-number',
    route('Telefoonnummer koppelen aan assistent', {
      description:
        'Links a number; a number the assistant had is unlinked first. The shared default number moves from ' +
        'whichever other assistant had it (`released_assistants`).',
      params: IdParams,
      body: ref(AssistantPhoneNumberLink),
      response: responses({ 200: ChangeEnvelope(PhoneNumberLinked) }),
    }),
    async (request) => ({
      message: 'Phone number linked successfully',
      data: links.link(request.workspace, request.params.id, request.body.phone_number_id),
    }),
  )

  app.delete(
    '/assistants/:id/phone-number',
    route('Telefoonnummer ontkoppelen van assistent', {
      params: IdParams,
      response: responses({ 200: ChangeEnvelope(PhoneNumberUnlinked) }),
    }),
    async (request) => ({
      message: 'Phone number unlinked successfully',
      data: links.unlink(request.workspace, request.params.id),
    }),
  )
}
