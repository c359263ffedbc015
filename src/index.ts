// The package's programmatic entry: start the same server as the CLI inside a test process.
import { buildApp, type App } from './app.js'
import { defaultConfig, type Config } from './config.js'
import type { Injected } from './services.js'

export { buildApp } from './app.js'
export type { Config } from './config.js'

export interface RunningMock {
  app: App
  /** e.g. http://127.0.0.1:4010 */
  url: string
  close: () => Promise<void>
}

export async function startMock(overrides: Partial<Config> = {}, injected: Injected = {}): Promise<RunningMock> {
  const config = { ...defaultConfig(), ...overrides }
  const app = await buildApp(config, injected)
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const url = `http://${host}:${port}`
  app.services.setBaseUrl(['0.0.0.0', '[::]'].includes(host) ? `http://localhost:${port}` : url)
  return { app, url, close: () => app.close() }
}
