// The generated OpenAPI 3.1 document of the /v1 API (/openapi.json) and Swagger UI (/docs).
// Components are named by the schemas' $id, i.e. by Flireo's schema names.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { packageVersion } from '../package.js'
import { describeOperations } from './operations.js'
import { openApiWebhooks } from '../../schemas/webhooks.js'

export async function registerDocs(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Flireo AI API (flireo-mock)',
        version: packageVersion,
        description:
          'The Flireo AI REST API as served by flireo-mock. Every request needs `Authorization: Bearer <api key>`; ' +
          'each key is its own workspace.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // Relative: the mock that serves this document, on whatever port it listens (4010 by default).
      servers: [{ url: '/', description: 'The flireo-mock that serves this document' }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
      webhooks: openApiWebhooks(),
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    // Only Flireo's API is documented; /health, /docs and the /_mock control plane are not.
    // A multipart route reads its parts itself, so its form is shown here rather than validated.
    transform: ({ schema, url, route }) => {
      if (!url.startsWith('/v1/')) return { schema: { ...schema, hide: true }, url }
      const form = route.config?.multipartForm
      return { schema: form ? { ...schema, body: form } : schema, url }
    },
    // operationIds, response descriptions and path parameters as src/plugins/operations.ts says.
    transformObject: (document) =>
      'openapiObject' in document ? describeOperations(document.openapiObject) : document.swaggerObject,
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
