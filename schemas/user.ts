// The user profile of a workspace (endpoints.md § 7).
import { Type, type Static } from 'typebox'
import { DateTime, Uuid, ref } from './common.js'

export const CreditsBalance = Type.Object(
  { credits: Type.Integer(), currency: Type.Literal('credits'), updated_at: DateTime },
  { $id: 'CreditsBalance', additionalProperties: false },
)

export const UserProfile = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    full_name: Type.String(),
    company_name: Type.String(),
    created_at: DateTime,
    credits: ref(CreditsBalance),
  },
  { $id: 'UserProfile', additionalProperties: false },
)
export type UserProfile = Static<typeof UserProfile>

export const Usage = Type.Object({
  assistants: Type.Integer(),
  phone_numbers: Type.Integer(),
  contacts: Type.Integer(),
  calls_total: Type.Integer(),
  calls_this_month: Type.Integer(),
  minutes_this_month: Type.Number(),
  active_calls: Type.Integer(),
  scheduled_calls_pending: Type.Integer(),
})
export type Usage = Static<typeof Usage>

export const UserProfileExtended = Type.Object(
  { ...UserProfile.properties, usage: Usage },
  { $id: 'UserProfileExtended', additionalProperties: false },
)

export const LegacyUser = Type.Object(
  { id: Uuid, email: Type.String(), company_name: Type.String(), credits: Type.Integer() },
  { $id: 'LegacyUser' },
)
