// buildApp(config): one Fastify instance with its own database, schemas, plugins and routes. No
// I/O at import time and no module-level state, so a test can build as many apps as it likes.
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { namedSchemas } from '../schemas/index.js'
import { defaultConfig, type Config } from './config.js'
import { answerClientError, ApiError, errorBody, handleError } from './errors.js'
import { createServices, type Injected, type Services } from './services.js'
import { compilersFactory } from './compilers.js'
import { jsonWithinDepth } from './json-depth.js'
import { pathOf } from './url.js'
import { registerDocs } from './plugins/docs.js'
import { workspaceAuth } from './plugins/workspace.js'
import { requestLog } from './plugins/request-log.js'
import { healthRoutes } from './routes/health.js'
import { assistantRoutes } from './routes/assistants.js'
import { contactRoutes } from './routes/contacts.js'
import { userRoutes } from './routes/user.js'
import { phoneNumberRoutes } from './routes/phone-numbers.js'
import { phoneNumberOrderRoutes } from './routes/phone-number-orders.js'
import { verificationGroupRoutes } from './routes/verification-groups.js'
import { callRoutes } from './routes/calls.js'
import { knowledgebaseRoutes } from './routes/knowledgebase.js'
import { recordingRoutes } from './routes/recordings.js'
import { scheduledCallRoutes } from './routes/scheduled-calls.js'
import { instantAgentRoutes } from './routes/instant-agents.js'
import { controlRoutes } from './control/index.js'
import { inspectorPage } from './control/inspector.js'
import { requestJournal } from './plugins/journal.js'
import { faultInjection } from './plugins/faults.js'
import { rateLimiting } from './plugins/rate-limit.js'
import { adminToken } from './plugins/admin.js'

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
  }
}

export type App = FastifyInstance

/** The /v1 API, one plugin per resource. */
const apiRoutes = [
  assistantRoutes,
  contactRoutes,
  phoneNumberRoutes,
  phoneNumberOrderRoutes,
  verificationGroupRoutes,
  callRoutes,
  knowledgebaseRoutes,
  scheduledCallRoutes,
  instantAgentRoutes,
  userRoutes,
]

export async function buildApp(overrides: Partial<Config> = {}, injected: Injected = {}) {
  const config: Config = { ...defaultConfig(), ...overrides }
  const app = Fastify({
    // Log lines go through process.stdout, which writes a pipe or file synchronously (on Linux):
    // nothing is left buffered for an exit-time flush, which retried a closed pipe (EPIPE) forever
    // and kept the process from exiting when whatever read the mock's output had gone.
    logger: { level: config.logLevel, stream: process.stdout },
    // requestLog writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // No pino child per request (it costs about a quarter of a bare request): the lines we log
    // per request carry their reqId themselves.
    childLoggerFactory: (logger) => logger,
    // Errors the router raises before any route runs, in the Flireo shape: a path parameter too
    // long to be an id names nothing that exists.
    frameworkErrors: (error, _request, reply) => {
      const apiError =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new ApiError('not_found', 'Resource not found')
          : new ApiError('invalid_parameters', 'The request URL is not valid', { field: 'url', reason: 'is malformed' })
      const answer = reply as FastifyReply
      answer.code(apiError.statusCode).send(errorBody(apiError.code, apiError.message, apiError.details))
    },
    // Closing ends every connection at once: a kept-alive one, and one that opened and sent nothing
    // or half a request (a browser's preconnect, a proxy's pool), which would hold close() open
    // until its headers time-out.
    forceCloseConnections: true,
    // ...and a request that arrives meanwhile is not answered with Fastify's own 503 body.
    return503OnClosing: false,
    // What Node's HTTP parser refuses never reaches the error handler.
    clientErrorHandler: answerClientError,
    schemaController: { compilersFactory: compilersFactory() },
  }).withTypeProvider<TypeBoxTypeProvider>()

  const services = createServices(config, app.log, injected)
  app.decorate('services', services)
  app.addHook('onReady', async () => services.start())
  app.addHook('onClose', async () => services.close())

  for (const schema of namedSchemas) app.addSchema(schema)
  // A body is JSON or nothing: text/plain gets the content-type error, not a string body.
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    jsonWithinDepth(app.getDefaultJsonParser('error', 'error')),
  )
  app.setErrorHandler(handleError)
  app.setNotFoundHandler((request, reply) => {
    const error = new ApiError('not_found', `Route ${request.method} ${pathOf(request.url)} not found`)
    return reply.code(404).send(errorBody(error.code, error.message))
  })
  if (!config.quiet) await app.register(requestLog)

  await registerDocs(app)
  await app.register(healthRoutes)
  await app.register(recordingRoutes)
  await app.register(
    async (v1) => {
      await v1.register(workspaceAuth)
      if (config.control) {
        await v1.register(requestJournal)
        await v1.register(faultInjection)
      }
      // After the key is known, so a refused request is in its journal too.
      if (config.rateLimit) await v1.register(rateLimiting, { max: config.rateLimit })
      for (const routes of apiRoutes) await v1.register(routes)
    },
    { prefix: '/v1' },
  )
  if (config.control) {
    // The page itself needs no key (it holds no data): outside the scope that checks one.
    await app.register(inspectorPage)
    await app.register(
      async (control) => {
        if (config.adminToken) await control.register(adminToken, { token: config.adminToken })
        await control.register(workspaceAuth)
        await control.register(controlRoutes)
      },
      { prefix: '/_mock' },
    )
  }
  return app
}
