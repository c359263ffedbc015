// The inspector page (/_mock/ui) marks its own requests with `X-Mock-Inspector`: looking at a
// workspace must not change what the app under test sees, so they stay out of the request journal
// (and its stream events), fault rules and the rate limit.
import type { FastifyRequest } from 'fastify'

export const inspectorHeader = 'x-mock-inspector'

export const isInspectorRequest = (request: FastifyRequest) => request.headers[inspectorHeader] !== undefined
