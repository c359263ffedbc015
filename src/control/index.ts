// /_mock — the control plane (mock-control.md). Every call acts on the workspace of the caller's
// API key.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { callControl } from './calls.js'
import { clockControl } from './clock.js'
import { eventControl } from './events.js'
import { numberControl } from './numbers.js'
import { observeControl } from './observe.js'
import { workspaceControl } from './workspace.js'

export const controlRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(workspaceControl)
  await app.register(clockControl)
  await app.register(numberControl)
  await app.register(callControl)
  await app.register(observeControl)
  await app.register(eventControl)
}
