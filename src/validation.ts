// Request validation with Fastify's own Ajv compiler, configured twice: bodies are checked as sent
// (no type coercion, no stripping of unknown fields, no defaults filled in — a PATCH must not gain
// fields it did not send), while query strings and path parameters are coerced from text.
import { AjvCompiler } from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'

type BuildValidator = ReturnType<typeof AjvCompiler>
type Ajv = Parameters<NonNullable<NonNullable<Parameters<BuildValidator>[1]>['onCreate']>>[0]

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
type CompilerOptions = NonNullable<Parameters<BuildValidator>[1]>

export function validatorFactory(): NonNullable<FastifyServerOptions['schemaController']>['compilersFactory'] {
  const bodies: BuildValidator = AjvCompiler()
  const others: BuildValidator = AjvCompiler()
  return {
    buildValidator(externalSchemas, options) {
      const withCustom = (customOptions: CompilerOptions['customOptions']) =>
        ({ ...options, customOptions, onCreate: addInstantFormat }) as CompilerOptions
      const body = bodies(externalSchemas, withCustom({ coerceTypes: false, removeAdditional: false, useDefaults: false }))
      const other = others(externalSchemas, withCustom({ coerceTypes: 'array' }))
      return (route) => (route.httpPart === 'body' ? body(route) : other(route))
    },
  }
}
