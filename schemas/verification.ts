// Verification groups and their documents (endpoints.md § 6).
import { Type, type Static } from 'typebox'
import { DateTime, Nullable, Uuid, ref } from './common.js'
import { NumberType } from './phone-numbers.js'

export const GroupStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('deleted'),
])
export type GroupStatus = Static<typeof GroupStatus>

export const DocumentType = Type.Union([
  Type.Literal('proof_of_address'),
  Type.Literal('business_registration'),
  Type.Literal('identity_document'),
])
export type DocumentType = Static<typeof DocumentType>

const required = (maxLength = 200) => Type.String({ minLength: 1, maxLength })

export const VerificationGroupCreateInput = Type.Object(
  {
    phone_number_type: NumberType,
    name: required(),
    business_name: required(),
    contact_person_first_name: required(),
    contact_person_last_name: required(),
    contact_person_phone: required(32),
    street_name: required(),
    house_number: required(20),
    postal_code: required(20),
    city: required(100),
    province: required(100),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { $id: 'VerificationGroupCreateInput', additionalProperties: false },
)
export type VerificationGroupCreateInput = Static<typeof VerificationGroupCreateInput>

export const VerificationDocument = Type.Object(
  {
    id: Type.String({ pattern: '^doc_[0-9a-f]{24}$' }),
    type: DocumentType,
    status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
    filename: Type.String(),
    content_type: Type.String(),
    size_bytes: Type.Integer(),
    created_at: DateTime,
  },
  { $id: 'VerificationDocument', additionalProperties: false },
)
export type VerificationDocument = Static<typeof VerificationDocument>

const groupFields = {
  id: Uuid,
  name: Type.String(),
  phone_number_type: NumberType,
  status: GroupStatus,
  locality: Type.String(),
  business_name: Type.String(),
  created_at: DateTime,
}

/** The answer to a create: Flireo names the new group's id `requirement_group_id`. */
export const VerificationGroupCreateResponse = Type.Object(
  { message: Type.String(), data: Type.Object({ requirement_group_id: Uuid }) },
  { $id: 'VerificationGroupCreateResponse' },
)

export const VerificationGroup = Type.Object(groupFields, { $id: 'VerificationGroup', additionalProperties: false })
export type VerificationGroup = Static<typeof VerificationGroup>

export const VerificationGroupDetail = Type.Object(
  {
    ...groupFields,
    documents: Type.Array(ref(VerificationDocument)),
    phone_numbers: Type.Array(Type.Object({ id: Uuid, phone_number: Type.String(), status: Type.Literal('active') })),
    submitted_at: Nullable(DateTime),
    rejection_reason: Nullable(Type.String()),
  },
  { $id: 'VerificationGroupDetail', additionalProperties: false },
)
export type VerificationGroupDetail = Static<typeof VerificationGroupDetail>

export const OrderNumberInput = Type.Object(
  { phone_number: Type.String({ minLength: 1, maxLength: 32 }) },
  { $id: 'OrderNumberInput', additionalProperties: false },
)

export const GroupListQuery = Type.Object({
  status: Type.Optional(GroupStatus),
  phone_number_type: Type.Optional(NumberType),
})

/** The upload form as the documentation shows it; the route reads the parts itself. */
export const VerificationDocumentUpload = Type.Object(
  {
    file: Type.String({ format: 'binary', description: 'PDF, PNG or JPEG, at most 10 MB' }),
    type: DocumentType,
  },
  { $id: 'VerificationDocumentUpload' },
)

export const DocumentParams = Type.Object({ id: Uuid, document_id: Type.String() })
