// Records every /v1 request of a workspace in the request journal, with what it answered.
import fp from 'fastify-plugin'
import { pathOf } from '../url.js'

export const requestJournal = fp(async (app) => {
  const { journal, clocks } = app.services
  // One callback-style hook, when the answer is ready to go: each hook stage and promise is a
  // measurable share of a request this small.
  app.addHook('onSend', (request, reply, payload, done) => {
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
        responseBody:
          typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? `<${payload.length} bytes>` : '',
      })
    }
    done(null, payload)
  })
})
