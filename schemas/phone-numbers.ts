// Phone numbers, the inventory of available numbers, and number orders (endpoints.md § 4).
import { Type, type Static } from 'typebox'
import { DateTime, Nullable, Uuid } from './common.js'

export const NumberType = Type.Union([Type.Literal('local'), Type.Literal('mobile'), Type.Literal('national')])
export type NumberType = Static<typeof NumberType>

export const OrderStatus = Type.Union([Type.Literal('pending'), Type.Literal('success'), Type.Literal('failed')])
export type OrderStatus = Static<typeof OrderStatus>

const LinkedAssistant = Type.Object({ id: Uuid, name: Type.String() })

export const PhoneNumber = Type.Object(
  {
    id: Uuid,
    phone_number: Type.String(),
    locality: Nullable(Type.String()),
    number_type: NumberType,
    available: Type.Boolean({ description: 'true exactly when no assistant is linked' }),
    created_at: DateTime,
    linked_assistant: Nullable(LinkedAssistant),
  },
  { $id: 'PhoneNumber', additionalProperties: false },
)
export type PhoneNumber = Static<typeof PhoneNumber>

export const SharedNumber = Type.Object(
  { id: Uuid, phone_number: Type.String(), locality: Nullable(Type.String()), number_type: NumberType },
  { $id: 'SharedNumber' },
)
export type SharedNumber = Static<typeof SharedNumber>

export const AvailablePhoneNumber = Type.Object(
  {
    phone_number: Type.String(),
    number_type: NumberType,
    locality: Nullable(Type.String()),
    features: Type.Array(Type.String()),
    cost: Type.Object({ monthly: Type.String(), currency: Type.String(), credits: Type.Integer() }),
    reservable: Type.Boolean(),
  },
  { $id: 'AvailablePhoneNumber', additionalProperties: false },
)
export type AvailablePhoneNumber = Static<typeof AvailablePhoneNumber>

export const AvailableNumbersMeta = Type.Object(
  { total_results: Type.Integer(), number_type: NumberType, requires_verification: Type.Boolean() },
  { $id: 'AvailableNumbersMeta' },
)

export const PhoneNumberOrderInput = Type.Object(
  {
    phone_number: Type.String({ minLength: 1, maxLength: 32 }),
    number_type: Type.Optional(NumberType),
    verification_group_id: Type.Optional(Uuid),
  },
  { $id: 'PhoneNumberOrderInput', additionalProperties: false },
)
export type PhoneNumberOrderInput = Static<typeof PhoneNumberOrderInput>

export const PhoneNumberOrderResponse = Type.Object(
  {
    message: Type.String(),
    data: Type.Object({
      order_id: Uuid,
      phone_number: Type.String(),
      number_type: NumberType,
      status: Type.Literal('pending'),
      credits_used: Type.Integer(),
      remaining_credits: Type.Integer(),
      verification_group: Type.Optional(Type.Object({ id: Uuid, name: Type.String() })),
    }),
  },
  { $id: 'PhoneNumberOrderResponse', additionalProperties: false },
)
export type PhoneNumberOrderResponse = Static<typeof PhoneNumberOrderResponse>

const orderFields = {
  id: Uuid,
  phone_number: Type.String(),
  status: OrderStatus,
  number_type: NumberType,
  requirements_met: Type.Boolean(),
  ordered_at: DateTime,
}

export const PhoneNumberOrder = Type.Object(
  {
    ...orderFields,
    verification_group: Nullable(Type.Object({ id: Uuid, name: Type.String(), locality: Nullable(Type.String()) })),
  },
  { $id: 'PhoneNumberOrder', additionalProperties: false },
)
export type PhoneNumberOrder = Static<typeof PhoneNumberOrder>

/** The detail adds the provider's ids, the failure reason and more of the group. */
export const PhoneNumberOrderDetail = Type.Object(
  {
    ...orderFields,
    external_order_id: Nullable(Type.String()),
    external_sub_order_id: Nullable(Type.String()),
    failure_reason: Nullable(Type.String()),
    verification_group: Nullable(
      Type.Object({
        id: Uuid,
        name: Type.String(),
        status: Type.String(),
        locality: Nullable(Type.String()),
        phone_number_type: NumberType,
      }),
    ),
  },
  { $id: 'PhoneNumberOrderDetail', additionalProperties: false },
)
export type PhoneNumberOrderDetail = Static<typeof PhoneNumberOrderDetail>

export const PhoneNumberListQuery = Type.Object({
  include_default: Type.Optional(Type.Boolean({ default: false })),
})

export const AvailableQuery = Type.Object({
  number_type: Type.Optional(NumberType),
  query: Type.Optional(
    Type.String({ pattern: '^\\+?\\d{1,15}$', description: 'digits that must occur in the number' }),
  ),
})

export const LegacyAvailableQuery = Type.Object({
  number_type: Type.Optional(NumberType),
  locality: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
})

export const OrderListQuery = Type.Object({
  status: Type.Optional(OrderStatus),
  verification_group_id: Type.Optional(Uuid),
  number_type: Type.Optional(NumberType),
})
