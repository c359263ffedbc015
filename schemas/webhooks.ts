// The four webhook events Flireo POSTs to a server URL (webhooks.md). Payloads are [doc]: flat,
// camelCase, with Flireo's own inconsistencies kept (eventTime / eventTimestamp, callId /
// callSession, the kebab-case "debugging-artifact").
import { Type, type Static } from 'typebox'
import { Nullable, ref } from './common.js'

const Metadata = Nullable(Type.Record(Type.String(), Type.Unknown()))

export const WebhookAssistantRequestPayload = Type.Object(
  {
    eventType: Type.Literal('assistant-request'),
    fromCaller: Type.String(),
    toAssistant: Type.String(),
  },
  { $id: 'WebhookAssistantRequestPayload' },
)
export type WebhookAssistantRequestPayload = Static<typeof WebhookAssistantRequestPayload>

export const WebhookAssistantRequestResponse = Type.Object(
  {
    assistant: Type.Object(
      {
        firstMessage: Type.Optional(Type.String()),
        endCallMessage: Type.Optional(Type.String()),
        voicemailMessage: Type.Optional(Type.String()),
        maxDurationSeconds: Type.Optional(Type.Number()),
        model: Type.Optional(
          Type.Object(
            {
              provider: Type.Optional(Type.String()),
              model: Type.Optional(Type.String()),
              tools: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
              messages: Type.Optional(Type.Array(Type.Object({ role: Type.String(), content: Type.String() }))),
              maxTokens: Type.Optional(Type.Number()),
              temperature: Type.Optional(Type.Number()),
            },
            { additionalProperties: true },
          ),
        ),
        voice: Type.Optional(Type.Object({}, { additionalProperties: true })),
      },
      { additionalProperties: true },
    ),
  },
  { $id: 'WebhookAssistantRequestResponse' },
)

export const WebhookTaskItem = Type.Object(
  {
    taskId: Type.String({ pattern: '^call_[A-Za-z0-9]{24}$' }),
    taskName: Type.String(),
    taskPayload: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'WebhookTaskItem' },
)
export type WebhookTaskItem = Static<typeof WebhookTaskItem>

export const WebhookToolCallsPayload = Type.Object(
  {
    eventTime: Type.Integer({ description: 'epoch milliseconds' }),
    callId: Type.String(),
    eventType: Type.Literal('tool-calls'),
    fromCaller: Type.String(),
    toAssistant: Type.String(),
    tasksInitiated: Type.Array(ref(WebhookTaskItem)),
    userMetadata: Metadata,
  },
  { $id: 'WebhookToolCallsPayload' },
)

export const WebhookToolCallsResponse = Type.Object(
  { results: Type.Array(Type.Object({ toolCallId: Type.String(), result: Type.String() })) },
  { $id: 'WebhookToolCallsResponse' },
)

export const WebhookStatusUpdatePayload = Type.Object(
  {
    eventTimestamp: Type.Integer({ description: 'epoch milliseconds' }),
    eventType: Type.Literal('status-update'),
    callSession: Type.String(),
    fromCaller: Type.String(),
    toAssistant: Type.String(),
    status: Type.Union([Type.Literal('in-progress'), Type.Literal('ended'), Type.Literal('ended-with-debugging')]),
    'debugging-artifact': Type.Optional(Type.String({ description: 'only with status ended-with-debugging' })),
  },
  { $id: 'WebhookStatusUpdatePayload' },
)

export const WebhookRecordingsObject = Type.Object({ linkStereo: Type.String() }, { $id: 'WebhookRecordingsObject' })

export const WebhookAnalysisObject = Type.Object(
  {
    summary: Type.String(),
    structuredData: Type.Record(Type.String(), Type.Unknown()),
    successEvaluation: Type.Union([Type.Literal('true'), Type.Literal('false')]),
  },
  { $id: 'WebhookAnalysisObject' },
)

export const WebhookEndOfCallReportPayload = Type.Object(
  {
    eventTimestamp: Type.Integer({ description: 'epoch milliseconds' }),
    eventType: Type.Literal('end-of-call-report'),
    callId: Type.String(),
    fromCaller: Type.String(),
    toAssistant: Type.String(),
    transcriptText: Type.String(),
    summaryText: Type.String(),
    recordings: ref(WebhookRecordingsObject),
    callLengthSeconds: Type.Number(),
    analysis: ref(WebhookAnalysisObject),
    endedReason: Type.String(),
    userMetadata: Metadata,
  },
  { $id: 'WebhookEndOfCallReportPayload' },
)

export const webhookSchemas = [
  WebhookTaskItem,
  WebhookAnalysisObject,
  WebhookRecordingsObject,
  WebhookAssistantRequestPayload,
  WebhookAssistantRequestResponse,
  WebhookStatusUpdatePayload,
  WebhookToolCallsPayload,
  WebhookToolCallsResponse,
  WebhookEndOfCallReportPayload,
]

/** The OpenAPI 3.1 `webhooks` section: each event, its payload, and the answer it expects. */
export function openApiWebhooks() {
  const json = (name: string) => ({
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
  })
  const event = (summary: string, payload: string, answer?: string) => ({
    post: {
      summary,
      requestBody: json(payload),
      responses: {
        200: answer ? { description: 'The answer Flireo uses', ...json(answer) } : { description: 'Received' },
      },
    },
  })
  return {
    'assistant-request': event(
      'An inbound call to an external assistant asks your server for its configuration',
      'WebhookAssistantRequestPayload',
      'WebhookAssistantRequestResponse',
    ),
    'status-update': event('The call changed status', 'WebhookStatusUpdatePayload'),
    'tool-calls': event(
      'The assistant runs tools on your server',
      'WebhookToolCallsPayload',
      'WebhookToolCallsResponse',
    ),
    'end-of-call-report': event(
      'The call ended: transcript, summary, recording, analysis',
      'WebhookEndOfCallReportPayload',
    ),
  }
}
