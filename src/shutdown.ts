// What SIGINT and SIGTERM do to the flireo-mock process: the first closes the server cleanly and
// exits 0; a second, or a close still unfinished after 5 s, ends the process at once with 1. A CI
// job must never hang on the mock's shutdown.

export interface ShutdownOptions {
  /** Closes the server and its database. */
  close(): Promise<void>
  exit(code: number): void
  log: { info(message: string): void; error(details: object, message: string): void }
  timeoutMs?: number
}

export function signalHandler({ close, exit, log, timeoutMs = 5000 }: ShutdownOptions) {
  let closing = false
  return (signal: string) => {
    if (closing) {
      log.info(`${signal} received while closing, exiting now`)
      return exit(1)
    }
    closing = true
    setTimeout(() => {
      log.info(`not closed ${timeoutMs / 1000} s after ${signal}, exiting now`)
      exit(1)
    }, timeoutMs).unref()
    log.info(`${signal} received, closing`)
    close().then(
      () => exit(0),
      (error) => {
        log.error({ err: error }, 'error while closing')
        exit(1)
      },
    )
  }
}
