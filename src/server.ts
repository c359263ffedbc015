#!/usr/bin/env node
// The flireo-mock command: read flags and environment, start the server, close cleanly on
// SIGINT/SIGTERM (src/shutdown.ts). `flireo-mock trigger ...` sends one webhook instead
// (src/trigger.ts).
import { ConfigError, helpText, parseCli } from './config.js'
import { packageVersion } from './package.js'
import { startMock } from './index.js'
import { signalHandler } from './shutdown.js'
import { trigger } from './trigger.js'
import { inspectorPath } from './control/inspector.js'

async function main() {
  if (process.argv[2] === 'trigger') {
    const status = await trigger(process.argv.slice(3), process.env)
    // Exits at once: an idle kept-alive connection to the receiver would hold the process for seconds.
    process.stdout.write('', () => process.exit(status))
    return
  }
  // Whoever reads our output may go away (a test runner exiting): the mock goes on, unlogged.
  process.stdout.on('error', () => {})
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

  const shutdown = signalHandler({ close: () => mock.close(), exit: (code) => process.exit(code), log: mock.app.log })
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((error) => {
  process.stderr.write(`flireo-mock: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
