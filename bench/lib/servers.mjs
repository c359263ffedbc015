// The servers benchmarked side by side: what to install, how to start each with node directly,
// its health-ish URL, and the paths of the three workloads (the ceiling has one route only).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { contactsAsServed, benchContacts, knownContactId } from './data.mjs'
import { requestOk } from './http.mjs'
import { ensurePeer } from './peers.mjs'

export const root = fileURLToPath(new URL('../../', import.meta.url))
const tmpDir = fileURLToPath(new URL('../.tmp/', import.meta.url))
const openapiFile = join(tmpDir, 'openapi.json')
const auth = { authorization: 'Bearer bench' }
const versionOf = (packageDir) => JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs)
  }
  return newest
}

/** `npm run build` when the bundle is missing or older than src/ or schemas/. */
export function ensureBuilt(log) {
  const bundle = join(root, 'dist/flireo-mock.js')
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'schemas')))
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return
  log('building flireo-mock (npm run build)')
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', timeout: 300_000 })
  if (build.status !== 0) throw new Error(`npm run build failed: ${(build.stdout + build.stderr).trim().slice(-1500)}`)
}

const flireoMock = {
  name: 'flireo-mock',
  role: 'subject',
  how: "`node dist/flireo-mock.js --port N --quiet` (the bundle `npm start` runs), in-memory SQLite; the bench key's workspace holds the 3 seeded and 97 generated contacts",
  async setup(log) {
    ensureBuilt(log)
    return { version: versionOf(root), args: (port) => ['dist/flireo-mock.js', '--port', String(port), '--quiet'] }
  },
  healthPath: '/health',
  headers: auth,
  workloads: { getOne: `/v1/contacts/${knownContactId}`, page: '/v1/contacts?limit=20', post: '/v1/contacts' },
  /** The bench key's workspace gets the 97 contacts beyond the seeded 3; Prism mocks our OpenAPI. */
  async prepare(baseUrl) {
    await requestOk(`${baseUrl}/_mock/seed`, {
      method: 'POST',
      headers: auth,
      body: { contacts: benchContacts().extra },
    })
    const openapi = await requestOk(`${baseUrl}/openapi.json`)
    mkdirSync(tmpDir, { recursive: true })
    writeFileSync(openapiFile, JSON.stringify(openapi))
  },
}

const fastifyCeiling = {
  name: 'bare Fastify',
  role: 'ceiling',
  how: '`node bench/hello-server.mjs N`: the project\'s fastify, one route GET /hello → `{"hello":"world"}`, no schema, no logger',
  async setup() {
    const script = fileURLToPath(new URL('../hello-server.mjs', import.meta.url))
    return { version: versionOf(join(root, 'node_modules/fastify')), args: (port) => [script, String(port)] }
  },
  healthPath: '/hello',
  headers: {},
  workloads: { hello: '/hello' },
}

const jsonServer = {
  name: 'json-server',
  role: 'peer',
  how: '`json-server db.json --id contact_id --quiet`, db.json holding the same 100 contacts, written afresh at every start (json-server rewrites it on every POST)',
  async setup(log) {
    const peer = await ensurePeer(
      { name: 'json-server', pkg: 'json-server', version: '0.17.4', bin: 'json-server' },
      log,
    )
    const dbFile = join(tmpDir, 'db.json')
    return {
      version: peer.version,
      // json-server writes every POST to db.json: each start gets the same 100 contacts afresh.
      args(port) {
        mkdirSync(tmpDir, { recursive: true })
        writeFileSync(dbFile, JSON.stringify({ contacts: contactsAsServed() }, null, 2))
        return [peer.binPath, dbFile, '--port', String(port), '--host', '127.0.0.1', '--id', 'contact_id', '--quiet']
      },
    }
  },
  healthPath: '/contacts',
  headers: auth,
  workloads: { getOne: `/contacts/${knownContactId}`, page: '/contacts?_limit=20', post: '/contacts' },
}

const prism = {
  name: 'Prism',
  role: 'peer',
  how: "`prism mock openapi.json -v error` on flireo-mock's own /openapi.json (static examples, request validation on)",
  async setup(log) {
    if (!existsSync(openapiFile)) throw new Error("flireo-mock's /openapi.json was not saved (flireo-mock did not run)")
    const peer = await ensurePeer({ name: 'prism', pkg: '@stoplight/prism-cli', version: '5.14.2', bin: 'prism' }, log)
    // -v error: no log line per request (flireo-mock runs with --quiet too).
    return {
      version: peer.version,
      args: (port) => [peer.binPath, 'mock', openapiFile, '--port', String(port), '--host', '127.0.0.1', '-v', 'error'],
    }
  },
  healthPath: `/v1/contacts/${knownContactId}`,
  headers: auth,
  workloads: flireoMock.workloads,
}

/** A minimal Mockoon environment: one CRUD route on a data bucket of the 100 contacts. */
function mockoonEnvironment() {
  const bucket = { uuid: 'b7a1c2d3-0000-4000-8000-000000000001', id: 'cntc', name: 'contacts', documentation: '' }
  const route = {
    uuid: 'b7a1c2d3-0000-4000-8000-000000000002',
    type: 'crud',
    documentation: 'contacts',
    method: '',
    endpoint: 'contacts',
    responses: [
      {
        uuid: 'b7a1c2d3-0000-4000-8000-000000000003',
        body: '{}',
        latency: 0,
        statusCode: 200,
        label: '',
        headers: [],
        bodyType: 'DATABUCKET',
        filePath: '',
        databucketID: bucket.id,
        sendFileAsBody: false,
        rules: [],
        rulesOperator: 'OR',
        disableTemplating: false,
        fallbackTo404: false,
        default: true,
        crudKey: 'contact_id',
        callbacks: [],
      },
    ],
    responseMode: null,
    streamingMode: null,
    streamingInterval: 0,
  }
  return {
    uuid: 'b7a1c2d3-0000-4000-8000-000000000000',
    lastMigration: 33,
    name: 'flireo-mock bench',
    endpointPrefix: '',
    latency: 0,
    port: 3000,
    hostname: '127.0.0.1',
    folders: [],
    routes: [route],
    rootChildren: [{ type: 'route', uuid: route.uuid }],
    proxyMode: false,
    proxyHost: '',
    proxyRemovePrefix: false,
    tlsOptions: { enabled: false, type: 'CERT', pfxPath: '', certPath: '', keyPath: '', caPath: '', passphrase: '' },
    cors: true,
    headers: [{ key: 'Content-Type', value: 'application/json' }],
    proxyReqHeaders: [],
    proxyResHeaders: [],
    data: [{ ...bucket, value: JSON.stringify(contactsAsServed()) }],
    callbacks: [],
  }
}

const mockoon = {
  name: 'Mockoon',
  role: 'peer',
  how: '`mockoon-cli start --data mockoon.json --disable-log-to-file --disable-admin-api`, one CRUD route on a data bucket of the same 100 contacts (it logs every request to stdout, /dev/null here)',
  async setup(log) {
    const peer = await ensurePeer({ name: 'mockoon', pkg: '@mockoon/cli', version: '9.9.0', bin: 'mockoon-cli' }, log)
    const dataFile = join(tmpDir, 'mockoon.json')
    mkdirSync(tmpDir, { recursive: true })
    writeFileSync(dataFile, JSON.stringify(mockoonEnvironment(), null, 2))
    return {
      version: peer.version,
      args: (port) => [
        peer.binPath,
        'start',
        '--data',
        dataFile,
        '--port',
        String(port),
        '--hostname',
        '127.0.0.1',
        '--disable-log-to-file',
        '--disable-admin-api',
      ],
    }
  },
  healthPath: '/contacts',
  headers: auth,
  workloads: { getOne: `/contacts/${knownContactId}`, page: '/contacts?limit=20', post: '/contacts' },
}

/** In the order they run; flireo-mock first, since Prism mocks the OpenAPI it serves. */
export const servers = [flireoMock, fastifyCeiling, jsonServer, prism, mockoon]
