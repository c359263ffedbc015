// The flireo-mock command as a real process: flags, environment, the start-up line, signals. The
// CLI is bundled from the current sources (scripts/bundle.mjs, as `npm run build` ships it) once
// for all the test files that run it (test/server-process.ts).
// parseCli is also tested directly.
import t, { type Test } from 'tap'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { ConfigError, defaultConfig, parseCli } from '../src/config.js'
import {
  collect,
  bundledServer,
  EXIT_TIMEOUT_MS,
  killAtEnd,
  root,
  spawnServer,
  START_TIMEOUT_MS,
  waitForStartLine,
  withTimeout,
  type Exit,
} from './server-process.js'

const flagsAndEnv = [
  ['--port', 'FLIREO_MOCK_PORT'],
  ['--host', 'FLIREO_MOCK_HOST'],
  ['--db', 'FLIREO_MOCK_DB'],
  ['--seed', 'FLIREO_MOCK_SEED'],
  ['--no-seed', 'FLIREO_MOCK_NO_SEED'],
  ['--api-key', 'FLIREO_MOCK_API_KEYS'],
  ['--clock', 'FLIREO_MOCK_CLOCK'],
  ['--log-level', 'FLIREO_MOCK_LOG_LEVEL'],
  ['--quiet', 'FLIREO_MOCK_QUIET'],
  ['--webhook-url', 'FLIREO_MOCK_WEBHOOK_URLS'],
  ['--webhook-secret', 'FLIREO_MOCK_WEBHOOK_SECRET'],
  ['--webhook-timeout-ms', 'FLIREO_MOCK_WEBHOOK_TIMEOUT_MS'],
  ['--webhook-retries', 'FLIREO_MOCK_WEBHOOK_RETRIES'],
  ['--call-mode', 'FLIREO_MOCK_CALL_MODE'],
  ['--rate-limit', 'FLIREO_MOCK_RATE_LIMIT'],
  ['--admin-token', 'FLIREO_MOCK_ADMIN_TOKEN'],
  ['--no-control', 'FLIREO_MOCK_NO_CONTROL'],
] as const

// ---------------------------------------------------------------------------------------------
// parseCli, in process

t.test('parseCli: defaults', async (t) => {
  const result = parseCli([], {})
  t.same(result, { kind: 'run', config: defaultConfig() })
  if (result.kind !== 'run') return
  t.match(result.config, {
    port: 4010,
    host: '127.0.0.1',
    db: ':memory:',
    seed: /seed$/,
    apiKeys: [],
    clock: 'real',
    logLevel: 'info',
    quiet: false,
  })
})

t.test('parseCli: --help and --version', async (t) => {
  t.same(parseCli(['--help'], {}), { kind: 'help' })
  t.same(parseCli(['-h'], {}), { kind: 'help' })
  t.same(parseCli(['--version'], {}), { kind: 'version' })
  // --help wins over anything else on the line, even a bad value
  t.same(parseCli(['--port', 'abc', '--help'], {}), { kind: 'help' })
})

const config = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const result = parseCli(argv, env)
  if (result.kind !== 'run') throw new Error(`expected a run result, got ${result.kind}`)
  return result.config
}

t.test('parseCli: every flag', async (t) => {
  t.same(
    config([
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--db',
      '/tmp/x.sqlite',
      '--seed',
      '/tmp/seed.json',
      '--api-key',
      'k1',
      '--api-key',
      'k2',
      '--clock',
      'manual',
      '--webhook-url',
      'http://127.0.0.1:9000/hooks',
      '--webhook-url',
      'https://example.com/flireo',
      '--webhook-secret',
      's3cret',
      '--webhook-timeout-ms',
      '250',
      '--webhook-retries',
      '3',
      '--call-mode',
      'manual',
      '--rate-limit',
      '120',
      '--admin-token',
      'adm1n',
      '--no-control',
      '--log-level',
      'debug',
      '--quiet',
    ]),
    {
      port: 0,
      host: '0.0.0.0',
      db: '/tmp/x.sqlite',
      seed: '/tmp/seed.json',
      apiKeys: ['k1', 'k2'],
      clock: 'manual',
      webhookUrls: ['http://127.0.0.1:9000/hooks', 'https://example.com/flireo'],
      webhookSecret: 's3cret',
      webhookTimeoutMs: 250,
      webhookRetries: 3,
      callMode: 'manual',
      rateLimit: 120,
      adminToken: 'adm1n',
      control: false,
      logLevel: 'debug',
      quiet: true,
    },
  )
  t.equal(config(['--no-seed']).seed, null)
  t.equal(config(['--port=5000']).port, 5000)
})

t.test('parseCli: every environment variable', async (t) => {
  t.same(
    config([], {
      FLIREO_MOCK_PORT: '5001',
      FLIREO_MOCK_HOST: '::1',
      FLIREO_MOCK_DB: '/tmp/y.sqlite',
      FLIREO_MOCK_SEED: '/tmp/seeds',
      FLIREO_MOCK_API_KEYS: 'k1, k2 ,k3',
      FLIREO_MOCK_CLOCK: 'manual',
      FLIREO_MOCK_WEBHOOK_URLS: 'http://127.0.0.1:9000/a, http://127.0.0.1:9000/b',
      FLIREO_MOCK_WEBHOOK_SECRET: 'env-secret',
      FLIREO_MOCK_WEBHOOK_TIMEOUT_MS: '1000',
      FLIREO_MOCK_WEBHOOK_RETRIES: '2',
      FLIREO_MOCK_CALL_MODE: 'manual',
      FLIREO_MOCK_RATE_LIMIT: '60',
      FLIREO_MOCK_ADMIN_TOKEN: 'env-admin',
      FLIREO_MOCK_NO_CONTROL: '1',
      FLIREO_MOCK_LOG_LEVEL: 'warn',
      FLIREO_MOCK_QUIET: 'true',
    }),
    {
      port: 5001,
      host: '::1',
      db: '/tmp/y.sqlite',
      seed: '/tmp/seeds',
      apiKeys: ['k1', 'k2', 'k3'],
      clock: 'manual',
      webhookUrls: ['http://127.0.0.1:9000/a', 'http://127.0.0.1:9000/b'],
      webhookSecret: 'env-secret',
      webhookTimeoutMs: 1000,
      webhookRetries: 2,
      callMode: 'manual',
      rateLimit: 60,
      adminToken: 'env-admin',
      control: false,
      logLevel: 'warn',
      quiet: true,
    },
  )
  for (const yes of ['1', 'true', 'yes', 'on', 'TRUE']) {
    t.equal(config([], { FLIREO_MOCK_NO_SEED: yes }).seed, null, `FLIREO_MOCK_NO_SEED=${yes}`)
    t.equal(config([], { FLIREO_MOCK_QUIET: yes }).quiet, true, `FLIREO_MOCK_QUIET=${yes}`)
  }
  for (const no of ['0', 'false', 'no', '']) {
    t.not(config([], { FLIREO_MOCK_NO_SEED: no }).seed, null, `FLIREO_MOCK_NO_SEED=${no}`)
    t.equal(config([], { FLIREO_MOCK_QUIET: no }).quiet, false, `FLIREO_MOCK_QUIET=${no}`)
  }
})

t.test('parseCli: a flag beats its environment variable', async (t) => {
  const env = {
    FLIREO_MOCK_PORT: '5001',
    FLIREO_MOCK_HOST: '0.0.0.0',
    FLIREO_MOCK_DB: '/tmp/env.sqlite',
    FLIREO_MOCK_SEED: '/tmp/env-seed',
    FLIREO_MOCK_API_KEYS: 'env1,env2',
    FLIREO_MOCK_CLOCK: 'real',
    FLIREO_MOCK_LOG_LEVEL: 'warn',
  }
  t.same(
    config(
      [
        '--port',
        '6001',
        '--host',
        '127.0.0.2',
        '--db',
        '/tmp/flag.sqlite',
        '--seed',
        '/tmp/flag-seed',
        '--api-key',
        'flag1',
        '--clock',
        'manual',
        '--log-level',
        'error',
      ],
      env,
    ),
    {
      port: 6001,
      host: '127.0.0.2',
      db: '/tmp/flag.sqlite',
      seed: '/tmp/flag-seed',
      apiKeys: ['flag1'],
      clock: 'manual',
      webhookUrls: [],
      webhookSecret: null,
      webhookTimeoutMs: 5000,
      webhookRetries: 0,
      callMode: 'auto',
      rateLimit: null,
      adminToken: null,
      control: true,
      logLevel: 'error',
      quiet: false,
    },
  )
  // the flag's value is used, so an unusable environment value does not matter
  t.equal(config(['--port', '0'], { FLIREO_MOCK_PORT: 'abc' }).port, 0)
  t.equal(config(['--clock', 'manual'], { FLIREO_MOCK_CLOCK: 'sideways' }).clock, 'manual')
  t.equal(config(['--log-level', 'info'], { FLIREO_MOCK_LOG_LEVEL: 'loud' }).logLevel, 'info')
  // boolean flags
  t.equal(config(['--quiet'], { FLIREO_MOCK_QUIET: '0' }).quiet, true)
  t.equal(config(['--no-seed'], { FLIREO_MOCK_SEED: '/tmp/env-seed' }).seed, null)
  // an explicit --seed beats FLIREO_MOCK_NO_SEED from the environment
  t.equal(
    config(['--seed', '/tmp/flag-seed'], { FLIREO_MOCK_NO_SEED: '1' }).seed,
    '/tmp/flag-seed',
    '--seed beats FLIREO_MOCK_NO_SEED',
  )
})

t.test('parseCli: bad flags and values throw ConfigError with a one-line message', async (t) => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['--bogus'], {}, /--bogus/],
    [['--port', 'abc'], {}, /port.*abc/],
    [['--port', '-1'], {}, /port/],
    [['--port', '1.5'], {}, /port.*1\.5/],
    [['--port', '65536'], {}, /port.*65536/],
    [['--port', ''], {}, /port/],
    [['--clock', 'sideways'], {}, /clock.*sideways/],
    [['--webhook-url', 'ftp://example.com'], {}, /webhook-url.*http/],
    [['--webhook-url', 'not a url'], {}, /webhook-url/],
    [['--webhook-retries', 'many'], {}, /webhook-retries/],
    [['--call-mode', 'sometimes'], {}, /call-mode.*sometimes/],
    [['--rate-limit', 'lots'], {}, /rate-limit/],
    [['--log-level', 'loud'], {}, /log-level.*loud/],
    [['positional'], {}, /positional/],
    [[], { FLIREO_MOCK_PORT: 'abc' }, /port.*abc/],
    [[], { FLIREO_MOCK_CLOCK: 'sideways' }, /clock.*sideways/],
    [[], { FLIREO_MOCK_LOG_LEVEL: 'loud' }, /log-level.*loud/],
    [[], { FLIREO_MOCK_API_KEYS: ' , ' }, /api-key/],
  ]
  for (const [argv, env, message] of cases) {
    const label = `${argv.join(' ')} ${JSON.stringify(env)}`
    let thrown: unknown
    try {
      parseCli(argv, env)
    } catch (error) {
      thrown = error
    }
    t.ok(thrown instanceof ConfigError, `${label}: throws a ConfigError`)
    t.match((thrown as Error | undefined)?.message, message, `${label}: names the problem`)
    t.notMatch((thrown as Error | undefined)?.message, /\n/, `${label}: one line`)
  }
})

// ---------------------------------------------------------------------------------------------
// The command as a process

let serverJs = ''

t.before(async () => {
  serverJs = await bundledServer()
})

const spawnCli = (args: string[], env: Record<string, string> = {}) => spawnServer(serverJs, args, env)

/** Runs the CLI to its end (for --help and errors). */
async function runCli(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  const child = spawnCli(args, env)
  const { exited } = collect(child)
  try {
    return await withTimeout(exited, START_TIMEOUT_MS, `flireo-mock ${args.join(' ')} to exit`)
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}

/** Starts the CLI and waits for its start-up log line; the process is killed at the end of `t`. */
async function startCli(t: Test, args: string[], env: Record<string, string> = {}) {
  const child = spawnCli(args, env)
  const { out, exited } = collect(child)
  killAtEnd(t, child, exited)
  const startLine = await waitForStartLine(child, exited)
  return { child, startLine, out, exited }
}

/** Sends `signal` and waits (bounded) for the process to end. */
async function stop(child: ChildProcess, exited: Promise<Exit>, signal: NodeJS.Signals) {
  child.kill(signal)
  return withTimeout(exited, EXIT_TIMEOUT_MS, `exit after ${signal}`)
}

const get = (url: string, key?: string) =>
  fetch(url, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } })

t.test('--help exits 0 and lists every flag with its environment variable', async (t) => {
  const exit = await runCli(['--help'])
  t.equal(exit.code, 0)
  t.equal(exit.stderr, '')
  for (const [flag, env] of flagsAndEnv) {
    const line = exit.stdout.split('\n').find((l) => new RegExp(`^\\s*${flag}(\\s|$)`).test(l))
    t.ok(line, `${flag} is listed`)
    t.match(line ?? '', env, `${flag} names ${env}`)
  }
  t.match(exit.stdout, /--help/)
})

t.test('--version prints the version', async (t) => {
  const exit = await runCli(['--version'])
  t.equal(exit.code, 0)
  t.match(exit.stdout.trim(), /^\d+\.\d+\.\d+/)
})

t.test('bad flags and values exit non-zero with one line on stderr', async (t) => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [['--bogus'], {}, /--bogus/],
    [['--port', 'abc'], {}, /port.*abc/],
    [['--clock', 'sideways'], {}, /clock.*sideways/],
    [['--webhook-url', 'ftp://example.com'], {}, /webhook-url.*http/],
    [['--webhook-url', 'not a url'], {}, /webhook-url/],
    [['--webhook-retries', 'many'], {}, /webhook-retries/],
    [['--call-mode', 'sometimes'], {}, /call-mode.*sometimes/],
    [['--rate-limit', 'lots'], {}, /rate-limit/],
    [['--log-level', 'loud'], {}, /log-level.*loud/],
    [[], { FLIREO_MOCK_PORT: 'abc' }, /port.*abc/],
  ]
  for (const [args, env, names] of cases) {
    const label = [...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...args].join(' ')
    const exit = await runCli(args, env)
    t.not(exit.code, 0, `${label}: non-zero exit`)
    t.not(exit.code, null, `${label}: exited by itself`)
    const lines = exit.stderr.split('\n').filter((l) => l.length > 0)
    t.equal(lines.length, 1, `${label}: one line on stderr`)
    t.match(lines[0] ?? '', names, `${label}: names the problem`)
    t.equal(exit.stdout, '', `${label}: nothing on stdout`)
  }
})

t.test('--port 0 starts, logs its URL, database and seed, and answers /health', async (t) => {
  const { child, startLine, exited } = await startCli(t, ['--port', '0'])
  t.match(startLine.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.not(startLine.url, 'http://127.0.0.1:0', 'the real port, not 0')
  t.equal(startLine.db, ':memory:')
  t.equal(startLine.seed, join(root, 'seed'))
  t.match(startLine.msg, startLine.url, 'the message names the URL')
  t.match(startLine.msg, ':memory:', 'the message names the database')
  t.match(startLine.msg, join(root, 'seed'), 'the message names the seed')
  t.equal(startLine.inspector, `${startLine.url}/_mock/ui`)
  t.match(startLine.msg, `inspector at ${startLine.url}/_mock/ui`, 'the message names the inspector page')
  t.match(startLine, { level: 30 }, 'logged at info')

  const health = await get(`${startLine.url}/health`)
  t.equal(health.status, 200)
  t.match(await health.json(), { status: 'ok', version: /^\d+\.\d+\.\d+/ })

  const exit = await stop(child, exited, 'SIGTERM')
  t.same({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, 'SIGTERM ends it with exit code 0')
})

// The bundle finds the files @fastify/swagger-ui serves in its installed package; YAML, Ajv and its
// formats are loaded on first use (scripts/bundle.mjs), here by /docs/yaml and a validated body.
t.test(
  'the bundled command serves /docs, its static files, /openapi.json and /docs/yaml, and validates bodies',
  async (t) => {
    const { child, startLine, exited } = await startCli(t, ['--port', '0', '--quiet'])
    const page = await get(`${startLine.url}/docs/`)
    t.equal(page.status, 200)
    t.match(await page.text(), /swagger-ui/)
    const script = await get(`${startLine.url}/docs/static/swagger-ui-bundle.js`)
    t.equal(script.status, 200)
    t.ok((await script.arrayBuffer()).byteLength > 100_000, 'Swagger UI itself')
    const openapi = await get(`${startLine.url}/openapi.json`)
    t.equal(openapi.status, 200)
    t.match(await openapi.json(), { openapi: '3.1.0', components: { schemas: { Contact: {} } } })
    const yaml = await get(`${startLine.url}/docs/yaml`)
    t.equal(yaml.status, 200)
    t.match(await yaml.text(), /^openapi: 3\.1\.0\ninfo:\n {2}title: Flireo AI API/)
    const invalid = await fetch(`${startLine.url}/v1/contacts`, {
      method: 'POST',
      headers: { authorization: 'Bearer some-key', 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '+31612340000', email: 'not-an-address' }),
    })
    t.equal(invalid.status, 400)
    t.same(await invalid.json(), {
      error: {
        code: 'invalid_parameters',
        message: `Invalid body parameter 'email': must match format "email"`,
        details: { field: 'email', reason: 'must match format "email"' },
      },
    })
    const exit = await stop(child, exited, 'SIGTERM')
    t.equal(exit.code, 0)
  },
)

t.test('--no-seed shows in the start-up line', async (t) => {
  const { child, startLine, exited } = await startCli(t, ['--port', '0', '--no-seed', '--quiet'])
  t.equal(startLine.seed, 'none')
  const contacts = await get(`${startLine.url}/v1/contacts`, 'any-key')
  t.equal(contacts.status, 200)
  t.match(await contacts.json(), { data: [], meta: { total: 0 } }, 'an empty workspace')
  await stop(child, exited, 'SIGTERM')
})

t.test('SIGINT ends the process with exit code 0', async (t) => {
  const { child, startLine, exited } = await startCli(t, ['--port', '0'])
  t.equal((await get(`${startLine.url}/health`)).status, 200)
  const exit = await stop(child, exited, 'SIGINT')
  t.same({ code: exit.code, signal: exit.signal }, { code: 0, signal: null })
})

/** The JSON log records a process wrote to stdout. */
const records = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)

t.test('SIGTERM after serving API requests; --quiet drops the per-request lines', async (t) => {
  const { child, startLine, exited } = await startCli(t, ['--port', '0', '--quiet'])
  const res = await get(`${startLine.url}/v1/contacts`, 'some-key')
  t.equal(res.status, 200)
  const exit = await stop(child, exited, 'SIGTERM')
  t.same({ code: exit.code, signal: exit.signal }, { code: 0, signal: null })
  t.notOk(
    records(exit.stdout).some((r) => r.msg === 'request'),
    'no request log line',
  )
})

t.test('without --quiet each request is logged', async (t) => {
  const { child, startLine, exited } = await startCli(t, ['--port', '0'])
  t.equal((await get(`${startLine.url}/v1/contacts`, 'some-key')).status, 200)
  const exit = await stop(child, exited, 'SIGTERM')
  t.equal(exit.code, 0)
  t.ok(
    records(exit.stdout).some((r) => r.msg === 'request' && r.url === '/v1/contacts' && r.status === 200),
    'a request log line for GET /v1/contacts',
  )
})

t.test('environment variables configure the process', async (t) => {
  const { child, startLine, exited } = await startCli(t, [], {
    FLIREO_MOCK_PORT: '0',
    FLIREO_MOCK_API_KEYS: 'k1,k2',
    FLIREO_MOCK_QUIET: '1',
  })
  t.match(startLine.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.not(startLine.url, 'http://127.0.0.1:4010', 'FLIREO_MOCK_PORT=0 picks a free port')
  for (const key of ['k1', 'k2']) {
    t.equal((await get(`${startLine.url}/v1/contacts`, key)).status, 200, `${key} is accepted`)
  }
  for (const key of ['k3', 'k1,k2', 'K1']) {
    const res = await get(`${startLine.url}/v1/contacts`, key)
    t.equal(res.status, 401, `${key} is refused`)
    t.same(await res.json(), { error: { code: 'unauthorized', message: 'Invalid API key', details: {} } })
  }
  t.equal((await get(`${startLine.url}/v1/contacts`)).status, 401, 'no key is refused')
  const exit = await stop(child, exited, 'SIGTERM')
  t.equal(exit.code, 0)
})

t.test('a flag beats its environment variable', async (t) => {
  const { child, startLine, exited } = await startCli(t, ['--port', '0', '--api-key', 'flag-key', '--quiet'], {
    FLIREO_MOCK_PORT: 'abc',
    FLIREO_MOCK_API_KEYS: 'env-key',
  })
  t.equal((await get(`${startLine.url}/v1/contacts`, 'flag-key')).status, 200, 'the flag key is accepted')
  t.equal((await get(`${startLine.url}/v1/contacts`, 'env-key')).status, 401, 'the environment key is not')
  const exit = await stop(child, exited, 'SIGTERM')
  t.equal(exit.code, 0)
})
