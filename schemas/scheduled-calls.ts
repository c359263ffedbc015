// Scheduled calls (endpoints.md § 5).
import { Type, type Static } from 'typebox'
import { DateTime, E164, FreeForm, Nullable, Uuid } from './common.js'

export const ScheduledCallStatus = Type.Union([
  Type.Literal('scheduled'),
  Type.Literal('in-progress'),
  Type.Literal('completed'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
])
export type ScheduledCallStatus = Static<typeof ScheduledCallStatus>

const Metadata = Type.Record(Type.String(), Type.Unknown())

export const ScheduledCall = Type.Object(
  {
    id: Uuid,
    assistant_id: Uuid,
    phone_number: Type.String(),
    contact_id: Nullable(Uuid),
    scheduled_at: DateTime,
    status: ScheduledCallStatus,
    call_id: Nullable(Uuid),
    failure_reason: Nullable(Type.String()),
    metadata: Metadata,
    created_at: DateTime,
    updated_at: DateTime,
  },
  { $id: 'ScheduledCall', additionalProperties: false },
)
export type ScheduledCall = Static<typeof ScheduledCall>

export const ScheduledCallCreateInput = Type.Object(
  {
    assistant_id: Uuid,
    phone_number: E164,
    scheduled_at: Type.String({
      format: 'date-time',
      description: 'in the future by the mock clock, at most 365 days ahead',
    }),
    contact_id: Type.Optional(Uuid),
    metadata: Type.Optional(FreeForm(Type.Unknown())),
  },
  { $id: 'ScheduledCallCreateInput', additionalProperties: false },
)
export type ScheduledCallCreateInput = Static<typeof ScheduledCallCreateInput>

export const ScheduledCallUpdateInput = Type.Object(
  {
    assistant_id: Type.Optional(Uuid),
    phone_number: Type.Optional(E164),
    scheduled_at: Type.Optional(DateTime),
    contact_id: Type.Optional(Nullable(Uuid)),
    metadata: Type.Optional(FreeForm(Type.Unknown(), { description: 'merged per key; a key sent as null is removed' })),
  },
  { $id: 'ScheduledCallUpdateInput', additionalProperties: false },
)
export type ScheduledCallUpdateInput = Static<typeof ScheduledCallUpdateInput>

export const ScheduledCallListQuery = Type.Object({
  status: Type.Optional(ScheduledCallStatus),
  assistant_id: Type.Optional(Uuid),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
})
