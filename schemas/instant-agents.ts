// Instant agents and FAQ generation (endpoints.md § 9).
import { Type } from 'typebox'
import { HttpUrl, ref } from './common.js'
import { Assistant, AssistantType } from './assistants.js'

const Language = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'BCP-47 tag' })
const Faq = Type.Object({ question: Type.String(), answer: Type.String() })

export const InstantAgentCreateInput = Type.Object(
  {
    company_name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    description: Type.String({
      minLength: 1,
      maxLength: 5000,
      pattern: '\\S',
      description: 'the business in a few sentences',
    }),
    website_url: Type.Optional(HttpUrl),
    language: Type.Optional(Language),
    type: Type.Optional(AssistantType),
    server_url: Type.Optional(HttpUrl),
  },
  { $id: 'InstantAgentCreateInput', additionalProperties: false },
)

export const InstantAgentResponse = Type.Object(
  {
    message: Type.String(),
    data: Type.Object({ assistant: ref(Assistant), faqs: Type.Array(Faq) }),
  },
  { $id: 'InstantAgentResponse' },
)

export const GenerateFaqsInput = Type.Object(
  {
    content: Type.String({ minLength: 20, maxLength: 20000 }),
    company_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    language: Type.Optional(Language),
  },
  { $id: 'GenerateFaqsInput', additionalProperties: false },
)

export const GenerateFaqsResponse = Type.Object(
  { data: Type.Object({ faqs: Type.Array(Faq) }) },
  { $id: 'GenerateFaqsResponse' },
)
