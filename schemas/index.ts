// Every schema with a Flireo name, registered once on the root instance (addSchema) so routes can
// refer to it and the OpenAPI document names its components after it.
import { ErrorResponse, PaginationMeta, SuccessMessage } from './common.js'
import { Assistant, AssistantCreateInput, AssistantUpdateInput } from './assistants.js'
import { Contact, ContactCreateInput, ContactDetail, ContactUpdateInput } from './contacts.js'
import { CreditsBalance, UserProfile } from './user.js'

export const namedSchemas = [
  PaginationMeta,
  ErrorResponse,
  SuccessMessage,
  Assistant,
  AssistantCreateInput,
  AssistantUpdateInput,
  Contact,
  ContactDetail,
  ContactCreateInput,
  ContactUpdateInput,
  CreditsBalance,
  UserProfile,
]
