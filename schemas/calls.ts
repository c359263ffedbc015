// Calls (endpoints.md § 2), inject and the knowledge base (§ 8).
import { Type, type Static } from 'typebox'
import { DateTime, E164, FreeForm, Nullable, Uuid } from './common.js'

export const CallStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('ringing'),
  Type.Literal('in-progress'),
  Type.Literal('ended'),
  Type.Literal('ended-with-debugging'),
])
export type CallStatus = Static<typeof CallStatus>

export const CallDirection = Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])

export const MessageRole = Type.Union([
  Type.Literal('assistant'),
  Type.Literal('user'),
  Type.Literal('tool'),
  Type.Literal('system'),
])

export const CallMessage = Type.Object({
  role: MessageRole,
  content: Type.String(),
  at: DateTime,
  tool_call_id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
})
export type CallMessage = Static<typeof CallMessage>

const Metadata = Type.Record(Type.String(), Type.Unknown())
const MetadataInput = FreeForm(Type.Unknown())

const callFields = {
  id: Uuid,
  assistant_id: Nullable(Uuid),
  direction: CallDirection,
  from_number: Type.String(),
  to_number: Type.String(),
  status: CallStatus,
  ended_reason: Nullable(Type.String()),
  debugging_artifact: Nullable(Type.String()),
  summary: Nullable(Type.String()),
  recording_url: Nullable(Type.String()),
  duration_seconds: Nullable(Type.Number()),
  analysis: Nullable(
    Type.Object({
      summary: Type.String(),
      structured_data: Metadata,
      success_evaluation: Type.Union([Type.Literal('true'), Type.Literal('false')]),
    }),
  ),
  contact_id: Nullable(Uuid),
  scheduled_call_id: Nullable(Uuid),
  metadata: Metadata,
  credits_used: Type.Integer(),
  created_at: DateTime,
  started_at: Nullable(DateTime),
  ended_at: Nullable(DateTime),
}

export const Call = Type.Object(
  { ...callFields, transcript: Type.String(), messages: Type.Array(CallMessage) },
  { $id: 'Call', additionalProperties: false },
)
export type Call = Static<typeof Call>

/** List items leave out the transcript and messages. */
export const CallSummary = Type.Object(callFields, { $id: 'CallSummary', additionalProperties: false })
export type CallSummary = Static<typeof CallSummary>

export const DirectCallInput = Type.Object(
  {
    assistant_id: Uuid,
    phone_number: E164,
    contact_id: Type.Optional(Uuid),
    first_message: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    metadata: Type.Optional(MetadataInput),
  },
  { $id: 'DirectCallInput', additionalProperties: false },
)
export type DirectCallInput = Static<typeof DirectCallInput>

export const CallListQuery = Type.Object({
  assistant_id: Type.Optional(Uuid),
  contact_id: Type.Optional(Uuid),
  status: Type.Optional(CallStatus),
  direction: Type.Optional(CallDirection),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
})

export const InjectMessageInput = Type.Object(
  {
    message: Type.String({ minLength: 1, maxLength: 2000 }),
    role: Type.Optional(Type.Union([Type.Literal('system'), Type.Literal('user')])),
  },
  { $id: 'InjectMessageInput', additionalProperties: false },
)

export const InjectMessageResponse = Type.Object(
  {
    message: Type.String(),
    data: Type.Object({
      call_id: Uuid,
      injected_at: DateTime,
      role: Type.Union([Type.Literal('system'), Type.Literal('user')]),
      content: Type.String(),
    }),
  },
  { $id: 'InjectMessageResponse' },
)

export const QueryKnowledgebaseInput = Type.Object(
  {
    assistant_id: Uuid,
    query: Type.String({ minLength: 1, maxLength: 500 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  },
  { $id: 'QueryKnowledgebaseInput', additionalProperties: false },
)

export const QueryKnowledgebaseResponse = Type.Object(
  {
    data: Type.Object({
      query: Type.String(),
      results: Type.Array(Type.Object({ question: Type.String(), answer: Type.String(), score: Type.Number() })),
    }),
  },
  { $id: 'QueryKnowledgebaseResponse' },
)

// --- the control plane's call driving (mock-control.md) ---

export const InboundCallInput = Type.Object(
  { from: E164, to: E164, metadata: Type.Optional(MetadataInput) },
  { additionalProperties: false },
)

export const SayInput = Type.Object(
  {
    role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]),
    text: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
)

export const ToolCallsInput = Type.Object(
  {
    tasks: Type.Array(
      Type.Object(
        { name: Type.String({ minLength: 1, maxLength: 64 }), payload: Type.Optional(MetadataInput) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
)

export const EndCallInput = Type.Object(
  {
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    debugging_artifact: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
)
