// The ceiling of this machine: a bare Fastify server (the project's own fastify) with one route
// returning a small JSON object. Usage: node bench/hello-server.mjs <port>
import Fastify from 'fastify'

const app = Fastify()
app.get('/hello', async () => ({ hello: 'world' }))
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' })
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
