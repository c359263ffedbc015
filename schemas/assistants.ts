// Assistants (endpoints.md § 1).
import { Type, type Static } from 'typebox'
import { DateTime, freeFormLimits, HttpUrl, Nullable, Uuid } from './common.js'

export const AssistantType = Type.Union([Type.Literal('default'), Type.Literal('external')])

const Voice = Type.Object(
  { provider: Type.String({ minLength: 1 }), voice_id: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
)
const Model = Type.Object(
  {
    provider: Type.String({ minLength: 1 }),
    model: Type.String({ minLength: 1 }),
    temperature: Type.Number({ minimum: 0, maximum: 2 }),
  },
  { additionalProperties: false },
)
export const Tool = Type.Object(
  {
    name: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,64}$' }),
    description: Type.String({ maxLength: 1000 }),
    parameters: Type.Object(
      {},
      {
        additionalProperties: true,
        maxProperties: freeFormLimits.keys,
        'x-max-json-bytes': freeFormLimits.jsonBytes,
        description: 'A JSON Schema object describing the arguments',
      },
    ),
  },
  { additionalProperties: false },
)
export type Tool = Static<typeof Tool>
export const Faq = Type.Object(
  { question: Type.String({ minLength: 1, maxLength: 1000 }), answer: Type.String({ minLength: 1, maxLength: 5000 }) },
  { additionalProperties: false },
)
export type Faq = Static<typeof Faq>

const LinkedNumber = Type.Object({
  id: Uuid,
  number: Type.String(),
  type: Type.String(),
  locality: Nullable(Type.String()),
})

/** The writable fields, each optional; PUT and PATCH give absence its own meaning. */
const writable = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  type: Type.Optional(AssistantType),
  first_message: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  system_prompt: Type.Optional(Nullable(Type.String({ maxLength: 20000 }))),
  end_call_message: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  voicemail_message: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  language: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'BCP-47 tag' })),
  voice: Type.Optional(Nullable(Voice)),
  model: Type.Optional(Nullable(Model)),
  max_duration_seconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 3600 })),
  server_url: Type.Optional(Nullable(HttpUrl)),
  tools: Type.Optional(Type.Array(Tool, { maxItems: 64 })),
  faqs: Type.Optional(Type.Array(Faq, { maxItems: 500 })),
}

export const Assistant = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    type: AssistantType,
    first_message: Nullable(Type.String()),
    system_prompt: Nullable(Type.String()),
    end_call_message: Nullable(Type.String()),
    voicemail_message: Nullable(Type.String()),
    language: Type.String(),
    voice: Nullable(Voice),
    model: Nullable(Model),
    max_duration_seconds: Type.Integer(),
    server_url: Nullable(Type.String()),
    tools: Type.Array(Tool),
    faqs: Type.Array(Faq),
    phone_number: Nullable(LinkedNumber),
    created_at: DateTime,
    updated_at: DateTime,
  },
  { $id: 'Assistant', additionalProperties: false },
)
export type Assistant = Static<typeof Assistant>

export const AssistantCreateInput = Type.Object(
  { ...writable, name: Type.String({ minLength: 1, maxLength: 200 }) },
  { $id: 'AssistantCreateInput', additionalProperties: false },
)
export type AssistantCreateInput = Static<typeof AssistantCreateInput>

/** PUT requires `name` (checked by the route); PATCH requires nothing. */
export const AssistantUpdateInput = Type.Object(writable, { $id: 'AssistantUpdateInput', additionalProperties: false })
export type AssistantUpdateInput = Static<typeof AssistantUpdateInput>

export const AssistantListQuery = Type.Object({
  type: Type.Optional(AssistantType),
  search: Type.Optional(Type.String({ maxLength: 200 })),
})

export const AssistantPhoneNumberLink = Type.Object(
  { phone_number_id: Uuid },
  { $id: 'AssistantPhoneNumberLink', additionalProperties: false },
)

const NumberSummary = {
  id: Uuid,
  number: Type.String(),
  type: Type.String(),
  locality: Nullable(Type.String()),
}

export const LinkedPhoneNumber = Type.Object(
  {
    assistant_id: Uuid,
    assistant_name: Type.String(),
    phone_number: Nullable(
      Type.Object({ ...NumberSummary, origin: Type.Union([Type.Literal('custom'), Type.Literal('default')]) }),
    ),
  },
  { $id: 'LinkedPhoneNumber' },
)

export const PhoneNumberLinked = Type.Object(
  {
    assistant_id: Uuid,
    phone_number: Type.Object(NumberSummary),
    previous_phone_number_id: Nullable(Uuid),
    released_assistants: Type.Integer(),
  },
  { $id: 'PhoneNumberLinked' },
)

export const PhoneNumberUnlinked = Type.Object(
  { assistant_id: Uuid, unlinked_phone_number: Type.Object({ id: Uuid, number: Type.String() }) },
  { $id: 'PhoneNumberUnlinked' },
)
