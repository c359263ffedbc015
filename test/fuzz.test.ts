// A schema-driven fuzz of every /v1 operation. The operations, their path and query parameters and
// their request bodies are read from the app's own OpenAPI document, so a new route is fuzzed the
// day it is documented. Each case sends something hostile — a valid body with a few mutations
// (wrong types, null, 100 KB strings, control characters, deep nesting, prototype-pollution keys,
// extra fields), malformed JSON, a wrong content type, a weird path id, an odd query string, a
// broken multipart form, an odd Authorization header — and checks three invariants:
//
//   1. never a 5xx;
//   2. every answer is JSON, and every error is exactly `{error: {code, message, details}}` with a
//      code from the catalogue of src/errors.ts, the code's own status, and a message without a
//      stack trace or a database error;
//   3. a rejected request (or any GET) changes nothing: the lists it could touch, the live counts
//      and the credits of the workspace read the same before and after;
//   4. after any write, hostile or not, the request journal (GET /_mock/requests) still reads.
//
// One app per property; one workspace (API key) serves cases until one of them succeeds in changing
// something, then the next case gets a fresh workspace, so a success never pollutes the comparisons
// of later cases. Seeds and run counts are fixed: the same cases run every time.
//
// To look further than the first failure of each property: FUZZ_EXPLORE=1 records every failure
// (one example per kind) and the status counts per operation in /tmp/fuzz-explore.txt (or
// FUZZ_EXPLORE_OUT) instead of failing; FUZZ_MESSAGES=1 counts by error message instead of code;
// FUZZ_SEED and FUZZ_RUNS override the seed and the run count of every property.
import t, { type Test } from 'tap'
import fc from 'fast-check'
import { writeFileSync } from 'node:fs'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { errorStatus } from '../src/errors.js'
import { testApp, type TestApp } from './helpers.js'

const SEED = 0x5eed_f11e
/** A guard per property: a slow machine runs fewer cases rather than blowing the file's timeout. */
const TIME_LIMIT_MS = 40_000

// ---------------------------------------------------------------------------------------------
// The operations, from GET /openapi.json

type Json = any

interface Param {
  name: string
  schema: Json
}

interface Operation {
  /** `POST /v1/contacts` */
  name: string
  method: string
  /** The OpenAPI template: `/v1/contacts/{id}` */
  path: string
  pathParams: Param[]
  query: Param[]
  body: { kind: 'json' | 'multipart'; schema: Json } | null
}

async function loadOperations(app: TestApp) {
  const res = await app.inject('/openapi.json')
  if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}`)
  const doc = res.json()
  const components: Record<string, Json> = doc.components?.schemas ?? {}
  const resolve = (schema: Json): Json => {
    if (schema && typeof schema.$ref === 'string') {
      const match = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)
      const target = match ? components[match[1]!] : undefined
      if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`)
      return resolve(target)
    }
    return schema
  }
  const operations: Operation[] = []
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    if (!path.startsWith('/v1/')) continue
    for (const [method, op] of Object.entries<Json>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      const parameters: Json[] = [...(item.parameters ?? []), ...(op.parameters ?? [])]
      const content = op.requestBody?.content ?? {}
      const body = content['application/json']
        ? { kind: 'json' as const, schema: content['application/json'].schema }
        : content['multipart/form-data']
          ? { kind: 'multipart' as const, schema: content['multipart/form-data'].schema }
          : null
      operations.push({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body,
      })
    }
  }
  return { operations, resolve }
}

// ---------------------------------------------------------------------------------------------
// Placeholders: a generated case names the workspace's own resources symbolically (`@@REF:group:0@@`)
// and carries raw JSON tokens that JSON.stringify cannot produce (`-0`, `1e999`, 20 000 levels of
// nesting); both are filled in when the case is sent.

type Kind =
  'assistant' | 'contact' | 'phone_number' | 'order' | 'group' | 'call' | 'scheduled' | 'document' | 'available'

const RAW = '\u0000raw'
type Raw = { [RAW]: string }
const raw = (text: string): Raw => ({ [RAW]: text })
const isRaw = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, RAW)

const ref = (kind: Kind, index: number) => `@@REF:${kind}:${index}@@`

/** The JSON text a raw token stands for: itself, or `nested:<form>:<depth>` spelled out. */
const rawText = (token: string) => {
  const match = /^nested:(\w+):(\d+)$/.exec(token)
  return match ? nested(Number(match[2]), match[1]!) : token
}

/** JSON text of a generated value, raw tokens spliced in. */
function toJson(value: unknown): string {
  const raws: string[] = []
  const text = JSON.stringify(value, (_key, v) => (isRaw(v) ? `@@RAW:${raws.push(rawText(v[RAW])) - 1}@@` : v))
  if (text === undefined) return 'null'
  return raws.length === 0 ? text : text.replace(/"@@RAW:(\d+)@@"/g, (_, i) => raws[Number(i)]!)
}

/** Sets an own, enumerable property — also one named `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

// ---------------------------------------------------------------------------------------------
// Valid-looking values from a JSON Schema

const refKinds: Record<string, Kind> = {
  assistant_id: 'assistant',
  contact_id: 'contact',
  phone_number_id: 'phone_number',
  verification_group_id: 'group',
}

const shortString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
)

function stringArb(schema: Json, key: string | undefined): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0
  const max = Math.min(schema.maxLength ?? 60, 200)
  const fits = (s: string) => s.length >= min && s.length <= (schema.maxLength ?? Infinity)
  switch (schema.format) {
    case 'uuid': {
      const kind = key ? refKinds[key] : undefined
      return kind
        ? fc.oneof({ weight: 4, arbitrary: fc.nat(3).map((i) => ref(kind, i)) }, { weight: 1, arbitrary: fc.uuid() })
        : fc.uuid()
    }
    case 'date-time':
      return fc
        .date({ min: new Date('2025-06-01T00:00:00Z'), max: new Date('2027-06-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString())
    case 'email':
      return fc.emailAddress().filter(fits)
    case 'uri':
      return fc.webUrl({ validSchemes: ['http', 'https'] }).filter(fits)
    case 'binary':
      return fc.string()
  }
  if (typeof schema.pattern === 'string') {
    return fc.stringMatching(new RegExp(schema.pattern)).filter(fits)
  }
  if (key === 'phone_number') {
    // an order by number: a number from the inventory, or anything
    return fc.oneof(
      fc.nat(3).map((i) => ref('available', i)),
      fc.stringMatching(/^\+31[0-9]{9}$/),
      shortString.filter(fits),
    )
  }
  return fc.string({ minLength: min, maxLength: Math.max(min, max) }).filter(fits)
}

function valid(schema: Json, resolve: (s: Json) => Json, key?: string, depth = 0): fc.Arbitrary<unknown> {
  schema = resolve(schema ?? {})
  if (schema.anyOf || schema.oneOf) {
    return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((s: Json) => valid(s, resolve, key, depth)))
  }
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum)
  if ('const' in schema) return fc.constant(schema.const)
  switch (schema.type) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 })
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e6,
        max: schema.maximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      })
    case 'string':
      return stringArb(schema, key)
    case 'array':
      return fc.array(valid(schema.items ?? {}, resolve, key, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      })
    case 'object': {
      const properties: Record<string, Json> = schema.properties ?? {}
      const names = Object.keys(properties)
      if (names.length === 0) {
        const values = schema.patternProperties ? Object.values<Json>(schema.patternProperties)[0] : {}
        return fc.dictionary(
          fc.string({ maxLength: 12 }),
          depth > 2
            ? fc.oneof(fc.string({ maxLength: 10 }), fc.integer())
            : valid(values, resolve, undefined, depth + 1),
          { maxKeys: 3 },
        )
      }
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const name of names) record[name] = valid(properties[name], resolve, name, depth + 1)
      return fc.record(record, { requiredKeys: schema.required ?? [] })
    }
    default:
      // `{}` (unknown): any JSON value — small, or now and then nested very deep, which the
      // schema allows as well
      return depth > 2
        ? fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean())
        : fc.oneof({ weight: 6, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: deepNesting })
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values and mutations

/** `depth` levels of arrays or objects, as raw text (JSON.stringify would recurse that deep itself). */
const nested = (depth: number, form: string) =>
  form === 'array'
    ? '['.repeat(depth) + ']'.repeat(depth)
    : form === 'object'
      ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
      : '{"a":['.repeat(depth) + '0' + ']}'.repeat(depth)

/** Deep nesting, kept as its description until it is sent, so a counterexample stays readable. */
const deepNesting = fc
  .record({ depth: fc.integer({ min: 10, max: 20_000 }), form: fc.constantFrom('array', 'object', 'mixed') })
  .map(({ depth, form }) => raw(`nested:${form}:${depth}`))

const hugeString = fc
  .record({
    length: fc.integer({ min: 1_000, max: 100_000 }),
    unit: fc.constantFrom('a', 'é', '💥', '\u0000', '\n', '"', '\\', '<script>', '\u202e', ' '),
  })
  .map(({ length, unit }) => unit.repeat(Math.max(1, Math.floor(length / unit.length))))

const controlString = fc.string({
  unit: fc
    .oneof(fc.integer({ min: 0, max: 31 }), fc.constantFrom(0x7f, 0x85, 0x2028, 0x2029, 0xfeff, 0x202e, 0xd800, 0xdfff))
    .map((c) => String.fromCharCode(c)),
  maxLength: 20,
})

const protoObject = fc.constantFrom(
  raw('{"__proto__":{"polluted":"yes"}}'),
  raw('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  raw('{"__proto__":null}'),
  raw('{"__proto__":[]}'),
  raw('{"prototype":{"polluted":"yes"}}'),
)

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    -1e308,
    5e-324,
    2 ** 53 + 1,
    4294967296,
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    '-0',
    '1e308',
    '1e999',
    'null',
    'undefined',
    'true',
    '0x10',
    '[]',
    '{}',
    '__proto__',
    '\u0000',
    '\ud800',
    '\ufeff',
    '💥💥💥',
    "'; DROP TABLE contacts; --",
    '%s%s%n',
    '../../etc/passwd',
    [],
    {},
    [null],
    [{}],
    ['a', 1, null],
  ),
  fc.constantFrom(
    raw('-0'),
    raw('1e999'),
    raw('-1e999'),
    raw('1E400'),
    raw('123456789012345678901234567890'),
    raw('0.0000000000000000000000000001'),
  ),
  hugeString,
  controlString,
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  deepNesting,
  protoObject,
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 5 }),
)

const extraKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '__defineGetter__',
    'id',
    'contact_id',
    'created_at',
    'updated_at',
    'last_modified',
    'status',
    'workspace_id',
    'api_key',
    'credits',
    '',
    ' ',
    '\u0000',
    'phone_number ',
    'PHONE_NUMBER',
    'name\u0000',
    'x'.repeat(1000),
  ),
  fc.string({ maxLength: 15 }),
)

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'extra'; at: number; key: string; value: unknown }
  | { kind: 'wrap'; at: number }
  | { kind: 'stringify'; at: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostile }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('extra' as const), at: fc.nat(), key: extraKey, value: hostile }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stringify' as const), at: fc.nat() }) },
)

const isContainer = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !isRaw(v)

/** Every path into a value (the root included), in a stable order. */
function pathsOf(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix)
  if (isContainer(value) && prefix.length < 6) {
    for (const key of Object.keys(value)) pathsOf(value[key], [...prefix, key], out)
  }
  return out
}

function clone(value: unknown): unknown {
  if (isRaw(value)) return raw(value[RAW])
  if (Array.isArray(value)) return value.map(clone)
  if (isContainer(value)) {
    const copy: Record<string, unknown> = {}
    for (const key of Object.keys(value)) setOwn(copy, key, clone(value[key]))
    return copy
  }
  return value
}

/** Applies the mutations in turn; each picks its target among the paths of the value as it is then. */
function mutate(body: unknown, mutations: Mutation[]): unknown {
  let root = clone(body)
  for (const m of mutations) {
    const paths = pathsOf(root)
    const path = paths[m.at % paths.length]!
    const parent = path.slice(0, -1).reduce<any>((v, k) => v[k], root)
    const last = path[path.length - 1]
    const current = last === undefined ? root : parent[last]
    const set = (value: unknown) => {
      if (last === undefined) root = value
      else if (Array.isArray(parent)) parent[Number(last)] = value
      else setOwn(parent, last, value)
    }
    switch (m.kind) {
      case 'replace':
        set(clone(m.value))
        break
      case 'delete':
        if (last === undefined) root = undefined
        else if (Array.isArray(parent)) parent.splice(Number(last), 1)
        else delete parent[last]
        break
      case 'extra':
        if (isContainer(current) && !Array.isArray(current)) setOwn(current, m.key, clone(m.value))
        else {
          const object: Record<string, unknown> = {}
          setOwn(object, m.key, clone(m.value))
          set(object)
        }
        break
      case 'wrap':
        set([current])
        break
      case 'stringify':
        set(isRaw(current) ? rawText(current[RAW]) : (JSON.stringify(current) ?? 'undefined'))
        break
    }
  }
  return root
}

// ---------------------------------------------------------------------------------------------
// Path ids and query strings

type IdChoice = { own: number } | { uuid: string } | { raw: string }

const weirdId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'not-a-uuid',
    '..',
    '.',
    '../',
    '..%2F',
    '..%2F..%2Fuser',
    '%2e%2e',
    '%2e%2e%2f',
    '%00',
    '%0a',
    '%0d%0a',
    '%',
    '%zz',
    '%u0000',
    '%E2%80%AE',
    '%F0%9F%92%A5',
    '%C0%AF',
    '%FF',
    '%ED%A0%80',
    '*',
    'null',
    'undefined',
    'NaN',
    '0',
    '-1',
    '1e308',
    '__proto__',
    'constructor',
    'prototype',
    'hasOwnProperty',
    'doc_000000000000000000000000',
    'doc_',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '6F1C2A3B-4D5E-4F60-8A71-92B3C4D5E6F7',
    '%7B6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7%7D',
    '6f1c2a3b4d5e4f608a7192b3c4d5e6f7',
    '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7%00',
    '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7%20',
    "1'%20OR%20'1'%3D'1",
    'ü',
    '💥',
    ';',
    ',',
    '~',
    '@',
    '$',
    '+',
  ),
  fc.integer({ min: 60, max: 20_000 }).map((n) => 'a'.repeat(n)),
  fc.uuid().map((u) => `${u}%00`),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }).map((s) => s.replace(/[/?#%\s]/g, '-')),
)

/** A path segment that routing cannot take for anything but a value: no dots alone, no escapes. */
const plainToken = (id: string) => /^[A-Za-z0-9_~-][A-Za-z0-9_~.-]*$/.test(id) && id !== '.' && id !== '..'
const uuidShaped = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const idChoice: fc.Arbitrary<IdChoice> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ own: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ uuid: fc.uuid() }) },
  { weight: 4, arbitrary: fc.record({ raw: weirdId }) },
)

/** Odd values for a number parameter: out of range, not integers, not numbers, beyond 64 bits. */
const oddNumber: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '-0',
    '0',
    '-1',
    '1.5',
    '1.0',
    '1.',
    '.5',
    '1e3',
    '1E20',
    '1e20',
    '1e308',
    '1e400',
    '-1e308',
    '5e-324',
    'NaN',
    'Infinity',
    '-Infinity',
    '0x10',
    '0b1',
    '0o7',
    '%205',
    '5%20',
    '+5',
    '%2B5',
    '00005',
    '100000000000000000000',
    '9007199254740993',
    '9223372036854775807',
    '9223372036854775808',
    '18446744073709551616',
    '2147483648',
    '4294967296',
    'true',
    'null',
    '[]',
    '1,2',
    '1;2',
    '%00',
    '1%00',
    '١٢',
  ),
  // numbers JavaScript reads as ±Infinity
  fc.constantFrom('Infinity', '-Infinity', '1e400', '-1e400', '1E999', '%2B1e309'),
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
)

/** Odd values for any parameter. */
const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    'null',
    'undefined',
    '[]',
    '{}',
    '%00',
    '%',
    '%zz',
    '%E2%80%AE',
    '%F0%9F%92%A5',
    '%ED%A0%80',
    '%FF',
    '*',
    '%25',
    '%27%3B--',
    '..%2F..',
    '+31612345678',
    '%2B31612345678',
    '2026-01-15T10:30:00Z',
    '2026-13-45T99:99:99Z',
    '2026-12-31T23:59:60Z',
    '%2B275760-09-13T00:00:00Z',
    '-271821-04-20T00:00:00Z',
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999999999Z',
    '2026-01-15T10:30:00%2B14:00',
    '2026-01-15T10:30:00-23:59',
    'national',
    'local',
    'mobile',
    'pending',
    'deleted',
    'default',
    'external',
    'inbound',
    'ended',
    'NATIONAL',
    'Amsterdam',
    '%22%27%5C',
    '\\',
    '%5C%5C',
    'a%2Cb',
    '%0A%0D',
  ),
  fc.integer({ min: 100, max: 20_000 }).map((n) => 'z'.repeat(n)),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent),
)

const oddQueryValue = fc.oneof(oddNumber, oddString)

interface QueryPiece {
  name: string
  value: string
  form: 'pair' | 'bare' | 'brackets'
}

const oddQueryName = fc.constantFrom(
  '__proto__',
  'constructor',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  'limit[]',
  'offset[0]',
  'LIMIT',
  '',
  '=',
  '%zz',
  'unknown',
  'x'.repeat(500),
  'search%00',
)

function queryArb(op: Operation, resolve: (s: Json) => Json): fc.Arbitrary<QueryPiece[]> {
  const declared = op.query.map((p) =>
    fc.record({
      name: fc.constant(p.name),
      value: fc.oneof(
        { weight: 2, arbitrary: valid(p.schema, resolve, p.name).map((v) => encodeURIComponent(String(v))) },
        { weight: 3, arbitrary: ['integer', 'number'].includes(resolve(p.schema).type) ? oddNumber : oddString },
        { weight: 1, arbitrary: oddQueryValue },
      ),
      form: fc.constantFrom<QueryPiece['form']>('pair', 'pair', 'pair', 'bare', 'brackets'),
    }),
  )
  const odd = fc.record({
    name: oddQueryName,
    value: oddQueryValue,
    form: fc.constantFrom<QueryPiece['form']>('pair', 'bare', 'brackets'),
  })
  const piece =
    declared.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.oneof(...declared) }, { weight: 1, arbitrary: odd }) : odd
  return fc.array(piece, { maxLength: 5 })
}

/** A query value as the server reads it (`+` is a space), or undefined when it cannot be decoded. */
function decodedQueryValue(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}

/**
 * The declared parameter of `pieces` whose value the schema plainly refuses, if any: a number out of
 * range, not an integer or not finite (README § Pagination: 400, not a clamp), a value outside an
 * enum, a string too long or not matching its pattern. Such a query must be a 400. Only parameters
 * sent once as `name=value` are judged; repeated, bare and bracketed ones are left alone.
 */
function refusedParameter(op: Operation, pieces: QueryPiece[], resolve: (s: Json) => Json): string | undefined {
  for (const param of op.query) {
    const sent = pieces.filter((p) => p.name === param.name)
    if (sent.length !== 1 || sent[0]!.form !== 'pair') continue
    const value = decodedQueryValue(sent[0]!.value)
    if (value === undefined || value.trim() === '') continue
    const schema = resolve(param.schema)
    if (schema.type === 'integer') {
      const n = Number(value.trim())
      if (!Number.isFinite(n) || !Number.isInteger(n)) return param.name
      if (
        (schema.minimum !== undefined && n < schema.minimum) ||
        (schema.maximum !== undefined && n > schema.maximum)
      ) {
        return param.name
      }
    }
    const allowed = (schema.anyOf ?? []).flatMap((s: Json) => s.enum ?? [])
    if (schema.anyOf && allowed.length === schema.anyOf.length && !allowed.includes(value)) return param.name
    if (schema.type === 'string') {
      if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return param.name
      if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return param.name
    }
  }
  return undefined
}

const queryText = (pieces: QueryPiece[]) =>
  pieces
    .map((p) =>
      p.form === 'bare' ? p.name : p.form === 'brackets' ? `${p.name}[]=${p.value}` : `${p.name}=${p.value}`,
    )
    .join('&')

// ---------------------------------------------------------------------------------------------
// Workspaces: a key, the ids of its resources, and what its lists read before a case

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')

interface Part {
  name: string
  filename?: string
  contentType?: string
  data: Buffer
}

function multipartBody(boundary: string, parts: Part[], close = true): Buffer {
  const chunks: Buffer[] = []
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`
    if (part.filename !== undefined) head += `; filename="${part.filename}"`
    head += '\r\n'
    if (part.contentType !== undefined) head += `Content-Type: ${part.contentType}\r\n`
    chunks.push(Buffer.from(`${head}\r\n`), part.data, Buffer.from('\r\n'))
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(chunks)
}

interface Workspace {
  key: string
  ids: Record<Kind, string[]>
  /** URL → status and body as first read for this workspace. */
  snapshots: Map<string, string>
}

const auth = (key: string) => ({ authorization: `Bearer ${key}` })

async function must(app: TestApp, what: string, options: InjectOptions, status: number) {
  const res = await app.inject(options)
  if (res.statusCode !== status) {
    throw new Error(`setup: ${what} answered ${res.statusCode}, not ${status}: ${res.body.slice(0, 500)}`)
  }
  return res.json()
}

const groupInput = (phone_number_type: string, city: string) => ({
  phone_number_type,
  name: 'Fuzz BV',
  business_name: 'Fuzz BV',
  contact_person_first_name: 'F',
  contact_person_last_name: 'Uzz',
  contact_person_phone: '+31612345678',
  street_name: 'Damrak',
  house_number: '1',
  postal_code: '1012 LG',
  city,
  province: 'Noord-Holland',
})

/**
 * A fresh workspace with one of everything in more than one state: a pending verification group
 * with a document and an approved one, a completed and a pending number order, a call in progress
 * and a queued one, a scheduled call (besides the seeded assistants, contacts and shared number).
 */
async function newWorkspace(app: TestApp, key: string): Promise<Workspace> {
  const headers = auth(key)
  const get = (url: string) => must(app, `GET ${url}`, { method: 'GET', url, headers }, 200)
  const post = (url: string, payload?: object, status = 201) =>
    must(app, `POST ${url}`, { method: 'POST', url, headers, ...(payload ? { payload } : {}) }, status)
  const upload = (group: string) =>
    must(
      app,
      'document upload',
      {
        method: 'POST',
        url: `/v1/verification-groups/${group}/documents`,
        headers: { ...headers, 'content-type': 'multipart/form-data; boundary=fuzzboundary' },
        payload: multipartBody('fuzzboundary', [
          { name: 'type', data: Buffer.from('proof_of_address') },
          { name: 'file', filename: 'proof.pdf', contentType: 'application/pdf', data: PDF },
        ]),
      },
      201,
    )

  const available: string[] = (await get('/v1/phone-numbers/available?limit=6')).data.map((n: Json) => n.phone_number)
  const pending = (await post('/v1/verification-groups', groupInput('local', 'Amsterdam'))).data
    .requirement_group_id as string
  const document = (await upload(pending)).data.id as string
  const approved = (await post('/v1/verification-groups', groupInput('national', 'Utrecht'))).data
    .requirement_group_id as string
  await upload(approved)
  await post(`/v1/verification-groups/${approved}/submit`, undefined, 200)
  const assistants: string[] = (await get('/v1/assistants?limit=100')).data.map((a: Json) => a.id)
  const withNumber = (await get('/v1/assistants?limit=100')).data.find((a: Json) => a.phone_number)?.id ?? assistants[0]
  const scheduled = (
    await post('/v1/scheduled-calls', {
      assistant_id: withNumber,
      phone_number: '+31611112222',
      scheduled_at: '2026-03-01T09:00:00Z',
    })
  ).data.id as string
  const talking = (await post('/v1/calls/outbound', { assistant_id: withNumber, phone_number: '+31611113333' })).data
    .id as string
  const completed = (await post('/v1/phone-numbers', { phone_number: available[0] })).data.order_id as string
  // 5 s on the workspace's clock: the order completes, the call is answered, the group is approved
  await post('/_mock/clock/advance', { seconds: 5 }, 200)
  const queued = (await post('/v1/calls/outbound', { assistant_id: withNumber, phone_number: '+31611114444' })).data
    .id as string
  const ordered = (await post('/v1/phone-numbers', { phone_number: available[1] })).data.order_id as string
  const contacts: string[] = (await get('/v1/contacts?limit=100')).data.map((c: Json) => c.contact_id)
  const numbers = await get('/v1/phone-numbers?limit=100&include_default=true')
  const phoneNumbers: string[] = [...numbers.data, ...(numbers.shared_numbers ?? [])].map((n: Json) => n.id)

  return {
    key,
    ids: {
      assistant: assistants,
      contact: contacts,
      phone_number: phoneNumbers,
      order: [ordered, completed],
      group: [pending, approved],
      call: [talking, queued],
      scheduled: [scheduled],
      document: [document],
      available: available.slice(2),
    },
    snapshots: new Map(),
  }
}

/** Hands out the current workspace; `retire()` after a case that changed something. */
function workspacePool(app: TestApp, prefix: string) {
  let current: Workspace | undefined
  let count = 0
  return {
    async get() {
      if (!current && exploring) statuses.set(`workspaces ${prefix}`, (statuses.get(`workspaces ${prefix}`) ?? 0) + 1)
      current ??= await newWorkspace(app, `${prefix}-${count++}`)
      return current
    },
    retire() {
      current = undefined
    },
  }
}

const pick = (list: string[], index: number) =>
  list.length === 0 ? '00000000-0000-4000-8000-000000000000' : list[index % list.length]!

/** Fills the `@@REF:kind:i@@` placeholders with the workspace's ids. */
const fill = (text: string, w: Workspace) =>
  text.replace(/@@REF:([a-z_]+):(\d+)@@/g, (_, kind: Kind, i) => pick(w.ids[kind] ?? [], Number(i)))

/** The kind of resource a path parameter names: the segment before it. */
function kindOf(path: string, param: string): Kind {
  const segments = path.split('/')
  const at = segments.indexOf(`{${param}}`)
  const kinds: Record<string, Kind> = {
    assistants: 'assistant',
    contacts: 'contact',
    'phone-numbers': 'phone_number',
    'phone-number-orders': 'order',
    'verification-groups': 'group',
    calls: 'call',
    'scheduled-calls': 'scheduled',
    documents: 'document',
  }
  return kinds[segments[at - 1] ?? ''] ?? 'assistant'
}

function urlOf(op: Operation, ids: Record<string, IdChoice>, w: Workspace, query?: string) {
  let url = op.path
  for (const { name } of op.pathParams) {
    const choice = ids[name] ?? { own: 0 }
    const id =
      'own' in choice ? pick(w.ids[kindOf(op.path, name)], choice.own) : 'uuid' in choice ? choice.uuid : choice.raw
    url = url.replace(`{${name}}`, id)
  }
  return query === undefined || query === '' ? url : `${url}?${fill(query, w)}`
}

/**
 * The reads that would show a change made by `op`: the live counts and credits of the workspace
 * (`/v1/user/profile/extended` counts assistants, numbers, contacts, calls and pending scheduled
 * calls), and the full lists or details of the resources the operation works on.
 */
function watched(op: Operation, w: Workspace): string[] {
  const assistants = '/v1/assistants?limit=100'
  const numbers = '/v1/phone-numbers?limit=100&include_default=true'
  const orders = '/v1/phone-number-orders?limit=100'
  const scheduled = '/v1/scheduled-calls?limit=100'
  const groups = ['/v1/verification-groups?limit=100', ...w.ids.group.map((id) => `/v1/verification-groups/${id}`)]
  const calls = ['/v1/calls?limit=100', `/v1/calls/${w.ids.call[0]}`]
  const contacts = '/v1/contacts?limit=100'
  const byResource: Record<string, string[]> = {
    assistants: [assistants, numbers],
    contacts: [contacts],
    'phone-numbers': [numbers, orders, assistants],
    'available-phone-numbers': [numbers, orders],
    'phone-number-orders': [orders],
    'verification-groups': [...groups, orders],
    calls,
    knowledgebase: [assistants],
    'scheduled-calls': [scheduled],
    'instant-agents': [assistants],
    user: [],
  }
  const resource = op.path.split('/')[2] ?? ''
  return [
    '/v1/user/profile/extended',
    ...(byResource[resource] ?? [assistants, contacts, numbers, orders, scheduled, ...groups, ...calls]),
  ]
}

async function read(app: TestApp, w: Workspace, url: string) {
  if (exploring) statuses.set('reads', (statuses.get('reads') ?? 0) + 1)
  const res = await app.inject({ method: 'GET', url, headers: auth(w.key) })
  return `${res.statusCode} ${res.body}`
}

// ---------------------------------------------------------------------------------------------
// The invariants

const codes = new Set(Object.keys(errorStatus))
const clip = (text: string, n = 300) => (text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text)

function describe(request: InjectOptions, res?: LightMyRequestResponse) {
  const payload =
    request.payload === undefined
      ? ''
      : Buffer.isBuffer(request.payload)
        ? request.payload.toString('latin1')
        : String(request.payload)
  const contentType = (request.headers as Record<string, string> | undefined)?.['content-type']
  return [
    `${request.method} ${clip(String(request.url), 200)}`,
    contentType === undefined ? '' : ` [content-type: ${clip(contentType, 80)}]`,
    payload ? ` body ${clip(payload, 200)}` : '',
    res ? ` → ${res.statusCode} ${clip(res.body, 300)}` : '',
  ].join('')
}

const prototypeKeys = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((p) => Object.getOwnPropertyNames(p).join())
    .join('|')
const cleanPrototypes = prototypeKeys()

/** Throws when an answer breaks invariants 1 and 2. */
function checkAnswer(request: InjectOptions, res: LightMyRequestResponse) {
  const fail = (what: string) => {
    throw new Error(`${what}: ${describe(request, res)}`)
  }
  if (res.statusCode >= 500) fail('5xx')
  if (!/^application\/json\b/.test(String(res.headers['content-type'] ?? ''))) {
    fail(`content type ${res.headers['content-type']}`)
  }
  let body: Json
  try {
    body = JSON.parse(res.body)
  } catch {
    fail('the body is not JSON')
  }
  if (res.statusCode >= 400) {
    const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)
    if (!isObject(body) || Object.keys(body).join() !== 'error') fail('not the error shape {error}')
    const error = body.error
    if (!isObject(error) || Object.keys(error).sort().join() !== 'code,details,message') {
      fail('not the error shape {error: {code, message, details}}')
    }
    if (typeof error.code !== 'string' || !codes.has(error.code)) {
      fail(`error code ${JSON.stringify(error.code)} is not in the catalogue`)
    }
    if (errorStatus[error.code as keyof typeof errorStatus] !== res.statusCode) {
      fail(`status ${res.statusCode} is not the status of ${error.code}`)
    }
    if (typeof error.message !== 'string' || error.message.trim() === '') fail('empty message')
    if (/\n\s+at |SQLITE|node_modules|\.(ts|js):\d+/i.test(error.message)) fail('the message leaks internals')
    if (!isObject(error.details)) fail('details is not an object')
  }
  if (prototypeKeys() !== cleanPrototypes || ({} as Record<string, unknown>).polluted !== undefined) {
    fail('a prototype was polluted')
  }
}

/** FUZZ_EXPLORE=1: record every failure (one example per kind) instead of stopping at the first. */
const exploring = process.env.FUZZ_EXPLORE === '1'
/** What was found, one example per kind, and how often each operation answered each status. */
const found = new Map<string, { count: number; example: string }>()
const statuses = new Map<string, number>()
function explore<T>(predicate: (c: T) => Promise<void>) {
  if (!exploring) return predicate
  return async (c: T) => {
    try {
      await predicate(c)
    } catch (error) {
      const message = (error as Error).message
      const status = / → (\d{3}) (.{0,90})/.exec(message)
      const kind = `${message.split(':')[0]} | ${(c as { op?: string }).op ?? ''} | ${status?.[1]} ${status?.[2]?.replace(/[0-9a-f-]{36}/g, '<id>') ?? ''}`
      const entry = found.get(kind) ?? { count: 0, example: message.slice(0, 1500) }
      entry.count++
      found.set(kind, entry)
    }
  }
}
if (exploring) {
  t.teardown(() => {
    const report = [...statuses].sort().map(([k, n]) => `${n}\t${k}`)
    for (const [kind, { count, example }] of found) report.push(`\n### ${count}× ${kind}\n${example}`)
    writeFileSync(process.env.FUZZ_EXPLORE_OUT ?? '/tmp/fuzz-explore.txt', report.join('\n'))
  })
}

/**
 * The request journal (`GET /_mock/requests`) records every /v1 request with its body: whatever a
 * request brought, reading the journal afterwards must still work. The newest entries are this
 * request's (the journal is newest first).
 */
async function checkJournal(app: TestApp, w: Workspace, sent: InjectOptions) {
  const request: InjectOptions = { method: 'GET', url: '/_mock/requests?limit=2', headers: auth(w.key) }
  const res = await app.inject(request)
  if (res.statusCode !== 200) {
    throw new Error(`the request journal cannot be read after ${describe(sent)}: ${describe(request, res)}`)
  }
}

/**
 * Sends one case to the pool's current workspace and checks all three invariants. A mutating request
 * that succeeds retires the workspace; anything else must leave the watched reads as they were.
 */
async function exercise(
  app: TestApp,
  pool: ReturnType<typeof workspacePool>,
  op: Operation,
  build: (w: Workspace) => InjectOptions,
) {
  const w = await pool.get()
  const urls = watched(op, w)
  for (const url of urls) if (!w.snapshots.has(url)) w.snapshots.set(url, await read(app, w, url))
  const request = build(w)
  const res = await app.inject(request)
  if (exploring) {
    const error = process.env.FUZZ_MESSAGES
      ? /"message":"([^"]*)/.exec(res.body)?.[1]?.slice(0, 80)
      : /"code":"(\w+)/.exec(res.body)?.[1]
    const key = `${op.name} ${res.statusCode}${res.statusCode >= 400 ? ` ${error}` : ''}`
    statuses.set(key, (statuses.get(key) ?? 0) + 1)
  }
  const changed = request.method !== 'GET' && res.statusCode < 400
  // A workspace that may have changed, or that a failing case may have left in any state, serves
  // no further case (shrinking replays cases, and each must start from a known state).
  if (changed) pool.retire()
  try {
    checkAnswer(request, res)
    if (request.method !== 'GET') await checkJournal(app, w, request)
    if (changed) return res
    for (const url of urls) {
      const after = await read(app, w, url)
      const before = w.snapshots.get(url)!
      if (after !== before) {
        throw new Error(
          `state changed by a ${res.statusCode}: ${describe(request, res)}\n  ${url}\n  before: ${clip(before, 600)}\n  after:  ${clip(after, 600)}`,
        )
      }
    }
  } catch (error) {
    pool.retire()
    throw error
  }
  return res
}

/** Runs `numRuns` cases of a property with the fixed seed. */
async function check<T>(cases: fc.Arbitrary<T>, numRuns: number, predicate: (c: T) => Promise<void>) {
  await fc.assert(fc.asyncProperty(cases, explore(predicate)), {
    seed: Number(process.env.FUZZ_SEED ?? SEED),
    numRuns: Number(process.env.FUZZ_RUNS ?? numRuns),
    interruptAfterTimeLimit: TIME_LIMIT_MS,
    markInterruptAsFailure: false,
  })
}

async function setup(t: Test) {
  const app = await testApp(t)
  const { operations, resolve } = await loadOperations(app)
  if (operations.length < 40) throw new Error(`only ${operations.length} /v1 operations in /openapi.json`)
  return { app, operations, resolve }
}

// ---------------------------------------------------------------------------------------------
// The properties

t.test('JSON bodies: valid ones from the schema, mutated', async (t) => {
  const { app, operations, resolve } = await setup(t)
  const withBody = operations.filter((op) => op.body?.kind === 'json')
  t.ok(withBody.length >= 15, `${withBody.length} operations take a JSON body`)
  const byName = new Map(withBody.map((op) => [op.name, op]))
  const pool = workspacePool(app, 'body')
  const cases = fc.oneof(
    ...withBody.map((op) =>
      fc.record({
        op: fc.constant(op.name),
        ids: fc.record(
          Object.fromEntries(
            op.pathParams.map((p) => [
              p.name,
              fc.oneof({ weight: 6, arbitrary: fc.record({ own: fc.nat(3) }) }, { weight: 1, arbitrary: idChoice }),
            ]),
          ),
        ),
        body: valid(op.body!.schema, resolve),
        mutations: fc.oneof(
          { weight: 1, arbitrary: fc.constant<Mutation[]>([]) },
          { weight: 5, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
        ),
      }),
    ),
  )
  await check(cases, 1300, async (c) => {
    const op = byName.get(c.op)!
    await exercise(app, pool, op, (w) => ({
      method: op.method as InjectOptions['method'],
      url: urlOf(op, c.ids as Record<string, IdChoice>, w),
      headers: { ...auth(w.key), 'content-type': 'application/json' },
      payload: fill(toJson(mutate(c.body, c.mutations)), w),
    }))
  })
})

t.test('raw bodies: malformed JSON and wrong content types', async (t) => {
  const { app, operations, resolve } = await setup(t)
  const writes = operations.filter((op) => op.method !== 'GET')
  const byName = new Map(writes.map((op) => [op.name, op]))
  const pool = workspacePool(app, 'raw')
  const malformed = fc.constantFrom(
    '{',
    '}',
    '{"a":}',
    "{'phone_number':'+31612345678'}",
    '{"a":1,}',
    '[1,]',
    'undefined',
    'NaN',
    '-',
    '01',
    '1e',
    '"\\x"',
    '"\\u12"',
    '\ufeff{}',
    '{}garbage',
    '{} {}',
    '{"a":1}{"b":2}',
    '/* */{}',
    '{"a":"\n"}',
    '\u0000',
    ' ',
    '\t\n',
    'null',
    'true',
    '0',
    '-0',
    '1e999',
    '"x"',
    '[]',
    '[{}]',
    '[null]',
    '{"__proto__":{"polluted":"yes"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '{"__proto__":[]}',
    '{"name":"\\ud800"}',
    '{"a":1,"a":2}',
    '{"name":"x","name":1}',
    '[',
    '{"a":[',
    '{"a":{"b":',
  )
  const bodyText = fc.oneof(
    { weight: 4, arbitrary: malformed.map((s) => ({ text: s })) },
    {
      weight: 3,
      arbitrary: fc.record({
        valid: fc.constantFrom(...writes.map((op) => op.name)),
        cut: fc.option(fc.nat(), { nil: undefined }),
        prefix: fc.constantFrom('', '', '\ufeff', ' ', '{"__proto__":{"polluted":"yes"}, "x":', '['),
      }),
    },
    { weight: 1, arbitrary: deepNesting.map((r) => ({ text: rawText(r[RAW]) })) },
    { weight: 1, arbitrary: fc.integer({ min: 10, max: 30_000 }).map((n) => ({ text: '['.repeat(n) })) },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 64 })
        .map((bytes) => ({ bytes: [0x7b, 0x22, ...bytes, 0x22, 0x7d] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 900_000, max: 1_200_000 })
        .map((n) => ({ text: `{"phone_number":"+31612345678",${' '.repeat(n)}"x":1}` })),
    },
  )
  const contentType = fc.constantFrom<string | null>(
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'application/json; charset=utf-16le',
    'APPLICATION/JSON',
    'application/json;',
    'application/json ; x=y',
    'application/vnd.api+json',
    'application/jsonx',
    'text/json',
    'text/plain',
    'text/html',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=----x',
    'application/octet-stream',
    '*/*',
    '',
    ' ',
    'json',
    'application/json, text/plain',
    null,
  )
  const bodies = new Map(writes.filter((op) => op.body?.kind === 'json').map((op) => [op.name, op]))
  const validBodies = new Map([...bodies].map(([name, op]) => [name, valid(op.body!.schema, resolve)]))
  const cases = fc.record({
    op: fc.constantFrom(...writes.map((op) => op.name)),
    ids: fc.record({ own: fc.nat(3) }),
    body: bodyText,
    validBody: fc.constantFrom(...validBodies.keys()).chain((name) => validBodies.get(name)!),
    contentType,
  })
  await check(cases, 500, async (c) => {
    const op = byName.get(c.op)!
    const ids = Object.fromEntries(op.pathParams.map((p) => [p.name, c.ids]))
    await exercise(app, pool, op, (w) => {
      let payload: string | Buffer
      if ('bytes' in c.body) payload = Buffer.from(c.body.bytes)
      else if ('text' in c.body) payload = c.body.text
      else {
        const text = fill(toJson(c.validBody), w)
        const cut = c.body.cut === undefined ? text : text.slice(0, c.body.cut % Math.max(1, text.length))
        payload = c.body.prefix + cut
      }
      const headers: Record<string, string> = { ...auth(w.key) }
      if (c.contentType !== null) headers['content-type'] = c.contentType
      return { method: op.method as InjectOptions['method'], url: urlOf(op, ids, w), headers, payload }
    })
  })
})

t.test('path ids: uuids, non-uuids, traversal, encodings, very long', async (t) => {
  const { app, operations, resolve } = await setup(t)
  const withIds = operations.filter((op) => op.pathParams.length > 0)
  t.ok(withIds.length >= 25, `${withIds.length} operations take a path id`)
  const byName = new Map(withIds.map((op) => [op.name, op]))
  const pool = workspacePool(app, 'path')
  const cases = fc.oneof(
    ...withIds.map((op) =>
      fc.record({
        op: fc.constant(op.name),
        ids: fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, idChoice]))),
        body: op.body?.kind === 'json' ? valid(op.body.schema, resolve) : fc.constant(undefined),
      }),
    ),
  )
  await check(cases, 700, async (c) => {
    const op = byName.get(c.op)!
    const ids = c.ids as Record<string, IdChoice>
    const res = await exercise(app, pool, op, (w) => ({
      method: op.method as InjectOptions['method'],
      url: urlOf(op, ids, w),
      headers: { ...auth(w.key), ...(c.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(c.body === undefined ? {} : { payload: fill(toJson(c.body), w) }),
    }))
    // README § Identifiers: a path id that is not a UUID where one is expected is a 404 (the
    // resource cannot exist), not a 400. Checked for plain tokens, which cannot change the route.
    const notUuid = op.pathParams.some((p) => {
      const choice = ids[p.name]
      return (
        resolve(p.schema).format === 'uuid' &&
        choice !== undefined &&
        'raw' in choice &&
        plainToken(choice.raw) &&
        !uuidShaped.test(choice.raw)
      )
    })
    const othersOwn = op.pathParams.every((p) => {
      const choice = ids[p.name]
      return !choice || !('raw' in choice) || plainToken(choice.raw)
    })
    // A body the JSON parser refuses (too deep, not JSON) is refused before the path is looked at.
    const bodyRefused = res.statusCode === 400 && res.json().error?.details?.field === 'body'
    if (notUuid && othersOwn && !bodyRefused && (res.statusCode !== 404 || res.json().error?.code !== 'not_found')) {
      throw new Error(
        `a non-UUID path id is not a 404 not_found: ${op.method} ${clip(urlOf(op, ids, await pool.get()), 200)} → ${res.statusCode} ${clip(res.body)}`,
      )
    }
  })
})

t.test('query strings: odd values, repeated and unknown parameters', async (t) => {
  const { app, operations, resolve } = await setup(t)
  const reads = operations.filter((op) => op.method === 'GET')
  const byName = new Map(reads.map((op) => [op.name, op]))
  const pool = workspacePool(app, 'query')
  const cases = fc.oneof(
    ...reads.map((op) => ({
      // the more parameters a read takes, the more of the cases it gets
      weight: 1 + 2 * op.query.length,
      arbitrary: fc.record({
        op: fc.constant(op.name),
        ids: fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, fc.record({ own: fc.nat(3) })]))),
        query: queryArb(op, resolve),
      }),
    })),
  )
  await check(cases, 900, async (c) => {
    const op = byName.get(c.op)!
    const res = await exercise(app, pool, op, (w) => ({
      method: 'GET',
      url: urlOf(op, c.ids as Record<string, IdChoice>, w, queryText(c.query)),
      headers: auth(w.key),
    }))
    const refused = refusedParameter(op, c.query, resolve)
    if (refused !== undefined && (res.statusCode !== 400 || res.json().error?.code !== 'invalid_parameters')) {
      throw new Error(
        `'${refused}' breaks its schema but the query is not a 400 invalid_parameters: GET ${clip(op.path, 80)}?${clip(queryText(c.query), 200)} → ${res.statusCode} ${clip(res.body, 200)}`,
      )
    }
  })
})

t.test('document uploads: broken multipart forms', async (t) => {
  const { app, operations } = await setup(t)
  const upload = operations.find((op) => op.body?.kind === 'multipart')
  if (!upload) throw new Error('no multipart operation in /openapi.json')
  const pool = workspacePool(app, 'multipart')
  const magic = fc.constantFrom(
    PDF.subarray(0, 8),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.from('GIF89a'),
    Buffer.alloc(0),
  )
  const content = fc.oneof(
    fc.tuple(magic, fc.uint8Array({ maxLength: 512 })).map(([m, rest]) => Buffer.concat([m, Buffer.from(rest)])),
    fc
      .tuple(magic, fc.integer({ min: 10_000, max: 200_000 }))
      .map(([m, n]) => Buffer.concat([m, Buffer.alloc(n, 0x41)])),
  )
  const typeValue = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('proof_of_address', 'business_registration', 'identity_document') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'PROOF_OF_ADDRESS',
        '',
        'null',
        'proof_of_address\u0000',
        ' proof_of_address',
        'x'.repeat(5000),
      ),
    },
  )
  const filename = fc.constantFrom(
    'a.pdf',
    'scan.png',
    '',
    '../../etc/passwd',
    'ü💥.png',
    'x'.repeat(2000),
    'a\u0000b.pdf',
    'con',
    '%00.pdf',
  )
  const part = fc.record({
    name: fc.constantFrom('file', 'type', 'extra', '', '__proto__', 'constructor', 'file"; filename="x', 'FILE'),
    filename: fc.option(filename, { nil: undefined }),
    contentType: fc.option(fc.constantFrom('application/pdf', 'image/png', 'text/plain', '', 'application/json'), {
      nil: undefined,
    }),
    data: fc.oneof(
      typeValue.map((s) => Buffer.from(s)),
      content,
    ),
  })
  /** A form that is nearly right: a file and a type, maybe out of order, maybe with more parts. */
  const form = fc
    .record({
      file: fc.record({
        filename,
        contentType: fc.option(fc.constantFrom('application/pdf', 'image/png', 'text/plain'), { nil: undefined }),
        data: content,
      }),
      type: typeValue,
      fileFirst: fc.boolean(),
      extra: fc.oneof(
        { weight: 3, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: fc.array(part, { maxLength: 2 }) },
      ),
    })
    .map(({ file, type, fileFirst, extra }) => {
      const parts: Part[] = [{ name: 'type', data: Buffer.from(type) }]
      parts.splice(fileFirst ? 0 : 1, 0, { name: 'file', ...file })
      return [...parts, ...(extra as Part[])]
    })
  const cases = fc.record({
    id: fc.oneof(
      { weight: 6, arbitrary: fc.constant({ own: 0 }) },
      { weight: 2, arbitrary: fc.record({ own: fc.nat(3) }) },
      { weight: 1, arbitrary: idChoice },
    ),
    boundary: fc.constantFrom(
      'fuzz',
      'a',
      '----WebKitFormBoundary7MA4YWxkTrZu0gW',
      'x'.repeat(70),
      'fuzz',
      'a',
      '----WebKitFormBoundary7MA4YWxkTrZu0gW',
      'x'.repeat(70),
      'ü',
    ),
    headerBoundary: fc.oneof(
      { weight: 8, arbitrary: fc.constant('same') },
      { weight: 1, arbitrary: fc.constantFrom('other', 'none', 'quoted') },
    ),
    parts: fc.oneof({ weight: 3, arbitrary: form }, { weight: 1, arbitrary: fc.array(part, { maxLength: 4 }) }),
    close: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    garbage: fc.oneof(
      { weight: 12, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 256 }) },
    ),
  })
  await check(cases, 250, async (c) => {
    await exercise(app, pool, upload, (w) => {
      const type = {
        same: `multipart/form-data; boundary=${c.boundary}`,
        other: 'multipart/form-data; boundary=somethingelse',
        none: 'multipart/form-data',
        quoted: `multipart/form-data; boundary="${c.boundary}"`,
      }[c.headerBoundary]!
      const payload = c.garbage ? Buffer.from(c.garbage) : multipartBody(c.boundary, c.parts as Part[], c.close)
      return {
        method: 'POST',
        url: urlOf(upload, { id: c.id }, w),
        headers: { ...auth(w.key), 'content-type': type },
        payload,
      }
    })
  })
})

t.test('Authorization headers: missing, malformed, odd keys', async (t) => {
  const { app, operations } = await setup(t)
  const reads = operations.filter((op) => op.method === 'GET' && op.pathParams.length === 0)
  const header = fc.oneof(
    fc.constantFrom<string | null>(
      null,
      '',
      'Bearer',
      'Bearer ',
      'Bearer  ',
      'bearer k',
      'BEARER k',
      'Basic dXNlcjpwYXNz',
      'Token k',
      'Bearer a b',
      'Bearer\tk',
      'Bearerk',
      ' Bearer k',
      'Bearer k ',
      'Bearer \u00ff',
      'Bearer null',
      'Bearer undefined',
      'Bearer __proto__',
      'Bearer constructor',
      'Bearer %00',
      "Bearer ' OR 1=1 --",
    ),
    fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((s) => `Bearer ${s}`),
    fc.integer({ min: 200, max: 16_000 }).map((n) => `Bearer ${'k'.repeat(n)}`),
  )
  const cases = fc.record({ op: fc.constantFrom(...reads.map((op) => op.name)), header })
  await check(cases, 300, async (c) => {
    const op = reads.find((o) => o.name === c.op)!
    const request: InjectOptions = {
      method: 'GET',
      url: op.path,
      headers: c.header === null ? {} : { authorization: c.header },
    }
    const res = await app.inject(request)
    checkAnswer(request, res)
    if (!/^Bearer +\S+$/i.test(c.header ?? '') && res.statusCode !== 401) {
      throw new Error(`not refused: ${describe(request, res)}`)
    }
    if (res.statusCode === 401 && res.json().error.code !== 'unauthorized') {
      throw new Error(`401 without unauthorized: ${describe(request, res)}`)
    }
  })
})
