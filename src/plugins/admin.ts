// --admin-token: the control plane also needs `X-Mock-Admin: <token>`.
import fp from 'fastify-plugin'
import { timingSafeEqual } from 'node:crypto'
import { ApiError } from '../errors.js'

export const adminToken = fp<{ token: string }>(async (app, { token }) => {
  const expected = Buffer.from(token)
  app.addHook('onRequest', async (request) => {
    const given = Buffer.from(String(request.headers['x-mock-admin'] ?? ''))
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError('unauthorized', 'The control plane needs the header X-Mock-Admin with the admin token')
    }
  })
})
