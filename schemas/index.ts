// Every schema with a Flireo name, registered once on the root instance (addSchema) so routes can
// refer to it and the OpenAPI document names its components after it.
import { ErrorResponse, PaginationMeta, SuccessMessage } from './common.js'
import { Assistant, AssistantCreateInput, AssistantPhoneNumberLink, AssistantUpdateInput } from './assistants.js'
import { Contact, ContactCreateInput, ContactDetail, ContactUpdateInput } from './contacts.js'
import { CreditsBalance, UserProfile } from './user.js'
import { Call, DirectCallInput, InjectMessageInput, InjectMessageResponse, QueryKnowledgebaseInput } from './calls.js'
import { webhookSchemas } from './webhooks.js'
import { ScheduledCall, ScheduledCallCreateInput, ScheduledCallUpdateInput } from './scheduled-calls.js'
import {
  GenerateFaqsInput,
  GenerateFaqsResponse,
  InstantAgentCreateInput,
  InstantAgentResponse,
} from './instant-agents.js'
import {
  AvailablePhoneNumber,
  PhoneNumber,
  PhoneNumberOrder,
  PhoneNumberOrderInput,
  PhoneNumberOrderResponse,
} from './phone-numbers.js'
import {
  OrderNumberInput,
  VerificationDocument,
  VerificationGroup,
  VerificationGroupCreateInput,
} from './verification.js'

export const namedSchemas = [
  PaginationMeta,
  ErrorResponse,
  SuccessMessage,
  Assistant,
  AssistantCreateInput,
  AssistantUpdateInput,
  AssistantPhoneNumberLink,
  Contact,
  ContactDetail,
  ContactCreateInput,
  ContactUpdateInput,
  PhoneNumber,
  AvailablePhoneNumber,
  PhoneNumberOrder,
  PhoneNumberOrderInput,
  PhoneNumberOrderResponse,
  VerificationGroup,
  VerificationGroupCreateInput,
  VerificationDocument,
  OrderNumberInput,
  UserProfile,
  CreditsBalance,
  Call,
  DirectCallInput,
  InjectMessageInput,
  InjectMessageResponse,
  QueryKnowledgebaseInput,
  ScheduledCall,
  ScheduledCallCreateInput,
  ScheduledCallUpdateInput,
  InstantAgentCreateInput,
  InstantAgentResponse,
  GenerateFaqsInput,
  GenerateFaqsResponse,
  ...webhookSchemas,
]
