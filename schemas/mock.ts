// The control plane of the mock (mock-control.md). Not part of Flireo's API, so no $ids: these
// schemas stay out of the OpenAPI components.
import { Type, type Static } from 'typebox'
import { DateTime } from './common.js'

export const Health = Type.Object({ status: Type.Literal('ok'), version: Type.String(), uptime_seconds: Type.Number() })

export const ClockMode = Type.Union([Type.Literal('real'), Type.Literal('manual')])
export type ClockMode = Static<typeof ClockMode>

export const ClockState = Type.Object({
  now: DateTime,
  mode: ClockMode,
  speed: Type.Number(),
  pending_timers: Type.Integer(),
})

export const ClockAdvanceInput = Type.Union([
  Type.Object(
    { seconds: Type.Number({ exclusiveMinimum: 0, maximum: 10 * 365 * 86400 }) },
    { additionalProperties: false },
  ),
  Type.Object({ to: DateTime }, { additionalProperties: false }),
])

export const ClockModeInput = Type.Object(
  { mode: ClockMode, speed: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000 })) },
  { additionalProperties: false },
)

/** The behaviour settings of a workspace (PATCH /_mock/config). */
export const MockSettings = Type.Object({
  webhook_urls: Type.Array(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 }), { maxItems: 20 }),
  call_mode: Type.Union([Type.Literal('auto'), Type.Literal('manual')]),
  ring_seconds: Type.Number({ minimum: 0, maximum: 3600 }),
  turn_seconds: Type.Number({ minimum: 0.1, maximum: 3600 }),
  callee_outcome: Type.Union([Type.Literal('answer'), Type.Literal('no-answer'), Type.Literal('busy')]),
  order_delay_seconds: Type.Number({ minimum: 0, maximum: 86400 * 30 }),
  order_outcome: Type.Union([Type.Literal('success'), Type.Literal('failed')]),
  review_delay_seconds: Type.Number({ minimum: 0, maximum: 86400 * 30 }),
  review_outcome: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('manual')]),
})
export type MockSettings = Static<typeof MockSettings>

/** A new workspace's settings; `webhook_urls` and `call_mode` come from the command line. */
export const defaultSettings: MockSettings = {
  webhook_urls: [],
  call_mode: 'auto',
  ring_seconds: 1,
  turn_seconds: 2,
  callee_outcome: 'answer',
  order_delay_seconds: 2,
  order_outcome: 'success',
  review_delay_seconds: 5,
  review_outcome: 'approved',
}

export const MockConfig = Type.Object({ credits: Type.Integer(), ...MockSettings.properties })
export type MockConfig = Static<typeof MockConfig>

export const MockConfigPatch = Type.Partial(
  Type.Object({ credits: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }), ...MockSettings.properties }),
  { additionalProperties: false },
)
export type MockConfigPatch = Static<typeof MockConfigPatch>

export const ResetQuery = Type.Object({ all: Type.Optional(Type.Boolean({ default: false })) })
