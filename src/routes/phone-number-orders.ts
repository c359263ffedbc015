// Nummerbestellingen — number orders (endpoints.md § 4).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DataEnvelope, ref } from '../../schemas/common.js'
import { OrderListQuery, PhoneNumberOrder, PhoneNumberOrderDetail } from '../../schemas/phone-numbers.js'
import { listHandler, resourceRoutes } from './shared.js'

export const phoneNumberOrderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { orders } = app.services
  const route = resourceRoutes('Phone number order', 'Telefoonnummers')

  app.get(
    '/phone-number-orders',
    route.list('Nummerbestellingen ophalen', OrderListQuery, ref(PhoneNumberOrder), listHandler(orders.list)),
  )

  app.get(
    '/phone-number-orders/:id',
    route.read('Bestelling ophalen', DataEnvelope(ref(PhoneNumberOrderDetail)), orders.get),
  )
}
