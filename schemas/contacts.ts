// Contacts (endpoints.md § 3; field names from the seed page). Returned bare, without `data`.
import { Type, type Static } from 'typebox'
import { DateTime, E164, FreeForm, Nullable, Uuid } from './common.js'

const logsDescription = 'Free-form notes, e.g. {"notitie": "VIP klant"}'
const Logs = Type.Record(Type.String(), Type.String(), { description: logsDescription })
const LogsInput = FreeForm(Type.String(), { description: logsDescription })
/** In an update a log key sent as `null` is removed (JSON Merge Patch). */
const LogsPatch = FreeForm(Nullable(Type.String()))

export const Contact = Type.Object(
  {
    contact_id: Uuid,
    phone_number: E164,
    full_name: Nullable(Type.String()),
    email: Nullable(Type.String({ format: 'email' })),
    address: Nullable(Type.String()),
    last_interaction_at: Nullable(DateTime),
    last_interaction_summary: Nullable(Type.String()),
    last_modified: DateTime,
    logs: Nullable(Logs),
  },
  { $id: 'Contact', additionalProperties: false },
)
export type Contact = Static<typeof Contact>

export const ContactCallSummary = Type.Object({
  id: Uuid,
  direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  status: Type.String(),
  started_at: Nullable(DateTime),
  duration_seconds: Nullable(Type.Number()),
  summary: Nullable(Type.String()),
})
export type ContactCallSummary = Static<typeof ContactCallSummary>

export const ContactDetail = Type.Object(
  { ...Contact.properties, calls: Type.Array(ContactCallSummary, { description: 'The 10 most recent calls' }) },
  { $id: 'ContactDetail', additionalProperties: false },
)
export type ContactDetail = Static<typeof ContactDetail>

const writable = {
  full_name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  last_interaction_at: Type.Optional(Nullable(DateTime)),
  last_interaction_summary: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
}

export const ContactCreateInput = Type.Object(
  { phone_number: E164, ...writable, logs: Type.Optional(Nullable(LogsInput)) },
  { $id: 'ContactCreateInput', additionalProperties: false },
)
export type ContactCreateInput = Static<typeof ContactCreateInput>

/** PATCH: every field optional; only those sent change. */
export const ContactUpdateInput = Type.Object(
  { phone_number: Type.Optional(E164), ...writable, logs: Type.Optional(Nullable(LogsPatch)) },
  { $id: 'ContactUpdateInput', additionalProperties: false },
)
export type ContactUpdateInput = Static<typeof ContactUpdateInput>

/** PUT: `phone_number` required; every other field not sent becomes null. */
export const ContactReplaceInput = Type.Object(
  { phone_number: E164, ...writable, logs: Type.Optional(Nullable(LogsPatch)) },
  { $id: 'ContactReplaceInput', additionalProperties: false },
)
export type ContactReplaceInput = Static<typeof ContactReplaceInput>

export const ContactListQuery = Type.Object({
  search: Type.Optional(Type.String({ maxLength: 200 })),
  phone_number: Type.Optional(Type.String()),
})
