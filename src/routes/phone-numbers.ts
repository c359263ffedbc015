// Telefoonnummers — phone numbers, the numbers available to order, and ordering (endpoints.md § 4).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DataEnvelope, PageQuery, PaginationMeta, ref } from '../../schemas/common.js'
import {
  AvailableNumbersMeta,
  AvailablePhoneNumber,
  AvailableQuery,
  LegacyAvailableQuery,
  PhoneNumber,
  PhoneNumberListQuery,
  PhoneNumberOrderInput,
  PhoneNumberOrderResponse,
  SharedNumber,
} from '../../schemas/phone-numbers.js'
import { ApiError, invalidParameter } from '../errors.js'
import { findAvailable } from '../phone-numbers/available.js'
import { localityOf } from '../phone-numbers/inventory.js'
import { listBody, pageOf, resourceRoutes, responses } from './shared.js'

export const phoneNumberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { numbers, orders, groups } = app.services
  const route = resourceRoutes('Phone number', 'Telefoonnummers')
  const availableList = Type.Array(ref(AvailablePhoneNumber))

  app.get(
    '/phone-numbers',
    route('Telefoonnummers ophalen', {
      description:
        'The numbers of this workspace; the shared default number only under `shared_numbers` with `include_default=true`.',
      querystring: Type.Object({ ...PageQuery(50, 100), ...PhoneNumberListQuery.properties }),
      response: responses(
        {
          200: Type.Object({
            data: Type.Array(ref(PhoneNumber)),
            shared_numbers: Type.Optional(Type.Array(ref(SharedNumber))),
            meta: ref(PaginationMeta),
          }),
        },
        [400],
      ),
    }),
    async (request) => {
      const page = pageOf(request.query)
      const body = listBody(numbers.list(request.workspace, page), page)
      return request.query.include_default
        ? { data: body.data, shared_numbers: numbers.shared(request.workspace), meta: body.meta }
        : body
    },
  )

  app.post(
    '/phone-numbers',
    route('Telefoonnummer bestellen', {
      description: 'Orders a number from the inventory for 10 credits. The order completes on the mock clock.',
      body: ref(PhoneNumberOrderInput),
      response: responses({ 201: ref(PhoneNumberOrderResponse) }, [400, 402, 404]),
    }),
    async (request, reply) => {
      const { phone_number, number_type = 'national', verification_group_id } = request.body
      const data = groups.placeOrder(request.workspace, phone_number, number_type, verification_group_id)
      return reply.code(201).send({ message: 'Phone number ordered', data })
    },
  )

  app.get(
    '/phone-numbers/available',
    route('Beschikbare nummers ophalen (national/mobile)', {
      description:
        'Local (geographic) numbers are listed per verification group: GET /verification-groups/{id}/available-phone-numbers.',
      querystring: Type.Object({ ...AvailableQuery.properties, limit: PageQuery(20, 50).limit }),
      response: responses({ 200: Type.Object({ data: availableList, meta: ref(AvailableNumbersMeta) }) }, [400]),
    }),
    async (request) => {
      const { number_type = 'national', query, limit } = request.query
      if (number_type === 'local') {
        throw new ApiError(
          'invalid_parameters',
          'Local numbers need a verification group: use GET /v1/verification-groups/{id}/available-phone-numbers',
          { field: 'number_type', reason: 'local numbers are listed per verification group' },
        )
      }
      const { data, total } = findAvailable(orders.taken(request.workspace), { number_type, query, limit: limit! })
      return { data, meta: { total_results: total, number_type, requires_verification: false } }
    },
  )

  app.get('/phone-numbers/:id', route.read('Telefoonnummer ophalen', DataEnvelope(ref(PhoneNumber)), numbers.get))

  app.delete(
    '/phone-numbers/:id',
    route.remove('Telefoonnummer verwijderen', 'Phone number deleted', numbers.remove, {
      description:
        'Unlinks the number and returns it to the inventory. The shared default number cannot be deleted (403).',
      errors: [400, 403, 404],
    }),
  )

  app.get(
    '/available-phone-numbers',
    route('Beschikbare nummers ophalen (legacy)', {
      description: 'The older form, without meta. `local` needs `locality`.',
      querystring: Type.Object({ ...LegacyAvailableQuery.properties, limit: PageQuery(20, 50).limit }),
      response: responses({ 200: Type.Object({ data: availableList }) }, [400]),
    }),
    async (request) => {
      const { number_type = 'national', locality, limit } = request.query
      if (number_type === 'local' && locality === undefined) {
        throw invalidParameter('locality', 'is required for local numbers')
      }
      // `locality` narrows local numbers only; an unknown city has none.
      const wanted = number_type === 'local' ? (localityOf(locality!) ?? '') : undefined
      return {
        data: findAvailable(orders.taken(request.workspace), { number_type, locality: wanted, limit: limit! }).data,
      }
    },
  )
}
