// Shared pieces of the routes: the options of a resource's routes, the documented error
// responses, list pages and their handler. A new endpoint is `app.get(path, route(summary,
// schema), handler)`; a new list is `app.get(path, route(summary, {querystring: listQuery(F),
// ...}), listHandler(domain.list))`.
import type { FastifySchema } from 'fastify'
import { Type, type TObject, type TProperties } from 'typebox'
import { ErrorResponse, PageQuery, ref, type Page } from '../../schemas/common.js'
import { parseTime } from '../time.js'
import { invalidParameter } from '../errors.js'
import type { Workspace } from '../workspaces/workspaces.js'

/**
 * The route options of one resource: the entity its 404s name, its OpenAPI tag, and per route a
 * summary and the schema (whose `tags` win over the resource's).
 */
export const resourceRoutes =
  (entity: string, tag: string) =>
  <S extends FastifySchema>(summary: string, schema: S) => ({
    config: { entity },
    schema: { tags: [tag], summary, ...schema },
  })

/** The querystring of a list: the page and the resource's filters. */
export const listQuery = <P extends TProperties>(filters: TObject<P>) =>
  Type.Object({ ...PageQuery(), ...filters.properties })

/** A list route's handler: the page of the query, the domain's list, the `{data, meta}` body. */
export const listHandler =
  <F extends Page, T>(list: (workspace: Workspace, filter: F) => { data: T[]; total: number }) =>
  async (request: { workspace: Workspace; query: Omit<F, keyof Page> & Partial<Page> }) => {
    const page = pageOf(request.query)
    return listBody(list(request.workspace, { ...request.query, ...page } as F), page)
  }

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
