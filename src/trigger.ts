// `flireo-mock trigger <event> --url <receiver>` (mock-control.md § Sending one webhook by hand):
// one realistic webhook, with the headers and signature of the mock's own deliveries, for testing
// a webhook handler without running a call. Prints the receiver's status and answer.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { packagePath } from './package.js'
import { loadSeed } from './seed/seed.js'
import { sampleWebhook, webhookEvents, type WebhookEvent } from './webhooks/sample.js'
import { send, webhookHeaders } from './webhooks/sender.js'

const flags = {
  url: { type: 'string' },
  'webhook-secret': { type: 'string' },
  set: { type: 'string', multiple: true },
  data: { type: 'string' },
  'timeout-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export const triggerHelp = [
  'Usage: flireo-mock trigger <event> --url <receiver> [options]',
  '',
  'Sends one realistic Flireo webhook (a call of the bundled seed) to a URL, with the headers and',
  "signature of the mock's own deliveries, and prints the receiver's status and answer.",
  '',
  `Events: ${webhookEvents.join(', ')}`,
  '',
  'Options:',
  '  --url <url>              where to POST it (http or https)',
  '  --webhook-secret <s>     sign it: X-Flireo-Timestamp, X-Flireo-Signature [FLIREO_MOCK_WEBHOOK_SECRET]',
  '  --set <path=value>       set a field of the payload: a dotted path (tasksInitiated.0.taskName), the',
  '                           value as JSON if it parses, else as a string (repeatable; after --data)',
  '  --data <file.json>       a JSON object merged over the payload (objects key by key)',
  '  --timeout-ms <ms>        how long the receiver may take to answer (default: 5000)',
  '  -h, --help               show this help',
  '',
  'Exit status: 0 when the receiver answers 2xx, 1 otherwise, 2 for a usage error.',
].join('\n')

class UsageError extends Error {}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null

/** A key that would reach the prototype instead of a field. */
function checkKey(key: string, where: string) {
  if (key === '__proto__') throw new UsageError(`invalid ${where}: "__proto__" is not a field`)
}

/** `overlay` merged over `base`: objects key by key, anything else (arrays too) replaces. */
function merge(base: Json, overlay: Json): Json {
  const merged: Json = { ...base }
  for (const [key, value] of Object.entries(overlay)) {
    checkKey(key, '--data')
    const current = merged[key]
    merged[key] =
      isObject(current) && isObject(value) && !Array.isArray(current) && !Array.isArray(value)
        ? merge(current, value)
        : value
  }
  return merged
}

/** `--set a.b.c=value`: the value as JSON when it parses, else as the string written. */
function applySet(payload: Json, assignment: string) {
  const equals = assignment.indexOf('=')
  const path = equals > 0 ? assignment.slice(0, equals).split('.') : []
  if (path.length === 0 || path.includes('')) {
    throw new UsageError(`invalid --set "${assignment}": expected path=value, e.g. status=ended`)
  }
  path.forEach((key) => checkKey(key, `--set "${assignment}"`))
  const text = assignment.slice(equals + 1)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    value = text
  }
  let node = payload
  for (const key of path.slice(0, -1)) {
    const next = node[key]
    node = isObject(next) ? next : (node[key] = {})
  }
  node[path.at(-1)!] = value
}

function readData(file: string): Json {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new UsageError(`invalid --data ${file}: ${(error as Error).message.split('\n')[0]}`)
  }
  if (!isObject(data) || Array.isArray(data)) throw new UsageError(`invalid --data ${file}: not a JSON object`)
  return data
}

function parseUrl(value: string | undefined): string {
  if (value === undefined) throw new UsageError('missing --url <receiver>')
  if (!URL.canParse(value) || !['http:', 'https:'].includes(new URL(value).protocol)) {
    throw new UsageError(`invalid --url "${value}": expected an http or https URL`)
  }
  return value
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 5000
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 600_000) {
    throw new UsageError(`invalid --timeout-ms "${value}": expected an integer 1-600000`)
  }
  return Number(value)
}

function parse(argv: string[], env: NodeJS.ProcessEnv) {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: flags, strict: true, allowPositionals: true })
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0])
  }
  const { values, positionals } = parsed
  if (values.help) return null
  const [event, ...extra] = positionals
  if (event === undefined) throw new UsageError(`missing <event>: one of ${webhookEvents.join(', ')}`)
  if (!(webhookEvents as readonly string[]).includes(event)) {
    throw new UsageError(`unknown event "${event}": expected one of ${webhookEvents.join(', ')}`)
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`)
  return {
    event: event as WebhookEvent,
    url: parseUrl(values.url),
    secret: values['webhook-secret'] ?? env.FLIREO_MOCK_WEBHOOK_SECRET ?? null,
    data: values.data === undefined ? {} : readData(values.data),
    sets: values.set ?? [],
    timeoutMs: parseTimeout(values['timeout-ms']),
  }
}

/** The payload as generated, merged with --data, then with each --set. */
function payloadOf({ event, data, sets }: NonNullable<ReturnType<typeof parse>>, now: number): Json {
  const payload = merge(sampleWebhook(event, loadSeed(packagePath('seed')), now), data)
  for (const assignment of sets) applySet(payload, assignment)
  return payload
}

/** Runs the command; resolves with its exit status. */
export async function trigger(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const now = Date.now()
  let options
  let payload
  try {
    options = parse(argv, env)
    if (options === null) {
      process.stdout.write(`${triggerHelp}\n`)
      return 0
    }
    payload = payloadOf(options, now)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`flireo-mock trigger: ${error.message} (see --help)\n`)
    return 2
  }
  const body = JSON.stringify(payload)
  const headers = webhookHeaders(options.event, randomUUID(), body, options.secret || null, Math.floor(now / 1000))
  const attempt = await send({
    url: options.url,
    body,
    headers,
    timeoutMs: options.timeoutMs,
    signal: new AbortController().signal,
  })
  if (attempt.status === null) {
    process.stderr.write(`flireo-mock trigger: ${options.url}: ${attempt.error}\n`)
    return 1
  }
  process.stdout.write(`HTTP ${attempt.status}\n${attempt.body ? `${attempt.body}\n` : ''}`)
  return attempt.ok ? 0 : 1
}
