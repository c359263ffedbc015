// Response schemas as fast-json-stringify serializes them fastest. A union (`anyOf`) makes it run
// an Ajv validator against every branch for every value it writes — for each nullable field of
// each row, including format checks such as `email` and `date-time`. Most of our unions need no
// choice at all when writing: a nullable value is its type or null (`nullable: true`, which
// fast-json-stringify handles inline), and a union of string literals is written as a string.
// Only the serializer sees these schemas; validation and /openapi.json keep the originals.

type Schema = { [keyword: string]: unknown }

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The JSON type a branch always writes, when it is a plain scalar (literal or type). */
function scalarType(branch: Schema): string | undefined {
  if (branch.$ref !== undefined || branch.anyOf !== undefined) return undefined
  const type = branch.const !== undefined ? typeof branch.const : branch.type
  return type === 'string' || type === 'number' || type === 'integer' || type === 'boolean' ? type : undefined
}

function simplifiedUnion({ anyOf, ...rest }: Schema & { anyOf: Schema[] }): Schema {
  const nullable = anyOf.some((branch) => branch.type === 'null')
  const values = anyOf.filter((branch) => branch.type !== 'null')
  const types = new Set(values.map(scalarType))
  if (values.length > 0 && types.size === 1 && !types.has(undefined)) {
    return { ...rest, type: [...types][0], ...(nullable && { nullable: true }) }
  }
  const [only] = values
  // A $ref's siblings are not read by the serializer, so `nullable` could not sit next to it.
  if (nullable && values.length === 1 && only!.$ref === undefined) return { ...rest, ...only, nullable: true }
  return { ...rest, anyOf }
}

/** A copy of `schema` with the unions the serializer does not need to choose between removed. */
export function serializationSchema<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(serializationSchema) as T
  if (!isSchema(schema)) return schema
  const copy: Schema = {}
  for (const [key, value] of Object.entries(schema)) copy[key] = serializationSchema(value)
  return (Array.isArray(copy.anyOf) ? simplifiedUnion(copy as Schema & { anyOf: Schema[] }) : copy) as T
}
