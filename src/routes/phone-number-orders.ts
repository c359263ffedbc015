// Nummerbestellingen — number orders (endpoints.md § 4).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DataEnvelope, IdParams, ListEnvelope, PageQuery, ref } from '../../schemas/common.js'
import { OrderListQuery, PhoneNumberOrder, PhoneNumberOrderDetail } from '../../schemas/phone-numbers.js'
import { listBody, pageOf, responses } from './shared.js'

export const phoneNumberOrderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { orders } = app.services
  const common = { tags: ['Telefoonnummers'] }
  const config = { entity: 'Phone number order' }

  app.get(
    '/phone-number-orders',
    {
      config,
      schema: {
        ...common,
        summary: 'Nummerbestellingen ophalen',
        querystring: Type.Object({ ...PageQuery(), ...OrderListQuery.properties }),
        response: responses({ 200: ListEnvelope(ref(PhoneNumberOrder)) }, [400]),
      },
    },
    async (request) => {
      const page = pageOf(request.query)
      return listBody(orders.list(request.workspace, { ...request.query, ...page }), page)
    },
  )

  app.get(
    '/phone-number-orders/:id',
    {
      config,
      schema: {
        ...common,
        summary: 'Bestelling ophalen',
        params: IdParams,
        response: responses({ 200: DataEnvelope(ref(PhoneNumberOrderDetail)) }),
      },
    },
    async (request) => ({ data: orders.get(request.workspace, request.params.id) }),
  )
}
