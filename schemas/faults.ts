// Fault rules of the control plane (mock-control.md, /_mock/faults).
import { Type, type Static } from 'typebox'

export const ErrorCodeName = Type.Union(
  [
    'invalid_parameters',
    'already_linked',
    'already_in_use',
    'no_phone_number',
    'invalid_status',
    'unauthorized',
    'insufficient_credits',
    'forbidden',
    'not_found',
    'rate_limit_exceeded',
    'database_error',
    'provider_error',
    'server_error',
  ].map((code) => Type.Literal(code)),
)

export const FaultRuleInput = Type.Object(
  {
    method: Type.Optional(Type.Union(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => Type.Literal(m)))),
    path: Type.String({
      pattern: '^/',
      maxLength: 500,
      description: 'a path prefix (/v1/contacts), or a pattern with * (one path segment) and ** (anything)',
    }),
    status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
    code: Type.Optional(ErrorCodeName),
    delay_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 60000 })),
    times: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    probability: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    seed: Type.Optional(Type.Integer({ description: 'the seed of the probability draws, so runs repeat (default 1)' })),
  },
  { additionalProperties: false },
)
export type FaultRuleInput = Static<typeof FaultRuleInput>

export const FaultRule = Type.Object({
  id: Type.Integer(),
  method: Type.Union([Type.String(), Type.Null()]),
  path: Type.String(),
  status: Type.Union([Type.Integer(), Type.Null()]),
  code: Type.Union([Type.String(), Type.Null()]),
  delay_ms: Type.Integer(),
  times: Type.Union([Type.Integer(), Type.Null()]),
  remaining: Type.Union([Type.Integer(), Type.Null()]),
  probability: Type.Union([Type.Number(), Type.Null()]),
  seed: Type.Integer(),
  applied: Type.Integer(),
})
export type FaultRule = Static<typeof FaultRule>
