// /_mock — the control plane (mock-control.md). Every call acts on the workspace of the caller's
// API key.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { callControl } from './calls.js'
import { clockControl } from './clock.js'
import { eventControl } from './events.js'
import { numberControl } from './numbers.js'
import { observeControl } from './observe.js'
import { workspaceControl } from './workspace.js'

const controls = [workspaceControl, clockControl, numberControl, callControl, observeControl, eventControl]

export const controlRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const control of controls) await app.register(control)
}
