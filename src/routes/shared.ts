// Shared pieces of the routes: the documented error responses, list pages.
import { ErrorResponse, ref, type Page } from '../../schemas/common.js'
import { parseTime } from '../time.js'
import { invalidParameter } from '../errors.js'

const errorRef = ref(ErrorResponse)

/** Success responses plus the listed error statuses (401 is always possible under /v1). */
export function responses<T extends Record<number, unknown>>(success: T, errors: number[] = [400, 404]) {
  const documented: Record<number, unknown> = { ...success, 401: errorRef }
  for (const status of errors) documented[status] = errorRef
  return documented as T
}

/**
 * The page of a list query. Ajv fills in the defaults of PageQuery; a number too large to be one
 * (`limit=1e400` coerces to Infinity, which Ajv's integer check lets through) is refused here.
 */
export function pageOf(query: { limit?: number; offset?: number }): Page {
  for (const field of ['limit', 'offset'] as const) {
    if (!Number.isSafeInteger(query[field])) throw invalidParameter(field, 'must be an integer')
  }
  return { limit: query.limit!, offset: query.offset! }
}

/** `{data, meta}` of a list page. */
export const listBody = <T>({ data, total }: { data: T[]; total: number }, page: Page) => ({
  data,
  meta: { total, limit: page.limit, offset: page.offset },
})

/** `from` / `to` date-time bounds of a list filter, as epoch ms. */
export const timeBounds = ({ from, to }: { from?: string; to?: string }) => ({
  from: from === undefined ? undefined : parseTime(from),
  to: to === undefined ? undefined : parseTime(to),
})
