// Response serialization: the simplified schemas the serializer gets (src/serialization-schema.ts)
// must write exactly what JSON.stringify writes for every value the original schema allows.
import t from 'tap'
import build, { type Schema } from 'fast-json-stringify'
import { Type } from 'typebox'
import { Contact, ContactDetail } from '../schemas/contacts.js'
import { Nullable } from '../schemas/common.js'
import { serializationSchema } from '../src/serialization-schema.js'

const serializer = (schema: object, schemas: object[] = []) =>
  build(serializationSchema(schema) as Schema, {
    schema: Object.fromEntries(schemas.map((s) => [(s as { $id: string }).$id, serializationSchema(s) as Schema])),
  })

const jan = {
  contact_id: 'd4e5f6a7-b8c9-4123-8ef0-1234567890ab',
  phone_number: '+31612345678',
  full_name: 'Jan de Vries',
  email: 'jan@devries.nl',
  address: null,
  last_interaction_at: '2026-02-18T14:12:01Z',
  last_interaction_summary: null,
  last_modified: '2026-01-15T10:30:00Z',
  logs: { notitie: 'VIP klant' },
}

t.test('nullable fields and literal unions are written as JSON.stringify writes them', async (t) => {
  const detail = serializer(ContactDetail)
  const values = [
    { ...jan, calls: [] },
    { ...jan, email: null, logs: null, last_interaction_at: null, calls: [] },
    {
      ...jan,
      calls: [
        {
          id: jan.contact_id,
          direction: 'inbound',
          status: 'ended',
          started_at: null,
          duration_seconds: 61.5,
          summary: 'Kort',
        },
        {
          id: jan.contact_id,
          direction: 'outbound',
          status: 'queued',
          started_at: '2026-01-15T10:30:00.250Z',
          duration_seconds: null,
          summary: null,
        },
      ],
    },
  ]
  for (const value of values) t.equal(detail(value), JSON.stringify(value))
})

t.test('a nullable $ref and a union of objects keep their union', async (t) => {
  const schema = Type.Object({
    contact: Nullable(Type.Ref('Contact')),
    either: Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.Integer() })]),
  })
  const simplified = serializationSchema(schema) as { properties: Record<string, { anyOf?: unknown[] }> }
  t.equal(simplified.properties.contact!.anyOf?.length, 2)
  t.equal(simplified.properties.either!.anyOf?.length, 2)
  const write = serializer(schema, [Contact])
  for (const value of [
    { contact: null, either: { a: 'x' } },
    { contact: jan, either: { b: 2 } },
  ]) {
    t.equal(write(value), JSON.stringify(value))
  }
})

t.test('the simplified schema is a copy: validation and /openapi.json keep the original', async (t) => {
  const before = JSON.stringify(ContactDetail)
  serializationSchema(ContactDetail)
  t.equal(JSON.stringify(ContactDetail), before)
})
