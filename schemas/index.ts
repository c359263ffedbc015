// Every schema with a Flireo name, registered once on the root instance (addSchema) so routes can
// refer to it and the OpenAPI document names its components after it. The contract names 43;
// the others name the remaining bodies (and parts of bodies) in its style.
import { ErrorResponse, PaginationMeta, SuccessMessage } from './common.js'
import {
  Assistant,
  AssistantCreateInput,
  AssistantPhoneNumberLink,
  AssistantUpdateInput,
  LinkedPhoneNumber,
  PhoneNumberLinked,
  PhoneNumberUnlinked,
} from './assistants.js'
import { Contact, ContactCreateInput, ContactDetail, ContactReplaceInput, ContactUpdateInput } from './contacts.js'
import { CreditsBalance, LegacyUser, UserProfile, UserProfileExtended } from './user.js'
import {
  Call,
  CallSummary,
  DirectCallInput,
  InjectMessageInput,
  InjectMessageResponse,
  QueryKnowledgebaseInput,
  QueryKnowledgebaseResponse,
} from './calls.js'
import { webhookSchemas } from './webhooks.js'
import { ScheduledCall, ScheduledCallCreateInput, ScheduledCallUpdateInput } from './scheduled-calls.js'
import {
  GenerateFaqsInput,
  GenerateFaqsResponse,
  InstantAgentCreateInput,
  InstantAgentResponse,
} from './instant-agents.js'
import {
  AvailableNumbersMeta,
  AvailablePhoneNumber,
  PhoneNumber,
  PhoneNumberOrder,
  PhoneNumberOrderDetail,
  PhoneNumberOrderInput,
  PhoneNumberOrderResponse,
  SharedNumber,
} from './phone-numbers.js'
import {
  OrderNumberInput,
  VerificationDocument,
  VerificationDocumentUpload,
  VerificationGroup,
  VerificationGroupCreateInput,
  VerificationGroupCreateResponse,
  VerificationGroupDetail,
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
  LinkedPhoneNumber,
  PhoneNumberLinked,
  PhoneNumberUnlinked,
  CallSummary,
  SharedNumber,
  AvailableNumbersMeta,
  PhoneNumberOrderDetail,
  VerificationGroupCreateResponse,
  VerificationGroupDetail,
  VerificationDocumentUpload,
  UserProfileExtended,
  LegacyUser,
  QueryKnowledgebaseResponse,
  ContactReplaceInput,
]
