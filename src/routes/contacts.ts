// Contacten — contacts (endpoints.md § 3). Contacts are answered bare, without `data`.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParams, ListEnvelope, PageQuery, SuccessMessage, ref } from '../../schemas/common.js'
import {
  Contact,
  ContactCreateInput,
  ContactDetail,
  ContactListQuery,
  ContactUpdateInput,
} from '../../schemas/contacts.js'
import { listBody, pageOf, responses } from './shared.js'

export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { contacts } = app.services
  const common = { tags: ['Contacten'] }
  const config = { entity: 'Contact' }

  app.get(
    '/contacts',
    {
      config,
      schema: {
        ...common,
        summary: 'Contacten ophalen',
        querystring: Type.Object({ ...PageQuery(), ...ContactListQuery.properties }),
        response: responses({ 200: ListEnvelope(ref(Contact)) }, [400]),
      },
    },
    async (request) => {
      const page = pageOf(request.query)
      return listBody(contacts.list(request.workspace, { ...request.query, ...page }), page)
    },
  )

  app.post(
    '/contacts',
    {
      config,
      schema: {
        ...common,
        summary: 'Nieuw contact aanmaken',
        body: ref(ContactCreateInput),
        response: responses({ 201: ref(Contact) }, [400]),
      },
    },
    async (request, reply) => reply.code(201).send(contacts.create(request.workspace, request.body)),
  )

  app.get(
    '/contacts/:id',
    {
      config,
      schema: {
        ...common,
        summary: 'Contact ophalen',
        params: IdParams,
        response: responses({ 200: ref(ContactDetail) }),
      },
    },
    async (request) => contacts.detail(request.workspace, request.params.id),
  )

  app.put(
    '/contacts/:id',
    {
      config,
      schema: {
        ...common,
        summary: 'Contact volledig bijwerken',
        description: 'Replaces every field of the contact. Fields that are not sent are set to null.',
        params: IdParams,
        body: ref(ContactUpdateInput),
        response: responses({ 200: ref(Contact) }),
      },
    },
    async (request) => contacts.update(request.workspace, request.params.id, request.body, 'replace'),
  )

  app.patch(
    '/contacts/:id',
    {
      config,
      schema: {
        ...common,
        summary: 'Contact gedeeltelijk bijwerken',
        description: 'Changes only the fields sent; `logs` is merged per key (a key sent as null is removed).',
        params: IdParams,
        body: ref(ContactUpdateInput),
        response: responses({ 200: ref(Contact) }),
      },
    },
    async (request) => contacts.update(request.workspace, request.params.id, request.body, 'merge'),
  )

  app.delete(
    '/contacts/:id',
    {
      config,
      schema: {
        ...common,
        summary: 'Contact verwijderen',
        params: IdParams,
        response: responses({ 200: ref(SuccessMessage) }),
      },
    },
    async (request) => {
      contacts.remove(request.workspace, request.params.id)
      return { message: 'Contact deleted' }
    },
  )
}
