// GET /_mock/ui: the inspector page (mock-control.md § Watching and driving it live), built by
// scripts/build-ui.mjs into dist/ui/index.html. The page holds no data, so it is served without a
// key; everything it shows comes from /v1 and /_mock with the key the person gives it.
import type { FastifyPluginAsync } from 'fastify'
import { readFile } from 'node:fs/promises'
import { ApiError } from '../errors.js'
import { packagePath } from '../package.js'

export const inspectorPath = '/_mock/ui'

export const inspectorPage: FastifyPluginAsync = async (app) => {
  app.get(inspectorPath, { schema: { hide: true } }, async (_request, reply) => {
    // Read at each request: the page is a ~50 KB file, and a rebuilt page needs no restart.
    const html = await readFile(packagePath('dist', 'ui', 'index.html')).catch(() => {
      throw new ApiError('not_found', 'The inspector page is not built: run npm run build')
    })
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header(
        'content-security-policy',
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
      )
      .send(html)
  })
}
