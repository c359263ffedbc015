// How request schemas become validators and response schemas serializers.
//
// Validation uses Fastify's own Ajv compiler, configured twice: bodies are checked as sent (no
// type coercion, no stripping of unknown fields, no defaults filled in — a PATCH must not gain
// fields it did not send), while query strings and path parameters are coerced from text.
//
// Compiling ~50 routes' schemas would be most of an app's start-up. So a schema is compiled when
// its route first needs it, and compiled functions — which depend only on the schema text — are
// kept for the life of the process: test suites start many apps in one process.
import { AjvCompiler } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'
import { serializationSchema } from './serialization-schema.js'

type BuildValidator = ReturnType<typeof AjvCompiler>
type CompilerOptions = NonNullable<Parameters<BuildValidator>[1]>
type Ajv = Parameters<NonNullable<CompilerOptions['onCreate']>>[0]
type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>

/**
 * `date-time` as RFC 3339 allows it and as an instant exists: a leap second (23:59:60), which
 * JavaScript dates cannot hold, is refused with a 400 instead of failing later.
 */
function addInstantFormat(ajv: Ajv) {
  const rfc3339 = ajv.formats['date-time'] as { validate: (value: string) => boolean } | undefined
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (value: string) => (rfc3339 ? rfc3339.validate(value) : true) && !Number.isNaN(Date.parse(value)),
  })
}

/** `x-max-json-bytes: n`: an object at most n bytes long as JSON (schemas/common.ts, FreeForm). */
function addMaxJsonBytes(ajv: Ajv) {
  const validate: ((limit: number, data: unknown) => boolean) & { errors?: Record<string, unknown>[] } = (
    limit,
    data,
  ) => {
    if (Buffer.byteLength(JSON.stringify(data)) <= limit) return true
    validate.errors = [
      { keyword: 'x-max-json-bytes', message: `is larger than ${limit / 1024} KB as JSON`, params: { limit } },
    ]
    return false
  }
  ajv.addKeyword({ keyword: 'x-max-json-bytes', type: 'object', schemaType: 'number', validate })
}

/** Our formats and keywords, on each Ajv as it is created. */
export function extendAjv(ajv: Ajv) {
  addInstantFormat(ajv)
  addMaxJsonBytes(ajv)
}

const bodies: BuildValidator = AjvCompiler()
const others: BuildValidator = AjvCompiler()
const serializers = SerializerSelector()
const compiled = new Map<string, Compiled>()

/** A validator (with Ajv's `errors`) or a serializer. */
type Compiled = ((data: unknown) => unknown) & { errors?: unknown }

/**
 * The function for this schema text: compiled on its first call and cached for the process. The
 * wrapper carries the validator's `errors` as Fastify reads them after a failed validation.
 */
function lazy(key: () => string, compile: () => Compiled): Compiled {
  // Looked up once, on the first call: the key holds every shared schema, too long to build at
  // start-up for each route or to hash and compare per request.
  let fn: Compiled | undefined
  const wrapper: Compiled = (data) => {
    if (!fn) {
      const text = key()
      fn = compiled.get(text)
      if (!fn) compiled.set(text, (fn = compile()))
    }
    const result = fn(data)
    wrapper.errors = fn.errors
    return result
  }
  return wrapper
}

/** The text of a context's shared schemas, written when its first schema is compiled. */
function sharedText(externalSchemas: unknown) {
  let text: string | undefined
  return () => (text ??= JSON.stringify(externalSchemas))
}

/** A number as a query string writes it: Ajv's coercion also takes `0x10`, `0b1`, ` 16` and `1e400`. */
const decimal = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i

/** A refusal of the value at `name`, in Ajv's shape. */
const numberError = (name: string, message: string) => [
  { instancePath: `/${name}`, keyword: 'type', params: {}, message, schemaPath: '' },
]

/**
 * A query or path validator that refuses numbers not written in decimal, and numbers that are not
 * finite (`limit=1e400` coerces to Infinity, which passes the integer check and skips `maximum`).
 * It allocates nothing for a request without such a value: it runs on every request.
 */
function decimalNumbersOnly(validate: Compiled): Compiled {
  const checked: Compiled = (data) => {
    if (typeof data !== 'object' || data === null) {
      const valid = validate(data)
      checked.errors = validate.errors
      return valid
    }
    const fields = data as Record<string, unknown>
    // The values as sent that coercion could make a number of, though not written in decimal.
    let notDecimal: string[] | undefined
    for (const name in fields) {
      const value = fields[name]
      if (typeof value === 'string' && value !== '' && !Number.isNaN(Number(value)) && !decimal.test(value)) {
        notDecimal ??= []
        notDecimal.push(name)
      }
    }
    const valid = validate(data)
    checked.errors = validate.errors
    if (!valid) return valid
    const coerced = notDecimal?.find((name) => typeof fields[name] === 'number')
    if (coerced !== undefined) {
      checked.errors = numberError(coerced, 'must be a decimal number')
      return false
    }
    for (const name in fields) {
      const value = fields[name]
      if (typeof value === 'number' && !Number.isFinite(value)) {
        checked.errors = numberError(name, 'must be a finite number')
        return false
      }
    }
    return valid
  }
  return checked
}

export function compilersFactory(): CompilersFactory {
  // Fastify's types describe the pools' own function types; the lazy wrappers behave as those do.
  return {
    buildValidator: ((externalSchemas, options) => {
      // validateSchema: false spares each Ajv compiling the JSON Schema meta-schema (most of its
      // creation, ~100 ms each); test/schemas.test.ts checks the schemas against it instead.
      const withCustom = (customOptions: CompilerOptions['customOptions']) =>
        ({
          ...options,
          customOptions: { ...customOptions, validateSchema: false },
          onCreate: extendAjv,
        }) as CompilerOptions
      // Each Ajv (one per option set, pooled for the process) is made when it compiles its first
      // schema: Fastify asks for the validators of every plugin context at start-up.
      let body: ReturnType<BuildValidator> | undefined
      let other: ReturnType<BuildValidator> | undefined
      const bodyAjv = () =>
        (body ??= bodies(
          externalSchemas,
          withCustom({ coerceTypes: false, removeAdditional: false, useDefaults: false }),
        ))
      const otherAjv = () => (other ??= others(externalSchemas, withCustom({ coerceTypes: 'array' })))
      const shared = sharedText(externalSchemas)
      return (route) =>
        lazy(
          () => `validate ${route.httpPart} ${shared()} ${JSON.stringify(route.schema)}`,
          () =>
            route.httpPart === 'body'
              ? (bodyAjv()(route) as Compiled)
              : decimalNumbersOnly(otherAjv()(route) as Compiled),
        )
    }) as CompilersFactory['buildValidator'],

    buildSerializer: ((externalSchemas, options) => {
      // Fastify asks every plugin context for its serializer at start-up: the shared schemas are
      // simplified when the context compiles its first serializer.
      let serializer: ReturnType<typeof serializers> | undefined
      const shared = sharedText(externalSchemas)
      return (route) =>
        lazy(
          () => `serialize ${shared()} ${JSON.stringify(route.schema)}`,
          () => {
            serializer ??= serializers(serializationSchema(externalSchemas), options)
            return serializer({ ...route, schema: serializationSchema(route.schema) }) as Compiled
          },
        )
    }) as CompilersFactory['buildSerializer'],
  }
}
