// Request validation with Fastify's own Ajv compiler, configured twice: bodies are checked as sent
// (no type coercion, no stripping of unknown fields, no defaults filled in — a PATCH must not gain
// fields it did not send), while query strings and path parameters are coerced from text.
import { AjvCompiler } from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'

type BuildValidator = ReturnType<typeof AjvCompiler>
type CompilerOptions = NonNullable<Parameters<BuildValidator>[1]>

export function validatorFactory(): NonNullable<FastifyServerOptions['schemaController']>['compilersFactory'] {
  const bodies: BuildValidator = AjvCompiler()
  const others: BuildValidator = AjvCompiler()
  return {
    buildValidator(externalSchemas, options) {
      const withCustom = (customOptions: CompilerOptions['customOptions']) =>
        ({ ...options, customOptions }) as CompilerOptions
      const body = bodies(externalSchemas, withCustom({ coerceTypes: false, removeAdditional: false, useDefaults: false }))
      const other = others(externalSchemas, withCustom({ coerceTypes: 'array' }))
      return (route) => (route.httpPart === 'body' ? body(route) : other(route))
    },
  }
}
