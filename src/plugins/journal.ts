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
      const path = pathOf(request.url)
      const status = reply.statusCode
      const duration_ms = Math.round(reply.elapsedTime * 100) / 100
      const length = request.headers['content-length']
      journal.add(request.workspace.id, {
        at,
        method: request.method,
        path,
        query: request.query as Record<string, unknown>,
        status,
        duration_ms,
        requestHeaders: request.headers,
        requestBody: request.body,
        requestBytes: length === undefined ? undefined : Number(length),
        responseBody:
          typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? `<${payload.length} bytes>` : '',
      })
      const data = { method: request.method, path, status, duration_ms }
      events.publish(request.workspace.id, formatTime(at), { type: 'request', data })
    }
    done(null, payload)
  })
})
