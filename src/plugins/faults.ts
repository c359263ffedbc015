// Applies the workspace's fault rules to /v1 requests before they reach a handler, so a faulted
// request changes nothing. It runs once the body is read (the journal records it) but before it
// is validated (a fault applies to any request that matches).
import fp from 'fastify-plugin'
import { setTimeout as sleep } from 'node:timers/promises'

export const faultInjection = fp(async (app) => {
  const { faults } = app.services
  app.addHook('preValidation', async (request) => {
    const fault = faults.apply(request.workspace.id, request.method, request.url.split('?')[0]!)
    if (!fault) return
    if (fault.delayMs > 0) await sleep(fault.delayMs)
    if (fault.error) throw fault.error
  })
})
