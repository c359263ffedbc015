// Records every /v1 request of a workspace in the request journal, with what it answered.
import fp from 'fastify-plugin'
import { pathOf } from '../url.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The body sent back, kept for the journal. */
    sentPayload?: string
  }
}

export const requestJournal = fp(async (app) => {
  const { journal, clocks } = app.services
  // Callback-style hooks: no promise per request on the API's hot path.
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (typeof payload === 'string') request.sentPayload = payload
    else if (Buffer.isBuffer(payload)) request.sentPayload = `<${payload.length} bytes>`
    done(null, payload)
  })
  app.addHook('onResponse', (request, reply, done) => {
    // A request refused before a workspace was known (401) belongs to no journal.
    if (request.workspace) {
      journal.add(request.workspace.id, {
        at: clocks.now(request.workspace),
        method: request.method,
        path: pathOf(request.url),
        query: request.query as Record<string, unknown>,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 100) / 100,
        requestHeaders: request.headers,
        requestBody: request.body,
        responseBody: request.sentPayload ?? '',
      })
    }
    done()
  })
})
