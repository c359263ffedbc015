// Verificatie — verification groups, their documents, and ordering local numbers through them
// (endpoints.md § 6).
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { ChangeEnvelope, DataEnvelope, IdParams, PageQuery, SuccessMessage, ref } from '../../schemas/common.js'
import { AvailableNumbersMeta, AvailablePhoneNumber, PhoneNumberOrderResponse } from '../../schemas/phone-numbers.js'
import {
  DocumentParams,
  DocumentType,
  GroupListQuery,
  OrderNumberInput,
  VerificationDocument,
  VerificationGroup,
  VerificationGroupCreateInput,
  VerificationGroupCreateResponse,
  VerificationGroupDetail,
  VerificationDocumentUpload,
} from '../../schemas/verification.js'
import { invalidParameter } from '../errors.js'
import { findAvailable } from '../phone-numbers/available.js'
import { localityOf } from '../phone-numbers/inventory.js'
import { maxDocumentBytes, type Upload } from '../verification/documents.js'
import { listHandler, resourceRoutes, responses } from './shared.js'

const documentTypes = DocumentType.anyOf.map((literal) => literal.const)

/** The form of a document upload: a `file` part and a `type` field, in either order. */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  let file: { filename: string; bytes: Buffer } | undefined
  let type: string | undefined
  try {
    for await (const part of request.parts({ limits: { fileSize: maxDocumentBytes, files: 1, fields: 5 } })) {
      if (part.type === 'file' && part.fieldname === 'file') {
        file = { filename: part.filename, bytes: await part.toBuffer() }
      } else if (part.type === 'file') await part.toBuffer()
      else if (part.fieldname === 'type') type = String(part.value)
    }
  } catch (error) {
    // The parser's own 4xx errors (too large, not multipart) keep their meaning; a body it cannot
    // read at all (no boundary, cut off) is the client's mistake too.
    if ((error as { statusCode?: number }).statusCode) throw error
    throw invalidParameter(
      'body',
      'is not valid multipart/form-data',
      'The request body is not valid multipart/form-data',
    )
  }
  if (!file) throw invalidParameter('file', 'is required', 'Send the document as the multipart part "file"')
  if (!type || !(documentTypes as string[]).includes(type)) {
    throw invalidParameter('type', `must be one of ${documentTypes.join(', ')}`)
  }
  return { type: type as Upload['type'], ...file }
}

export const verificationGroupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { groups, orders } = app.services
  const route = resourceRoutes('Verification group', 'Verificatie')
  const documentRoute = resourceRoutes('Document', 'Verificatie')
  // Here only: the plugin adds two hooks to every route of its scope, a cost every other request
  // would pay for nothing.
  await app.register(multipart)

  app.get(
    '/verification-groups',
    route.list('Verificatiegroepen ophalen', GroupListQuery, ref(VerificationGroup), listHandler(groups.list), {
      description: 'Deleted groups are listed only with `status=deleted`.',
    }),
  )

  app.post(
    '/verification-groups',
    route('Nieuwe verificatiegroep aanmaken', {
      body: ref(VerificationGroupCreateInput),
      response: responses({ 201: ref(VerificationGroupCreateResponse) }, [400]),
    }),
    async (request, reply) =>
      reply.code(201).send({
        message: 'Verification group created',
        data: { requirement_group_id: groups.create(request.workspace, request.body) },
      }),
  )

  app.get(
    '/verification-groups/:id',
    route.read('Verificatiegroep ophalen', DataEnvelope(ref(VerificationGroupDetail)), groups.get),
  )

  app.delete(
    '/verification-groups/:id',
    route.remove('Verificatiegroep verwijderen', 'Verification group deleted', groups.remove, {
      description: 'Soft delete: the status becomes `deleted`; pending orders through it fail and are refunded.',
    }),
  )

  app.get(
    '/verification-groups/:id/documents',
    route.read(
      'Documenten van verificatiegroep ophalen',
      DataEnvelope(Type.Array(ref(VerificationDocument))),
      groups.documents,
    ),
  )

  app.post(
    '/verification-groups/:id/documents',
    {
      ...route('Document uploaden voor verificatie', {
        description:
          '`multipart/form-data` with a `file` part (PDF, PNG or JPEG, recognised by its first bytes; at most 10 MB) ' +
          'and a `type` field (proof_of_address, business_registration, identity_document).',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: responses({ 201: ChangeEnvelope(ref(VerificationDocument)) }),
      }),
      config: { entity: 'Verification group', multipartForm: ref(VerificationDocumentUpload) },
    },
    async (request, reply) => {
      // The group is checked before the upload is read, so a wrong group never costs a 10 MB read.
      groups.assertEditable(request.workspace, request.params.id)
      const upload = await readUpload(request)
      const document = groups.upload(request.workspace, request.params.id, upload)
      return reply.code(201).send({ message: 'Document uploaded', data: document })
    },
  )

  app.delete(
    '/verification-groups/:id/documents/:document_id',
    documentRoute('Verificatie document verwijderen', {
      params: DocumentParams,
      response: responses({ 200: ref(SuccessMessage) }),
    }),
    async (request) => {
      groups.removeDocument(request.workspace, request.params.id, request.params.document_id)
      return { message: 'Document deleted' }
    },
  )

  app.get(
    '/verification-groups/:id/available-phone-numbers',
    route('Beschikbare nummers voor verificatiegroep', {
      params: IdParams,
      querystring: Type.Object({
        query: Type.Optional(Type.String({ pattern: '^\\+?\\d{1,15}$' })),
        limit: PageQuery(20, 50).limit,
      }),
      response: responses({
        200: Type.Object({ data: Type.Array(ref(AvailablePhoneNumber)), meta: ref(AvailableNumbersMeta) }),
      }),
    }),
    async (request) => {
      const group = groups.approved(request.workspace, request.params.id)
      const number_type = group.phone_number_type
      // Local numbers of the group's city; a city without numbers gives an empty list.
      const locality = number_type === 'local' ? (localityOf(group.city) ?? '') : undefined
      const { data, total } = findAvailable(orders.taken(request.workspace), {
        number_type,
        locality,
        query: request.query.query,
        limit: request.query.limit!,
      })
      return { data, meta: { total_results: total, number_type, requires_verification: true } }
    },
  )

  app.post(
    '/verification-groups/:id/order-number',
    route('Nummer bestellen via verificatiegroep', {
      params: IdParams,
      body: ref(OrderNumberInput),
      response: responses({ 201: ref(PhoneNumberOrderResponse) }, [400, 402, 404]),
    }),
    async (request, reply) => {
      const data = groups.placeOrder(request.workspace, request.body.phone_number, undefined, request.params.id)
      return reply.code(201).send({ message: 'Phone number ordered', data })
    },
  )

  app.post(
    '/verification-groups/:id/submit',
    route.change(
      'Verificatiegroep indienen ter goedkeuring',
      ChangeEnvelope(ref(VerificationGroupDetail)),
      'Verification group submitted',
      groups.submit,
      {
        description: 'Needs at least one document; once only. The review follows on the mock clock.',
      },
    ),
  )
}
