// Call recordings: GET /_mock/recordings/{call id}.wav?token=... — no API key, the signed token
// is the authorization, as with Flireo's recording links.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ApiError } from '../errors.js'
import { validToken, wavFile } from '../calls/recording.js'

export const recordingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { calls, workspaces, recordingSecret } = app.services
  const notFound = () => new ApiError('not_found', 'Recording not found')

  app.get(
    '/_mock/recordings/:file',
    {
      schema: {
        params: Type.Object({ file: Type.String({ pattern: '^[0-9a-f-]{36}\\.wav$' }) }),
        querystring: Type.Object({ token: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const callId = request.params.file.slice(0, -'.wav'.length)
      if (!validToken(recordingSecret, callId, request.query.token ?? '')) throw notFound()
      const workspace = workspaces.byId(calls.workspaceOf(callId) ?? '')
      const call = workspace && calls.maybe(workspace, callId)
      if (!call?.recording_url) throw notFound()
      return reply.type('audio/wav').send(wavFile(call.duration_seconds ?? 0))
    },
  )
}
