// Contacten — contacts (endpoints.md § 3). Contacts are answered bare, without `data`.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParams, ListEnvelope, SuccessMessage, ref } from '../../schemas/common.js'
import {
  Contact,
  ContactCreateInput,
  ContactDetail,
  ContactListQuery,
  ContactUpdateInput,
} from '../../schemas/contacts.js'
import { listHandler, listQuery, resourceRoutes, responses } from './shared.js'

export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { contacts } = app.services
  const route = resourceRoutes('Contact', 'Contacten')

  app.get(
    '/contacts',
    route('Contacten ophalen', {
      querystring: listQuery(ContactListQuery),
      response: responses({ 200: ListEnvelope(ref(Contact)) }, [400]),
    }),
    listHandler(contacts.list),
  )

  app.post(
    '/contacts',
    route('Nieuw contact aanmaken', {
      body: ref(ContactCreateInput),
      response: responses({ 201: ref(Contact) }, [400]),
    }),
    async (request, reply) => reply.code(201).send(contacts.create(request.workspace, request.body)),
  )

  app.get(
    '/contacts/:id',
    route('Contact ophalen', {
      params: IdParams,
      response: responses({ 200: ref(ContactDetail) }),
    }),
    async (request) => contacts.detail(request.workspace, request.params.id),
  )

  app.put(
    '/contacts/:id',
    route('Contact volledig bijwerken', {
      description: 'Replaces every field of the contact. Fields that are not sent are set to null.',
      params: IdParams,
      body: ref(ContactUpdateInput),
      response: responses({ 200: ref(Contact) }),
    }),
    async (request) => contacts.update(request.workspace, request.params.id, request.body, 'replace'),
  )

  app.patch(
    '/contacts/:id',
    route('Contact gedeeltelijk bijwerken', {
      description: 'Changes only the fields sent; `logs` is merged per key (a key sent as null is removed).',
      params: IdParams,
      body: ref(ContactUpdateInput),
      response: responses({ 200: ref(Contact) }),
    }),
    async (request) => contacts.update(request.workspace, request.params.id, request.body, 'merge'),
  )

  app.delete(
    '/contacts/:id',
    route('Contact verwijderen', {
      params: IdParams,
      response: responses({ 200: ref(SuccessMessage) }),
    }),
    async (request) => {
      contacts.remove(request.workspace, request.params.id)
      return { message: 'Contact deleted' }
    },
  )
}
