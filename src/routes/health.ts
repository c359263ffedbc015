import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Health } from '../../schemas/mock.js'
import { packageVersion } from '../package.js'

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const startedAt = performance.now()
  app.get('/health', { schema: { response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
    version: packageVersion,
    uptime_seconds: Math.round((performance.now() - startedAt) / 100) / 10,
  }))
}
