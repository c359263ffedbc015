// Records every /v1 request of a workspace in the request journal, with what it answered, and
// publishes it on the workspace's event stream (a `request` event).
import fp from 'fastify-plugin'
import { formatTime } from '../time.js'
import { pathOf } from '../url.js'
import { isInspectorRequest } from './inspector-requests.js'

export const requestJournal = fp(async (app) => {
  const { journal, clocks, events } = app.services
  // One callback-style hook, when the answer is ready to go: each hook stage and promise is a
  // measurable share of a request this small.
  app.addHook('onSend', (request, reply, payload, done) => {
    // A request refused before a workspace was known (401) belongs to no journal.
    if (request.workspace && !isInspectorRequest(request)) {
      const at = clocks.now(request.workspace)
      const entry = {
        method: request.method,
        path: pathOf(request.url),
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 100) / 100,
      }
      journal.add(request.workspace.id, {
        ...entry,
        at,
        query: request.query as Record<string, unknown>,
        requestHeaders: request.headers,
        requestBody: request.body,
        responseBody:
          typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? `<${payload.length} bytes>` : '',
      })
      events.publish(request.workspace.id, formatTime(at), { type: 'request', data: entry })
    }
    done(null, payload)
  })
})
