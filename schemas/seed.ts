// The seed document: what the files in seed/ hold and what POST /_mock/seed takes. Each key is
// optional, so a seed can be split over several files.
import { Type, type Static } from 'typebox'
import { AssistantCreateInput } from './assistants.js'
import { ContactCreateInput } from './contacts.js'
import { E164, Uuid } from './common.js'
import { NumberType } from './phone-numbers.js'

export const SeedUser = Type.Object(
  {
    email: Type.Optional(Type.String({ format: 'email' })),
    full_name: Type.Optional(Type.String({ minLength: 1 })),
    company_name: Type.Optional(Type.String({ minLength: 1 })),
    credits: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
)

export const SeedDocument = Type.Object(
  {
    user: Type.Optional(SeedUser),
    assistants: Type.Optional(
      Type.Array(
        Type.Object({ id: Type.Optional(Uuid), ...AssistantCreateInput.properties }, { additionalProperties: false }),
      ),
    ),
    shared_numbers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Uuid,
            phone_number: E164,
            number_type: NumberType,
            locality: Type.Optional(Type.String()),
            /** The seeded assistant the number starts linked to. */
            assistant_id: Type.Optional(Uuid),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    contacts: Type.Optional(
      Type.Array(
        Type.Object(
          { contact_id: Type.Optional(Uuid), ...ContactCreateInput.properties },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
)
export type SeedDocument = Static<typeof SeedDocument>
