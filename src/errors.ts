// The error catalogue of README § Errors and the one root error handler that turns anything thrown
// into the Flireo error shape.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'

export const errorStatus = {
  invalid_parameters: 400,
  already_linked: 400,
  already_in_use: 400,
  no_phone_number: 400,
  invalid_status: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  forbidden: 403,
  not_found: 404,
  rate_limit_exceeded: 429,
  database_error: 500,
  provider_error: 500,
  server_error: 500,
} as const

export type ErrorCode = keyof typeof errorStatus
export type ErrorDetails = Record<string, unknown>

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    /** The code's own status unless told otherwise (a fault rule may pair any status with a code). */
    readonly statusCode: number = errorStatus[code],
  ) {
    super(message)
  }
}

/** A 404 that knows what it did not find (`entity`), for the domain to tell its causes apart. */
export class NotFound extends ApiError {
  constructor(readonly entity: string) {
    super('not_found', `${entity} not found`)
  }
}

export const notFound = (entity: string) => new NotFound(entity)

export const invalidParameter = (field: string, reason: string, message = `Invalid parameter: ${field} ${reason}`) =>
  new ApiError('invalid_parameters', message, { field, reason })

export function errorBody(code: ErrorCode | string, message: string, details: ErrorDetails = {}) {
  return { error: { code, message, details } }
}

/** Where a failed validation came from, as Fastify reports it. */
type ValidationContext = 'body' | 'querystring' | 'params' | 'headers'

interface AjvIssue {
  instancePath: string
  schemaPath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}

/** `/logs/notitie` → `logs.notitie`; a missing or unknown property names itself. */
function fieldOf(issue: AjvIssue, context: ValidationContext): string {
  const segments = issue.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  const extra = issue.params.missingProperty ?? issue.params.additionalProperty
  if (typeof extra === 'string') segments.push(extra)
  const path = segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')
  return path || context
}

/**
 * The values an enumeration allows: a union of literals fails as one `const` issue per literal
 * (`…/anyOf/0/const`, `…/anyOf/1/const`), an `enum` as one issue that lists them.
 */
function allowedValues(issue: AjvIssue, issues: AjvIssue[]): unknown[] | undefined {
  if (issue.keyword === 'enum') return issue.params.allowedValues as unknown[]
  if (issue.keyword !== 'const') return undefined
  const union = /\/anyOf\/\d+\/const$/.exec(issue.schemaPath)
  if (!union) return [issue.params.allowedValue]
  const branches = issue.schemaPath.slice(0, union.index) + '/anyOf/'
  return issues
    .filter(
      (other) =>
        other.keyword === 'const' &&
        other.instancePath === issue.instancePath &&
        other.schemaPath.startsWith(branches) &&
        /^\d+\/const$/.test(other.schemaPath.slice(branches.length)),
    )
    .map((other) => other.params.allowedValue)
}

function reasonOf(issue: AjvIssue, issues: AjvIssue[]): string {
  if (issue.keyword === 'additionalProperties') return 'is not a known field'
  if (issue.keyword === 'required') return 'is required'
  if (issue.keyword === 'anyOf') return 'does not match any allowed form'
  if (issue.keyword === 'maxProperties') return `has more than ${issue.params.limit} keys`
  const allowed = allowedValues(issue, issues)
  if (allowed) return `must be one of: ${allowed.map((value) => String(value)).join(', ')}`
  return issue.message ?? 'is invalid'
}

/** Turns a validation failure into the Flireo shape; a bad path id means the resource cannot exist. */
function validationError(error: FastifyError, entity: string | undefined): ApiError {
  const context = (error.validationContext ?? 'body') as ValidationContext
  if (context === 'params') return notFound(entity ?? 'Resource')
  // Ajv reports the innermost failure first; anyOf wrappers add a summary after their branches.
  const issues = error.validation as unknown as AjvIssue[]
  const issue = issues[0]!
  const field = fieldOf(issue, context)
  const reason = reasonOf(issue, issues)
  const message =
    field === context
      ? `Invalid request ${context}: ${reason}`
      : `Invalid ${context === 'body' ? 'body' : 'query'} parameter '${field}': ${reason}`
  return invalidParameter(field, reason, message)
}

/** Errors Fastify raises itself before a handler runs (bad JSON, content type, body size). */
function requestError(error: FastifyError): ApiError {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('invalid_parameters', 'Unsupported content type: send the body as application/json', {
        field: 'content-type',
        reason: 'must be application/json',
      })
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return invalidParameter('body', 'is empty', 'The request body is empty but its content type is application/json')
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return invalidParameter('body', 'is too large', 'The request body is too large')
    case 'FST_REQ_FILE_TOO_LARGE':
      return invalidParameter('file', 'is larger than 10 MB', 'The uploaded file is larger than 10 MB')
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new ApiError('invalid_parameters', 'Send the document as multipart/form-data', {
        field: 'content-type',
        reason: 'must be multipart/form-data',
      })
    default:
      if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
        return invalidParameter('body', 'is not valid JSON', 'The request body is not valid JSON')
      }
      return invalidParameter('request', error.message, error.message)
  }
}

export function toApiError(error: FastifyError | ApiError, entity?: string): ApiError {
  if (error instanceof ApiError) return error
  if (error.validation) return validationError(error, entity)
  const status = error.statusCode ?? 500
  if (status === 404) return new ApiError('not_found', 'Route not found')
  if (status >= 400 && status < 500) return requestError(error)
  return new ApiError('server_error', 'An unexpected error occurred')
}

export function handleError(this: unknown, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const apiError = toApiError(error, request.routeOptions.config.entity)
  // An ApiError is an answer the mock chose (an injected fault too); anything else is a bug of ours.
  if (apiError.statusCode >= 500 && !(error instanceof ApiError)) {
    request.log.error({ reqId: request.id, err: error }, 'request failed')
  } else request.log.debug({ reqId: request.id, err: error }, 'request rejected')
  return reply.code(apiError.statusCode).send(errorBody(apiError.code, apiError.message, apiError.details))
}

/** The parser's refusals that have a status of their own; any other is a 400. */
const parserRefusals: Record<string, { status: number; message: string; field: string; reason: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    message: 'The request line and headers are larger than 16 KB',
    field: 'headers',
    reason: 'are larger than 16 KB',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    message: 'The request did not arrive in time',
    field: 'request',
    reason: 'timed out',
  },
}

/** What Node's HTTP parser refused, before Fastify saw a request. */
function clientError(error: Error & { code?: string; reason?: string }): ApiError {
  const refusal = error.code === undefined ? undefined : parserRefusals[error.code]
  if (refusal) {
    const { status, message, field, reason } = refusal
    return new ApiError('invalid_parameters', message, { field, reason }, status)
  }
  const reason = error.reason ?? error.code ?? 'is malformed'
  return new ApiError('invalid_parameters', `The request is not valid HTTP: ${reason}`, { field: 'request', reason })
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refused (a CR or NUL in a header,
 * bad chunked encoding, Content-Length with Transfer-Encoding, a bad method, headers over 16 KB)
 * is answered in the Flireo shape too, then the connection closes, as Node's own answer does.
 */
export function answerClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const apiError = clientError(error)
  this.log.debug({ err: error }, 'request refused by the HTTP parser')
  if (socket.writable) {
    const body = JSON.stringify(errorBody(apiError.code, apiError.message, apiError.details))
    socket.write(
      `HTTP/1.1 ${apiError.statusCode} ${STATUS_CODES[apiError.statusCode]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy(error)
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The resource a route serves, named in its 404 message ("Contact not found"). */
    entity?: string
    /** The multipart form of a route that reads its parts itself, for the documentation only. */
    multipartForm?: unknown
  }
}
