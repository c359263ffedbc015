// The ids, numbers and texts of the default seed (seed/*.json) that tests refer to, written out
// rather than read from the seed files so that a changed seed fails the tests that depend on it.

/** The default assistant, linked to the shared number. */
export const KLANTENSERVICE = '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7'
/** The external assistant (tools check_availability, book_appointment; no number, no server_url). */
export const AFSPRAKENPLANNER = '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d'
/** Klantenservice's first message. */
export const FIRST_MESSAGE = 'Goedendag, u spreekt met de klantenservice van Voorbeeld BV. Waarmee kan ik u helpen?'

/** The shared default number every workspace has. */
export const SHARED_ID = '5e0c1d2b-3a49-4f58-8b67-7c8d9e0f1a2b'
export const SHARED_NUMBER = '+31850000000'

/** The contact Jan de Vries. */
export const JAN = 'd4e5f6a7-b8c9-4123-8ef0-1234567890ab'
export const JAN_PHONE = '+31612345678'
/** The three seeded contacts' ids, sorted. */
export const SEEDED_CONTACTS = [
  'd4e5f6a7-b8c9-4123-8ef0-1234567890ab',
  '7b3e9f21-5c4d-4e8a-9b6f-2a1c0d9e8f70',
  'c2d8a4f6-1e3b-4c5d-8e7f-9a0b1c2d3e4f',
].sort()

/** The keys of each webhook payload, in the documented order (webhooks.md § The four events). */
export const WEBHOOK_KEYS = {
  'assistant-request': ['eventType', 'fromCaller', 'toAssistant'],
  'tool-calls': ['eventTime', 'callId', 'eventType', 'fromCaller', 'toAssistant', 'tasksInitiated', 'userMetadata'],
  'status-update': ['eventTimestamp', 'eventType', 'callSession', 'fromCaller', 'toAssistant', 'status'],
  'end-of-call-report': [
    'eventTimestamp',
    'eventType',
    'callId',
    'fromCaller',
    'toAssistant',
    'transcriptText',
    'summaryText',
    'recordings',
    'callLengthSeconds',
    'analysis',
    'endedReason',
    'userMetadata',
  ],
}

/** A well-formed id that names nothing. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'
/** A v4 UUID, the form of every id the mock makes. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
