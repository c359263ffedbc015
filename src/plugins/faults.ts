// Applies the workspace's fault rules to /v1 requests before they reach a handler, so a faulted
// request changes nothing. It runs once the body is read (the journal records it) but before it
// is validated (a fault applies to any request that matches).
import fp from 'fastify-plugin'
import { isInspectorRequest } from './inspector-requests.js'

export const faultInjection = fp(async (app) => {
  const { faults } = app.services
  app.addHook('preValidation', (request, _reply, done) => {
    if (isInspectorRequest(request)) return done()
    const fault = faults.apply(request.workspace.id, request.method, request.url)
    if (!fault) return done()
    const answer = () => (fault.error ? done(fault.error) : done())
    // A delay is wall time (it slows the client down), not mock-clock time.
    if (fault.delayMs > 0) setTimeout(answer, fault.delayMs)
    else answer()
  })
})
