// What the OpenAPI document says of each operation beyond its route's schema: a stable operationId
// (generated clients name their methods after it; README § OpenAPI lists them) and what its
// success response holds. One table for all routes, applied to the finished document by
// describeOperations, so no route carries documentation-only fields.

type Operation = readonly [operationId: string, success: string]

/** Keyed by `METHOD /path` as the document writes them. */
export const operations: Record<string, Operation> = {
  'GET /v1/assistants': ['listAssistants', 'A page of assistants'],
  'POST /v1/assistants': ['createAssistant', 'The assistant was created'],
  'GET /v1/assistants/{id}': ['getAssistant', 'The assistant'],
  'PUT /v1/assistants/{id}': ['replaceAssistant', 'The assistant was replaced'],
  'PATCH /v1/assistants/{id}': ['updateAssistant', 'The assistant was updated'],
  'DELETE /v1/assistants/{id}': ['deleteAssistant', 'The assistant was deleted'],
  'GET /v1/assistants/{id}/phone-number': ['getAssistantPhoneNumber', "The assistant's linked number, or null"],
  'POST /v1/assistants/{id}/phone-number': ['linkAssistantPhoneNumber', 'The number was linked to the assistant'],
  'DELETE /v1/assistants/{id}/phone-number': ['unlinkAssistantPhoneNumber', 'The number was unlinked'],

  'GET /v1/calls': ['listCalls', 'A page of calls, without transcripts and messages'],
  'GET /v1/calls/{id}': ['getCall', 'The call with its transcript and messages'],
  'DELETE /v1/calls/{id}': ['deleteCall', 'The call and its recording were deleted'],
  'POST /v1/calls/outbound': ['startOutboundCall', 'The call was started (status `queued`)'],

  'GET /v1/contacts': ['listContacts', 'A page of contacts'],
  'POST /v1/contacts': ['createContact', 'The contact was created'],
  'GET /v1/contacts/{id}': ['getContact', 'The contact with its 10 most recent calls'],
  'PUT /v1/contacts/{id}': ['replaceContact', 'The contact was replaced'],
  'PATCH /v1/contacts/{id}': ['updateContact', 'The contact was updated'],
  'DELETE /v1/contacts/{id}': ['deleteContact', 'The contact was deleted'],

  'GET /v1/phone-numbers': ['listPhoneNumbers', "A page of the workspace's numbers"],
  'POST /v1/phone-numbers': ['orderPhoneNumber', 'The number was ordered (the order is `pending`)'],
  'GET /v1/phone-numbers/{id}': ['getPhoneNumber', 'The phone number'],
  'DELETE /v1/phone-numbers/{id}': ['deletePhoneNumber', 'The number was deleted'],
  'GET /v1/phone-numbers/available': ['listAvailablePhoneNumbers', 'National or mobile numbers that can be ordered'],
  'GET /v1/available-phone-numbers': ['listAvailablePhoneNumbersLegacy', 'Numbers that can be ordered'],
  'GET /v1/phone-number-orders': ['listPhoneNumberOrders', 'A page of number orders'],
  'GET /v1/phone-number-orders/{id}': ['getPhoneNumberOrder', 'The order with its provider ids and group'],

  'GET /v1/scheduled-calls': ['listScheduledCalls', 'A page of scheduled calls, soonest first'],
  'POST /v1/scheduled-calls': ['createScheduledCall', 'The call was scheduled'],
  'GET /v1/scheduled-calls/{id}': ['getScheduledCall', 'The scheduled call'],
  'PATCH /v1/scheduled-calls/{id}': ['updateScheduledCall', 'The scheduled call was updated'],
  'DELETE /v1/scheduled-calls/{id}': ['cancelScheduledCall', 'The scheduled call was cancelled'],

  'GET /v1/verification-groups': ['listVerificationGroups', 'A page of verification groups'],
  'POST /v1/verification-groups': ['createVerificationGroup', 'The group was created (status `pending`)'],
  'GET /v1/verification-groups/{id}': ['getVerificationGroup', 'The group with its documents and numbers'],
  'DELETE /v1/verification-groups/{id}': ['deleteVerificationGroup', 'The group was deleted (status `deleted`)'],
  'GET /v1/verification-groups/{id}/documents': ['listVerificationDocuments', "The group's documents"],
  'POST /v1/verification-groups/{id}/documents': ['uploadVerificationDocument', 'The document was uploaded'],
  'DELETE /v1/verification-groups/{id}/documents/{document_id}': [
    'deleteVerificationDocument',
    'The document was deleted',
  ],
  'GET /v1/verification-groups/{id}/available-phone-numbers': [
    'listVerificationGroupAvailablePhoneNumbers',
    "Numbers of the group's type (and locality) that can be ordered",
  ],
  'POST /v1/verification-groups/{id}/order-number': [
    'orderVerificationGroupPhoneNumber',
    'The number was ordered through the group',
  ],
  'POST /v1/verification-groups/{id}/submit': ['submitVerificationGroup', 'The group was submitted for review'],

  'GET /v1/user/profile': ['getUserProfile', "The workspace's profile and credits"],
  'GET /v1/user/profile/extended': ['getUserProfileExtended', 'The profile with live usage counts'],
  'GET /v1/user': ['getUserLegacy', 'The profile in its older flat form'],

  'POST /v1/calls/{id}/inject': ['injectCallMessage', 'The message joined the call'],
  'POST /v1/knowledgebase/query': ['queryKnowledgebase', "The assistant's FAQs that match, best first"],

  'POST /v1/instant-agents': ['createInstantAgent', 'The assistant was created with its FAQs'],
  'POST /v1/instant-agents/faqs': ['generateFaqs', 'The generated FAQs'],
}

/** The webhooks your server receives, by event. */
export const webhookOperations: Record<string, Operation> = {
  'assistant-request': ['receiveAssistantRequest', "The assistant's configuration for this call"],
  'status-update': ['receiveStatusUpdate', 'Received (any 2xx; the answer is not used)'],
  'tool-calls': ['receiveToolCalls', 'The results of the tool calls'],
  'end-of-call-report': ['receiveEndOfCallReport', 'Received (any 2xx; the answer is not used)'],
}

/** What each error status of the Flireo error shape means here (README § Errors of the contract). */
export const errorDescriptions: Record<string, string> = {
  400: 'Invalid parameters, or the resource is not in a state that allows this (`error.code` says which)',
  401: 'No valid API key (`unauthorized`)',
  402: 'Not enough credits (`insufficient_credits`)',
  403: 'Not permitted (`forbidden`)',
  404: 'Not found (`not_found`): an unknown id, an id of another workspace, or a path id that is not a UUID',
  429: 'Too many requests (`rate_limit_exceeded`)',
}

const pathParameterDescriptions: Record<string, string> = {
  id: 'A UUID. Any other value names nothing that exists: 404 `not_found`, as for an unknown id.',
  document_id: "The document's id (`doc_` and 24 hex digits); any other value answers 404 `not_found`.",
}

type Response = { description?: string }
type Parameter = { in: string; name: string; description?: string; schema?: Record<string, unknown> }
type OperationObject = {
  operationId?: string
  parameters?: Parameter[]
  responses?: Record<string, Response>
}
type Document = {
  paths?: Record<string, Record<string, OperationObject>>
  webhooks?: Record<string, Record<string, OperationObject>>
}

function describe(operation: OperationObject, [operationId, success]: Operation) {
  operation.operationId = operationId
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    response.description = status.startsWith('2') ? success : (errorDescriptions[status] ?? response.description)
  }
}

/**
 * Sets the operationIds and response descriptions of the table, and documents path ids as what the
 * mock accepts: any string (the route's `format: uuid` only decides between looking up and a 404).
 */
export function describeOperations<T extends object>(document: T): T {
  const { paths = {}, webhooks = {} } = document as Document
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const known = operations[`${method.toUpperCase()} ${path}`]
      if (known) describe(operation, known)
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'path') continue
        parameter.schema = { type: 'string' }
        parameter.description = pathParameterDescriptions[parameter.name] ?? parameter.description
      }
    }
  }
  for (const [event, item] of Object.entries(webhooks)) {
    const known = webhookOperations[event]
    if (known && item.post) describe(item.post, known)
  }
  return document
}
