// GET /_mock/events: the caller's workspace as Server-Sent Events (mock-control.md § Watching and
// driving it live). Written straight to the socket: the hub hands each event over as one frame,
// serialized once for all readers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ServerResponse } from 'node:http'
import { Type } from 'typebox'
import { invalidParameter } from '../errors.js'

/** How long a reader's EventSource waits before reconnecting after it was cut off. */
const retryMs = 1000

const EventsHeaders = Type.Object({ 'last-event-id': Type.Optional(Type.String({ maxLength: 20 })) })

export const eventControl: FastifyPluginAsyncTypebox = async (app) => {
  const { events, streamOptions } = app.services
  const open = new Set<ServerResponse>()
  // An open stream never ends by itself: closing the server ends them first.
  app.addHook('preClose', (done) => {
    for (const response of open) response.end()
    done()
  })

  app.get('/events', { schema: { headers: EventsHeaders } }, (request, reply) => {
    const lastEventId = request.headers['last-event-id']
    if (lastEventId !== undefined && !/^\d+$/.test(lastEventId)) {
      throw invalidParameter('Last-Event-ID', 'is not an event id given by this stream')
    }
    reply.hijack()
    const response = reply.raw
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies would otherwise hold events back in their buffer
      'x-accel-buffering': 'no',
    })
    open.add(response)
    const write = (text: string) => {
      if (response.destroyed) return
      response.write(text)
      // Past the buffer the reader is cut off; it reconnects with Last-Event-ID.
      if (response.writableLength > streamOptions.maxBufferBytes) response.destroy()
    }
    write(`retry: ${retryMs}\n: flireo-mock events of this workspace\n\n`)
    const unsubscribe = events.subscribe(
      request.workspace.id,
      (stored) => write(stored.frame),
      lastEventId === undefined ? undefined : Number(lastEventId),
    )
    const keepAlive = setInterval(() => write(': keep-alive\n\n'), streamOptions.keepAliveMs)
    keepAlive.unref()
    response.on('close', () => {
      clearInterval(keepAlive)
      unsubscribe()
      open.delete(response)
    })
  })
}
