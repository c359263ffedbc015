import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Static } from 'typebox'
import { Health } from '../../schemas/mock.js'
import { packageVersion } from '../package.js'

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const startedAt = performance.now()
  // No response schema: its serializer would be compiled on the first request, together with every
  // shared schema (~30 ms), and a start-up probe waits on that request. JSON.stringify writes the
  // same body.
  app.get(
    '/health',
    async () =>
      ({
        status: 'ok',
        version: packageVersion,
        uptime_seconds: Math.round((performance.now() - startedAt) / 100) / 10,
      }) satisfies Static<typeof Health>,
  )
}
