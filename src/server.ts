#!/usr/bin/env node
// The flireo-mock command: read flags and environment, start the server, close cleanly on
// SIGINT/SIGTERM.
import { ConfigError, helpText, parseCli } from './config.js'
import { packageVersion } from './package.js'
import { startMock } from './index.js'
import { inspectorPath } from './control/inspector.js'

async function main() {
  let cli
  try {
    cli = parseCli(process.argv.slice(2), process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`flireo-mock: ${error.message} (see --help)\n`)
    process.exit(2)
  }
  if (cli.kind === 'help') return console.log(helpText())
  if (cli.kind === 'version') return console.log(packageVersion)

  const mock = await startMock(cli.config)
  const { config } = mock.app.services
  const inspector = config.control ? `${mock.url}${inspectorPath}` : null
  const started =
    `flireo-mock ${packageVersion} listening on ${mock.url} (database ${config.db}, seed ${config.seed ?? 'none'})` +
    (inspector ? `; inspector at ${inspector}` : '')
  // Whatever the log level, say where the mock listens (with --port 0 nothing else tells).
  if (['trace', 'debug', 'info'].includes(mock.app.log.level)) {
    mock.app.log.info({ url: mock.url, db: config.db, seed: config.seed ?? 'none', inspector }, started)
  } else console.log(started)

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    mock.app.log.info(`${signal} received, closing`)
    mock.close().then(
      () => process.exit(0),
      (error) => {
        mock.app.log.error({ err: error }, 'error while closing')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((error) => {
  process.stderr.write(`flireo-mock: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
