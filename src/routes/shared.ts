// Shared pieces of the routes: the options of a resource's routes, the documented error
// responses, list pages and their handler. A new endpoint is `app.get(path, route(summary,
// schema), handler)`; reading, changing or deleting one record is `app.get(path,
// route.read(summary, ok, domain.get))`; a new list is `app.get(path, route.list(summary, Filters,
// ref(Item), listHandler(domain.list)))`.
import type { FastifySchema } from 'fastify'
import { Type, type TObject, type TProperties, type TSchema } from 'typebox'
import {
  ErrorResponse,
  IdParams,
  ListEnvelope,
  PageQuery,
  SuccessMessage,
  ref,
  type Page,
} from '../../schemas/common.js'
import { parseTime } from '../time.js'
import { invalidParameter } from '../errors.js'
import type { Workspace } from '../workspaces/workspaces.js'

/** The route options of routes under one OpenAPI tag: per route a summary and the schema. */
export const taggedRoutes =
  (tag: string) =>
  <S extends FastifySchema>(summary: string, schema: S) => ({ schema: { tags: [tag], summary, ...schema } })

/** The schema of a route of one record (`/…/:id`) besides its params and response. */
type OneSchema = Omit<FastifySchema, 'params' | 'response'> & { errors?: number[] }

/** A request for one record of the workspace. */
type OneRequest = { workspace: Workspace; params: { id: string } }

type OfOne<T> = (workspace: Workspace, id: string) => T
/** A change to one record, with the request's body if it has one. */
type ChangeOfOne<B, T> = (workspace: Workspace, id: string, body: B) => T

/**
 * The route options of one resource: the entity its 404s name, its OpenAPI tag, and per route a
 * summary and the schema (whose `tags` win over the resource's). For a route of one record
 * (`/…/:id`, documented with 400 and 404 unless `errors` says otherwise):
 * - `route.one(summary, ok, schema)`: the options, with `ok` the 200 body;
 * - `route.read(summary, ok, get)`: with the handler answering `{data}` of `get`;
 * - `route.change(summary, ok, message, change)`: with the handler answering `{message, data}` of
 *   `change(workspace, id, body)`;
 * - `route.remove(summary, message, remove)`: with the handler answering `{message}`.
 * And `route.list(summary, Filters, item, handler)` is a list: its querystring, `{data, meta}` of
 * `item`, and its handler (`listHandler(domain.list)`).
 */
export const resourceRoutes = (entity: string, tag: string) => {
  const tagged = taggedRoutes(tag)
  const route = <S extends FastifySchema>(summary: string, schema: S) => ({
    config: { entity },
    ...tagged(summary, schema),
  })
  const one = <R, S extends OneSchema>(summary: string, ok: R, { errors, ...schema }: S = {} as S) =>
    route(summary, { ...schema, params: IdParams, response: responses({ 200: ok }, errors) })
  const read = <R, T, S extends OneSchema = object>(summary: string, ok: R, get: OfOne<T>, schema: S = {} as S) => ({
    ...one(summary, ok, schema),
    handler: async (request: OneRequest) => ({ data: get(request.workspace, request.params.id) }),
  })
  const change = <R, B, T, S extends OneSchema = object>(
    summary: string,
    ok: R,
    message: string,
    change: ChangeOfOne<B, T>,
    schema: S = {} as S,
  ) => ({
    ...one(summary, ok, schema),
    handler: async (request: OneRequest & { body: B }) => ({
      message,
      data: change(request.workspace, request.params.id, request.body),
    }),
  })
  const remove = <S extends OneSchema = object>(
    summary: string,
    message: string,
    remove: OfOne<void>,
    schema: S = {} as S,
  ) => ({
    ...one(summary, ref(SuccessMessage), schema),
    handler: async (request: OneRequest) => {
      remove(request.workspace, request.params.id)
      return { message }
    },
  })
  const list = <P extends TProperties, I extends TSchema, H>(
    summary: string,
    filters: TObject<P>,
    item: I,
    handler: H,
    schema: Omit<FastifySchema, 'querystring' | 'response'> = {},
  ) => ({
    ...route(summary, {
      ...schema,
      querystring: listQuery(filters),
      response: responses({ 200: ListEnvelope(item) }, [400]),
    }),
    handler,
  })
  return Object.assign(route, { one, read, change, remove, list })
}

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

type TimeBounds = { from?: number; to?: number }

/**
 * The handler of a list filtered by `from` / `to` date-times (passed on as epoch ms); `view`
 * shapes each item of the page.
 */
export const timedListHandler =
  <F extends Page & TimeBounds, T, R = T>(
    list: (workspace: Workspace, filter: F) => { data: T[]; total: number },
    view: (item: T) => R = (item) => item as unknown as R,
  ) =>
  async (request: {
    workspace: Workspace
    query: Omit<F, keyof Page | keyof TimeBounds> & Partial<Page> & { from?: string; to?: string }
  }) => {
    const page = pageOf(request.query)
    const { from, to, ...filter } = request.query
    const { data, total } = list(request.workspace, { ...filter, ...timeBounds({ from, to }), ...page } as F)
    return listBody({ data: data.map(view), total }, page)
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
