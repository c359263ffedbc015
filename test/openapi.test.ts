// The generated OpenAPI document: the contract's operations of this milestone and Flireo's schema
// names as components, and /docs serving Swagger UI.
import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { testApp } from './helpers.js'

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
      [...components].sort(),
      'components are named by Flireo schema names',
    )
    t.same(Object.keys(doc.webhooks).sort(), ['assistant-request', 'end-of-call-report', 'status-update', 'tool-calls'])
    t.same(doc.webhooks['tool-calls'].post.requestBody.content['application/json'].schema, {
      $ref: '#/components/schemas/WebhookToolCallsPayload',
    })
    const upload = doc.paths['/v1/verification-groups/{id}/documents'].post.requestBody.content['multipart/form-data']
    t.match(upload.schema.properties, { file: { type: 'string', format: 'binary' } }, 'the upload form is documented')
    t.same(doc.paths['/v1/contacts/{id}'].put.requestBody.content['application/json'].schema, {
      $ref: '#/components/schemas/ContactUpdateInput',
    })
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
