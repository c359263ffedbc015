// The generated OpenAPI document: the contract's operations of this milestone and Flireo's schema
// names as components, and /docs serving Swagger UI.
import t, { type Test } from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { assertError, client, testApp } from './helpers.js'
import { errorDescriptions, operations, webhookOperations } from '../src/plugins/operations.js'

// The contract lives beside the repository (../shared/spec), as on every developer machine and in CI.
const contractFile = new URL('../../shared/spec/operations.json', import.meta.url)
const contract = (
  existsSync(contractFile) ? JSON.parse(readFileSync(contractFile, 'utf8')) : { operations: [], schemas: [] }
) as {
  operations: { method: string; path: string; success_status: number; group: string; title: string }[]
  schemas: string[]
}

const served = contract.operations
const components = contract.schemas
/** The bodies, and parts of bodies, that the contract gives no name, named in its style. */
const ownComponents = [
  'LinkedPhoneNumber',
  'PhoneNumberLinked',
  'PhoneNumberUnlinked',
  'CallSummary',
  'SharedNumber',
  'AvailableNumbersMeta',
  'PhoneNumberOrderDetail',
  'VerificationGroupCreateResponse',
  'VerificationGroupDetail',
  'VerificationDocumentUpload',
  'UserProfileExtended',
  'LegacyUser',
  'QueryKnowledgebaseResponse',
  'ContactReplaceInput',
]

t.test(
  'GET /openapi.json is OpenAPI 3.1 with the operations and named components',
  { skip: !existsSync(contractFile) && 'no ../shared/spec beside the repository' },
  async (t) => {
    const app = await testApp(t)
    const res = await app.inject('/openapi.json')
    t.equal(res.statusCode, 200)
    const doc = res.json()
    t.equal(doc.openapi, '3.1.0')
    t.equal(served.length, 49)
    for (const op of served) {
      const item = doc.paths[op.path]?.[op.method.toLowerCase()]
      t.ok(item, `${op.method} ${op.path} is documented`)
      t.ok(item?.responses?.[String(op.success_status)], `${op.method} ${op.path} documents ${op.success_status}`)
      t.equal(item?.summary, op.title, `${op.method} ${op.path} carries Flireo's title`)
    }
    t.same(
      Object.keys(doc.components.schemas).sort(),
      [...components, ...ownComponents].sort(),
      "components are Flireo's schema names and ours for the bodies it names none for",
    )
    t.same(Object.keys(doc.webhooks).sort(), ['assistant-request', 'end-of-call-report', 'status-update', 'tool-calls'])
    t.same(doc.webhooks['tool-calls'].post.requestBody.content['application/json'].schema, {
      $ref: '#/components/schemas/WebhookToolCallsPayload',
    })
    const upload = doc.paths['/v1/verification-groups/{id}/documents'].post.requestBody.content['multipart/form-data']
    t.same(upload.schema, { $ref: '#/components/schemas/VerificationDocumentUpload' })
    t.match(
      doc.components.schemas.VerificationDocumentUpload.properties,
      { file: { type: 'string', format: 'binary' } },
      'the upload form is documented',
    )
    t.same(doc.paths['/v1/contacts/{id}'].put.requestBody.content['application/json'].schema, {
      $ref: '#/components/schemas/ContactReplaceInput',
    })
    t.same(doc.components.schemas.ContactReplaceInput.required, ['phone_number'], 'PUT documents its required field')
    t.notOk(doc.components.schemas.ContactUpdateInput.required, 'PATCH requires nothing')
    t.same(doc.components.schemas.Contact.properties.full_name, { anyOf: [{ type: 'string' }, { type: 'null' }] })
    t.notOk(
      Object.keys(doc.paths).some((path) => !path.startsWith('/v1/')),
      'only the /v1 API is documented',
    )
  },
)

t.test('GET /docs serves Swagger UI', async (t) => {
  const app = await testApp(t)
  const res = await app.inject('/docs/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
  t.match(res.body, /swagger-ui/)
})

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema }
type Operation = {
  operationId?: string
  parameters?: { in: string; name: string; description?: string; schema: Schema }[]
  requestBody?: { content: Record<string, { schema: Schema }> }
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>
}
type Document = {
  servers?: { url: string }[]
  info: { license?: { name: string; identifier?: string } }
  paths: Record<string, Record<string, Operation>>
  webhooks: Record<string, { post: Operation }>
}

async function document(t: Test) {
  const app = await testApp(t)
  return (await app.inject('/openapi.json')).json() as Document
}

/** Every operation of the document as `[METHOD /path, operation]`. */
const operationsOf = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as const),
  )

t.test('every operation and webhook has its stable camelCase operationId, listed in the README', async (t) => {
  const doc = await document(t)
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const documented = operationsOf(doc)
  t.equal(documented.length, 49)
  t.same(documented.map(([key]) => key).sort(), Object.keys(operations).sort(), 'the table names every operation')
  const ids = [
    ...documented.map(([key, operation]) => [key, operation.operationId, operations[key]?.[0]] as const),
    ...Object.entries(doc.webhooks).map(
      ([event, item]) => [`webhook ${event}`, item.post.operationId, webhookOperations[event]?.[0]] as const,
    ),
  ]
  t.equal(ids.length, 53)
  for (const [key, id, expected] of ids) {
    t.equal(id, expected, `${key} is ${expected}`)
    t.match(id, /^[a-z][a-zA-Z]+$/, `${key}: camelCase`)
    t.ok(readme.includes(`\`${id}\``), `${key}: ${id} is in the README`)
  }
  t.equal(new Set(ids.map(([, id]) => id)).size, ids.length, 'operationIds are unique')
  t.same(
    ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map(
      (method) => documented.find(([key]) => key.startsWith(`${method} /v1/contacts`))?.[1].operationId,
    ),
    ['listContacts', 'createContact', 'replaceContact', 'updateContact', 'deleteContact'],
  )
  t.equal(doc.paths['/v1/contacts/{id}']!.get!.operationId, 'getContact')
})

t.test('every response says what it is: success by operation, errors by status', async (t) => {
  const doc = await document(t)
  const responses = [
    ...operationsOf(doc).flatMap(([key, operation]) =>
      Object.entries(operation.responses).map(([status, response]) => [key, status, response.description] as const),
    ),
    ...Object.entries(doc.webhooks).flatMap(([event, item]) =>
      Object.entries(item.post.responses).map(([status, r]) => [`webhook ${event}`, status, r.description] as const),
    ),
  ]
  for (const [key, status, description] of responses) {
    if (status.startsWith('2')) {
      const expected = key.startsWith('webhook ') ? webhookOperations[key.slice(8)]![1] : operations[key]![1]
      t.equal(description, expected, `${key} ${status}`)
    } else t.equal(description, errorDescriptions[status], `${key} ${status}`)
  }
  t.notOk(JSON.stringify(doc).includes('Default Response'))
  t.match(doc.paths['/v1/phone-numbers']!.post!.responses, {
    201: { description: 'The number was ordered (the order is `pending`)' },
    402: { description: 'Not enough credits (`insufficient_credits`)' },
  })
})

/** A named component, or an envelope (`message`, `data`, `meta`, ...) of named components. */
const named = (schema: Schema) =>
  schema.$ref !== undefined ||
  (schema.type === 'object' &&
    Object.entries(schema.properties ?? {}).every(
      ([field, value]) =>
        value.$ref !== undefined ||
        (field === 'message' && value.type === 'string') ||
        (value.type === 'array' && value.items?.$ref !== undefined),
    ))

t.test('every request and response body is a named component or an envelope of them', async (t) => {
  const doc = await document(t)
  let bodies = 0
  for (const [key, operation] of [
    ...operationsOf(doc),
    ...Object.entries(doc.webhooks).map(([event, item]) => [`webhook ${event}`, item.post] as const),
  ]) {
    const contents = [
      ...Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => [`body ${type}`, media] as const),
      ...Object.entries(operation.responses).flatMap(([status, response]) =>
        Object.values(response.content ?? {}).map((media) => [status, media] as const),
      ),
    ]
    for (const [what, media] of contents) {
      bodies += 1
      t.ok(named(media.schema), `${key} ${what}: ${JSON.stringify(media.schema).slice(0, 120)}`)
    }
  }
  t.ok(bodies > 200, `${bodies} bodies`)
  t.same(doc.paths['/v1/calls']!.get!.responses['200']!.content!['application/json']!.schema.properties!.data, {
    type: 'array',
    items: { $ref: '#/components/schemas/CallSummary' },
  })
})

t.test('path ids are documented as the plain strings the mock takes, answering 404 when not a UUID', async (t) => {
  const doc = await document(t)
  const parameters = operationsOf(doc).flatMap(([key, operation]) =>
    (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => [key, p] as const),
  )
  t.equal(parameters.length, 29)
  for (const [key, parameter] of parameters) {
    t.same(parameter.schema, { type: 'string' }, `${key} ${parameter.name}`)
    t.match(parameter.description, /404 `not_found`/, `${key} ${parameter.name}: described`)
  }
  const app = await testApp(t)
  assertError(t, await client(app).get('/v1/contacts/not-a-uuid'), 404, 'not_found', 'a non-UUID id')
})

t.test('the document names its server (the mock serving it) and its license', async (t) => {
  const doc = await document(t)
  t.same(doc.servers, [{ url: '/', description: 'The flireo-mock that serves this document' }])
  t.same(doc.info.license, { name: 'MIT', identifier: 'MIT' })
})
