// --rate-limit N: at most N requests a minute per API key on /v1, answered beyond that with 429
// rate_limit_exceeded and the X-RateLimit-* and Retry-After headers. Counted per workspace (the
// key as authentication parsed it), so `bearer k1` and `Bearer  k1` share the budget of `Bearer k1`.
import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { ApiError } from '../errors.js'
import { isInspectorRequest } from './inspector-requests.js'

export const rateLimiting = fp<{ max: number }>(async (app, { max }) => {
  await app.register(rateLimit, {
    max,
    timeWindow: 60_000,
    keyGenerator: (request) => request.workspace?.id ?? request.ip,
    allowList: isInspectorRequest,
    errorResponseBuilder: (_request, context) =>
      new ApiError('rate_limit_exceeded', `Too many requests: at most ${context.max} a minute per API key`, {
        limit: context.max,
        retry_after_seconds: Math.ceil(context.ttl / 1000),
      }),
  })
})
