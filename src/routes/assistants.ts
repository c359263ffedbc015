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
import { ChangeEnvelope, DataEnvelope, ref } from '../../schemas/common.js'
import { listHandler, resourceRoutes, responses } from './shared.js'

export const assistantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { assistants, links } = app.services
  const route = resourceRoutes('Assistant', 'Assistenten')
  const changed = ChangeEnvelope(ref(Assistant))

  app.get(
    '/assistants',
    route.list('Alle assistenten ophalen', AssistantListQuery, ref(Assistant), listHandler(assistants.list)),
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

  app.get('/assistants/:id', route.read('Assistent ophalen', DataEnvelope(ref(Assistant)), assistants.get))

  app.put(
    '/assistants/:id',
    route.change('Assistent volledig bijwerken', changed, 'Assistant updated', assistants.replace, {
      description:
        'Replaces every writable field: fields not sent go back to their default or null. `name` is required.',
      body: ref(AssistantUpdateInput),
    }),
  )

  app.patch(
    '/assistants/:id',
    route.change('Assistent gedeeltelijk bijwerken', changed, 'Assistant updated', assistants.patch, {
      description: 'Changes only the fields sent.',
      body: ref(AssistantUpdateInput),
    }),
  )

  app.delete('/assistants/:id', route.remove('Assistent verwijderen', 'Assistant deleted', assistants.remove))

  app.get(
    '/assistants/:id/phone-number',
    route.read('Gekoppeld telefoonnummer ophalen', DataEnvelope(ref(LinkedPhoneNumber)), links.linked, {
      description: 'No number linked is not an error: `phone_number` is null.',
    }),
  )

  app.post(
    '/assistants/:id/phone-number',
    route.one('Telefoonnummer koppelen aan assistent', ChangeEnvelope(ref(PhoneNumberLinked)), {
      description:
        'Links a number; a number the assistant had is unlinked first. The shared default number moves from ' +
        'whichever other assistant had it (`released_assistants`).',
      body: ref(AssistantPhoneNumberLink),
    }),
    async (request) => ({
      message: 'Phone number linked successfully',
      data: links.link(request.workspace, request.params.id, request.body.phone_number_id),
    }),
  )

  app.delete(
    '/assistants/:id/phone-number',
    route.change(
      'Telefoonnummer ontkoppelen van assistent',
      ChangeEnvelope(ref(PhoneNumberUnlinked)),
      'Phone number unlinked successfully',
      links.unlink,
    ),
  )
}
