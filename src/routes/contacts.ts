// Contacten — contacts (endpoints.md § 3). Contacts are answered bare, without `data`.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ref } from '../../schemas/common.js'
import {
  Contact,
  ContactCreateInput,
  ContactDetail,
  ContactListQuery,
  ContactReplaceInput,
  ContactUpdateInput,
} from '../../schemas/contacts.js'
import { listHandler, resourceRoutes, responses } from './shared.js'

export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { contacts } = app.services
  const route = resourceRoutes('Contact', 'Contacten')

  app.get('/contacts', route.list('Contacten ophalen', ContactListQuery, ref(Contact), listHandler(contacts.list)))

  app.post(
    '/contacts',
    route('Nieuw contact aanmaken', {
      body: ref(ContactCreateInput),
      response: responses({ 201: ref(Contact) }, [400]),
    }),
    async (request, reply) => reply.code(201).send(contacts.create(request.workspace, request.body)),
  )

  app.get('/contacts/:id', route.one('Contact ophalen', ref(ContactDetail)), async (request) =>
    contacts.detail(request.workspace, request.params.id),
  )

  app.put(
    '/contacts/:id',
    route.one('Contact volledig bijwerken', ref(Contact), {
      description: 'Replaces every field of the contact. Fields that are not sent are set to null.',
      body: ref(ContactReplaceInput),
    }),
    async (request) => contacts.replace(request.workspace, request.params.id, request.body),
  )

  app.patch(
    '/contacts/:id',
    route.one('Contact gedeeltelijk bijwerken', ref(Contact), {
      description: 'Changes only the fields sent; `logs` is merged per key (a key sent as null is removed).',
      body: ref(ContactUpdateInput),
    }),
    async (request) => contacts.patch(request.workspace, request.params.id, request.body),
  )

  app.delete('/contacts/:id', route.remove('Contact verwijderen', 'Contact deleted', contacts.remove))
}
