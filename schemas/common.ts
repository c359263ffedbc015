// Building blocks shared by every resource schema: references to named schemas, the envelopes of
// README § Envelopes, the error shape, pagination, and the field formats of README § Identifiers.
import { Type, type Static, type TSchema } from 'typebox'

/** A `$ref` to a schema registered by its `$id`, keeping its static type for the route handlers. */
export function ref<T extends TSchema>(schema: T) {
  const id = (schema as { $id?: string }).$id
  if (!id) throw new Error('ref() needs a schema with an $id')
  return Type.Unsafe<Static<T>>(Type.Ref(id))
}

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const Uuid = Type.String({ format: 'uuid' })
export const DateTime = Type.String({ format: 'date-time' })
export const E164 = Type.String({ pattern: '^\\+[1-9]\\d{7,14}$', examples: ['+31612345678'] })
export const HttpUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 })

/** The most a free-form object of a request (`logs`, `metadata`, ...) may hold (README § Limits). */
export const freeFormLimits = { keys: 1000, jsonBytes: 64 * 1024 } as const

/**
 * A free-form object of a request: at most 1,000 keys and 64 KB as JSON (`x-max-json-bytes` is our
 * own validation keyword, src/compilers.ts, named as an OpenAPI extension so the document stays valid).
 */
export const FreeForm = <T extends TSchema>(value: T, options: Record<string, unknown> = {}) =>
  Type.Record(Type.String(), value, {
    ...options,
    maxProperties: freeFormLimits.keys,
    'x-max-json-bytes': freeFormLimits.jsonBytes,
  })

export const PaginationMeta = Type.Object(
  { total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() },
  { $id: 'PaginationMeta', additionalProperties: false },
)

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse' },
)

export const SuccessMessage = Type.Object({ message: Type.String() }, { $id: 'SuccessMessage' })

/** `{data: ...}` — one resource. */
export const DataEnvelope = <T extends TSchema>(data: T) => Type.Object({ data })

/** `{message, data}` — the answer to a change. */
export const ChangeEnvelope = <T extends TSchema>(data: T) => Type.Object({ message: Type.String(), data })

/** `{data: [...], meta}` — a page of a list. */
export const ListEnvelope = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), meta: ref(PaginationMeta) })

/** `limit` and `offset` with the list's own default and maximum (README § Pagination). */
export const PageQuery = (defaultLimit = 20, maxLimit = 100) => ({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxLimit, default: defaultLimit })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
})

export const IdParams = Type.Object({ id: Uuid })

export type Page = { limit: number; offset: number }
