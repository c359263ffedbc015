// Fault rules (mock-control.md, /_mock/faults): the next matching /v1 requests of a workspace get
// a delay and/or an error in the Flireo shape, `times` limits how often, and `probability` draws
// from a seeded generator so a run repeats. Kept in memory per workspace.
import type { FaultRule, FaultRuleInput } from '../../schemas/faults.js'
import { ApiError, errorStatus, invalidParameter, type ErrorCode } from '../errors.js'
import { seededRandom } from '../random.js'
import { pathMatcher } from './path-pattern.js'
import { pathOf } from '../url.js'

/** The code an error status stands for when a rule gives only the status. */
const codeOfStatus: Record<number, ErrorCode> = {
  400: 'invalid_parameters',
  401: 'unauthorized',
  402: 'insufficient_credits',
  403: 'forbidden',
  404: 'not_found',
  429: 'rate_limit_exceeded',
}

interface Rule extends FaultRule {
  matches: (requestPath: string) => boolean
  draw: () => number
}

/** What a matching rule does to a request. */
export interface Fault {
  delayMs: number
  error: ApiError | null
}

export function createFaults() {
  const rules = new Map<string, Rule[]>()
  let sequence = 0

  const visible = ({ matches: _matches, draw: _draw, ...rule }: Rule): FaultRule => rule

  return {
    add(workspaceId: string, input: FaultRuleInput): FaultRule {
      if (input.status === undefined && input.code === undefined && input.delay_ms === undefined) {
        throw invalidParameter(
          'status',
          'or code or delay_ms is required',
          'A fault rule needs a status, a code or a delay_ms',
        )
      }
      const seed = input.seed ?? 1
      const rule: Rule = {
        id: ++sequence,
        method: input.method ?? null,
        path: input.path,
        status: input.status ?? null,
        code: input.code ?? null,
        delay_ms: input.delay_ms ?? 0,
        times: input.times ?? null,
        remaining: input.times ?? null,
        probability: input.probability ?? null,
        seed,
        applied: 0,
        matches: pathMatcher(input.path),
        draw: seededRandom(seed),
      }
      rules.set(workspaceId, [...(rules.get(workspaceId) ?? []), rule])
      return visible(rule)
    },

    list: (workspaceId: string) => (rules.get(workspaceId) ?? []).map(visible),

    /** Removes one rule; false when the workspace has no rule with that id. */
    remove(workspaceId: string, id: number) {
      const kept = (rules.get(workspaceId) ?? []).filter((rule) => rule.id !== id)
      if (kept.length === (rules.get(workspaceId) ?? []).length) return false
      rules.set(workspaceId, kept)
      return true
    },

    clear(workspaceId: string) {
      rules.delete(workspaceId)
    },

    clearAll() {
      rules.clear()
    },

    /**
     * The fault for this request, if a rule applies to it (and uses up one of its times). `url` may
     * carry a query string, which no rule looks at.
     */
    apply(workspaceId: string, method: string, url: string): Fault | undefined {
      const workspaceRules = rules.get(workspaceId)
      if (workspaceRules === undefined || workspaceRules.length === 0) return undefined
      const path = pathOf(url)
      // The first matching rule that fires; a rule whose draw misses lets the next one try.
      const rule = workspaceRules.find(
        (r) =>
          r.remaining !== 0 &&
          (r.method === null || r.method === method) &&
          r.matches(path) &&
          (r.probability === null || r.draw() < r.probability),
      )
      if (!rule) return undefined
      rule.applied += 1
      if (rule.remaining !== null) rule.remaining -= 1
      const status = rule.status ?? (rule.code ? errorStatus[rule.code as ErrorCode] : null)
      const code =
        (rule.code as ErrorCode | null) ?? (status === null ? null : (codeOfStatus[status] ?? 'server_error'))
      const error =
        code === null
          ? null
          : new ApiError(code, `Injected fault (rule ${rule.id})`, { fault_rule_id: rule.id }, status!)
      return { delayMs: rule.delay_ms, error }
    },
  }
}

export type Faults = ReturnType<typeof createFaults>
