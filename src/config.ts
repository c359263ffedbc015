// Flags and environment → one typed Config (mock-control.md § Configuration). Flags win over
// environment variables, which win over the defaults.
import { parseArgs } from 'node:util'
import { packagePath } from './package.js'
import type { ClockMode } from '../schemas/mock.js'

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

export interface Config {
  port: number
  host: string
  /** A file path, or `:memory:`. */
  db: string
  /** A seed file or directory; `null` for empty workspaces. */
  seed: string | null
  /** When non-empty, only these keys are accepted. */
  apiKeys: string[]
  clock: ClockMode
  /** Where every workspace's webhooks also go (a workspace may change its own list). */
  webhookUrls: string[]
  /** Signs webhooks with HMAC-SHA256 when set. */
  webhookSecret: string | null
  webhookTimeoutMs: number
  /** How often a failed status-update or end-of-call-report is tried again. */
  webhookRetries: number
  /** The call mode of new workspaces. */
  callMode: 'auto' | 'manual'
  /** Requests per minute per API key on /v1; null for no limit. */
  rateLimit: number | null
  /** When set, /_mock also needs the header X-Mock-Admin with this token. */
  adminToken: string | null
  /** Serve the /_mock control plane. */
  control: boolean
  logLevel: LogLevel
  /** No per-request log lines. */
  quiet: boolean
}

export const defaultConfig = (): Config => ({
  port: 4010,
  host: '127.0.0.1',
  db: ':memory:',
  seed: packagePath('seed'),
  apiKeys: [],
  clock: 'real',
  webhookUrls: [],
  webhookSecret: null,
  webhookTimeoutMs: 5000,
  webhookRetries: 0,
  callMode: 'auto',
  rateLimit: null,
  adminToken: null,
  control: true,
  logLevel: 'info',
  quiet: false,
})

/** Raised for a bad flag or value; the CLI prints the message on one line and exits non-zero. */
export class ConfigError extends Error {}

const flags = {
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  seed: { type: 'string' },
  'no-seed': { type: 'boolean' },
  'api-key': { type: 'string', multiple: true },
  clock: { type: 'string' },
  'webhook-url': { type: 'string', multiple: true },
  'webhook-secret': { type: 'string' },
  'webhook-timeout-ms': { type: 'string' },
  'webhook-retries': { type: 'string' },
  'call-mode': { type: 'string' },
  'rate-limit': { type: 'string' },
  'admin-token': { type: 'string' },
  'no-control': { type: 'boolean' },
  'log-level': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const

type Flag = keyof typeof flags

const flagHelp: Record<Flag, { help: string; env?: string; shows?: string }> = {
  port: { env: 'FLIREO_MOCK_PORT', help: 'port to listen on (0 = any free port)', shows: '4010' },
  host: { env: 'FLIREO_MOCK_HOST', help: 'address to listen on', shows: '127.0.0.1' },
  db: { env: 'FLIREO_MOCK_DB', help: 'SQLite file that keeps state across restarts', shows: ':memory:' },
  seed: { env: 'FLIREO_MOCK_SEED', help: 'seed file or directory for new workspaces', shows: 'the bundled seed/' },
  'no-seed': { env: 'FLIREO_MOCK_NO_SEED', help: 'start new workspaces empty' },
  'api-key': {
    env: 'FLIREO_MOCK_API_KEYS',
    help: 'accept only this key (repeatable; env: comma-separated)',
    shows: 'any key',
  },
  clock: { env: 'FLIREO_MOCK_CLOCK', help: 'clock mode of new workspaces: real | manual', shows: 'real' },
  'webhook-url': {
    env: 'FLIREO_MOCK_WEBHOOK_URLS',
    help: 'also send every webhook here (repeatable; env: comma-separated)',
  },
  'webhook-secret': { env: 'FLIREO_MOCK_WEBHOOK_SECRET', help: 'sign webhooks (X-Flireo-Signature, HMAC-SHA256)' },
  'webhook-timeout-ms': {
    env: 'FLIREO_MOCK_WEBHOOK_TIMEOUT_MS',
    help: 'how long a receiver may take to answer',
    shows: '5000',
  },
  'webhook-retries': {
    env: 'FLIREO_MOCK_WEBHOOK_RETRIES',
    help: 'retries of a failed status-update / end-of-call-report',
    shows: '0',
  },
  'call-mode': { env: 'FLIREO_MOCK_CALL_MODE', help: 'how calls of new workspaces run: auto | manual', shows: 'auto' },
  'rate-limit': {
    env: 'FLIREO_MOCK_RATE_LIMIT',
    help: 'requests per minute per API key on /v1 (429 beyond)',
    shows: 'off',
  },
  'admin-token': { env: 'FLIREO_MOCK_ADMIN_TOKEN', help: '/_mock also needs the header X-Mock-Admin: <token>' },
  'no-control': { env: 'FLIREO_MOCK_NO_CONTROL', help: 'do not serve the /_mock control plane' },
  'log-level': { env: 'FLIREO_MOCK_LOG_LEVEL', help: logLevels.join(' | '), shows: 'info' },
  quiet: { env: 'FLIREO_MOCK_QUIET', help: 'no per-request log lines' },
  help: { help: 'show this help' },
  version: { help: 'print the version' },
}

export function helpText(): string {
  const lines = (Object.keys(flags) as Flag[]).map((name) => {
    const { help, env, shows } = flagHelp[name]
    const flag = `--${name}${flags[name].type === 'string' ? ' <value>' : ''}`
    return `  ${flag.padEnd(22)} ${help}${shows ? ` (default: ${shows})` : ''}${env ? ` [${env}]` : ''}`
  })
  return [
    'Usage: flireo-mock [options]',
    '       flireo-mock trigger <event> --url <receiver> [options]   (one webhook by hand; trigger --help)',
    '',
    'A fake Flireo AI backend for development and CI.',
    '',
    'Options:',
    ...lines,
  ].join('\n')
}

const truthy = (value: string) => ['1', 'true', 'yes', 'on'].includes(value.toLowerCase())

function parseInteger(name: string, value: string, max: number): number {
  const number = Number(value)
  if (!/^\d+$/.test(value) || number > max) {
    throw new ConfigError(`invalid ${name} "${value}": expected an integer 0-${max}`)
  }
  return number
}

function parseHttpUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(`invalid webhook-url "${value}": not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`invalid webhook-url "${value}": only http and https URLs are accepted`)
  }
  return value
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`invalid ${name} "${value}": expected one of ${allowed.join(', ')}`)
  }
  return value as T
}

export type CliResult = { kind: 'run'; config: Config } | { kind: 'help' } | { kind: 'version' }

/** Reads argv and the environment; throws ConfigError for anything it cannot use. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliResult {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: flags, strict: true, allowPositionals: false })
  } catch (error) {
    throw new ConfigError((error as Error).message.split('\n')[0])
  }
  const values = parsed.values
  if (values.help) return { kind: 'help' }
  if (values.version) return { kind: 'version' }

  const config = defaultConfig()
  const str = (flag: string | undefined, name: Flag) => flag ?? env[flagHelp[name].env!]

  const port = str(values.port, 'port')
  if (port !== undefined) config.port = parseInteger('port', port, 65535)
  config.host = str(values.host, 'host') ?? config.host
  config.db = str(values.db, 'db') ?? config.db
  const seed = str(values.seed, 'seed')
  if (seed !== undefined) config.seed = seed
  // --seed on the command line beats FLIREO_MOCK_NO_SEED in the environment
  if (values['no-seed'] ?? (values.seed === undefined && truthy(env.FLIREO_MOCK_NO_SEED ?? ''))) config.seed = null
  const keys = values['api-key'] ?? env.FLIREO_MOCK_API_KEYS?.split(',')
  config.apiKeys = (keys ?? []).map((k) => k.trim()).filter(Boolean)
  if (keys && config.apiKeys.length === 0) throw new ConfigError('invalid api-key: empty')
  const clock = str(values.clock, 'clock')
  if (clock !== undefined) config.clock = oneOf('clock', clock, ['real', 'manual'] as const)
  const webhookUrls = values['webhook-url'] ?? env.FLIREO_MOCK_WEBHOOK_URLS?.split(',').filter((u) => u.trim())
  config.webhookUrls = (webhookUrls ?? []).map((u) => parseHttpUrl(u.trim()))
  config.webhookSecret = str(values['webhook-secret'], 'webhook-secret') || null
  const timeout = str(values['webhook-timeout-ms'], 'webhook-timeout-ms')
  if (timeout !== undefined) config.webhookTimeoutMs = parseInteger('webhook-timeout-ms', timeout, 600_000)
  const retries = str(values['webhook-retries'], 'webhook-retries')
  if (retries !== undefined) config.webhookRetries = parseInteger('webhook-retries', retries, 10)
  const callMode = str(values['call-mode'], 'call-mode')
  if (callMode !== undefined) config.callMode = oneOf('call-mode', callMode, ['auto', 'manual'] as const)
  const rateLimit = str(values['rate-limit'], 'rate-limit')
  if (rateLimit !== undefined) config.rateLimit = parseInteger('rate-limit', rateLimit, 1_000_000) || null
  config.adminToken = str(values['admin-token'], 'admin-token') || null
  config.control = !(values['no-control'] ?? truthy(env.FLIREO_MOCK_NO_CONTROL ?? ''))
  const level = str(values['log-level'], 'log-level')
  if (level !== undefined) config.logLevel = oneOf('log-level', level, logLevels)
  config.quiet = values.quiet ?? truthy(env.FLIREO_MOCK_QUIET ?? '')
  return { kind: 'run', config }
}
