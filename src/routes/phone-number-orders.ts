// Nummerbestellingen — number orders (endpoints.md § 4).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DataEnvelope, IdParams, ListEnvelope, ref } from '../../schemas/common.js'
import { OrderListQuery, PhoneNumberOrder, PhoneNumberOrderDetail } from '../../schemas/phone-numbers.js'
import { listHandler, listQuery, resourceRoutes, responses } from './shared.js'

export const phoneNumberOrderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { orders } = app.services
  const route = resourceRoutes('Phone number order', 'Telefoonnummers')

  app.get(
    '/phone-number-orders',
    route('Nummerbestellingen ophalen', {
      querystring: listQuery(OrderListQuery),
      response: responses({ 200: ListEnvelope(ref(PhoneNumberOrder)) }, [400]),
    }),
    listHandler(orders.list),
  )

  app.get(
    '/phone-number-orders/:id',
    route('Bestelling ophalen', {
      params: IdParams,
      response: responses({ 200: DataEnvelope(PhoneNumberOrderDetail) }),
    }),
    async (request) => ({ data: orders.get(request.workspace, request.params.id) }),
  )
}
