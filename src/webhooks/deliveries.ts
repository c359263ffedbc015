// The webhook delivery store: one row per event and target URL, and the log of every attempt.
import type { Page } from '../../schemas/common.js'
import type { Db } from '../db/open.js'
import { notFound } from '../errors.js'
import { formatTime } from '../time.js'
import type { Workspace } from '../workspaces/workspaces.js'
import type { Attempt } from './sender.js'
import { pageClause } from '../sql.js'

export type DeliveryState = 'queued' | 'retrying' | 'delivered' | 'failed'

export interface DeliveryRow {
  id: string
  workspace_id: string
  call_id: string | null
  event: string
  url: string
  body: string
  answers: number
  state: DeliveryState
}

interface AttemptRow {
  id: string
  delivery_id: string
  attempt: number
  at: number
  request_headers: string
  response_status: number | null
  response_headers: string | null
  response_body: string | null
  duration_ms: number
  error: string | null
  ok: number
  call_id: string | null
  event: string
  url: string
  body: string
}

const toLogEntry = (row: AttemptRow) => ({
  id: row.id,
  delivery_id: row.delivery_id,
  call_id: row.call_id,
  event: row.event,
  url: row.url,
  attempt: row.attempt,
  at: formatTime(row.at),
  ok: row.ok === 1,
  request: { headers: JSON.parse(row.request_headers) as Record<string, string>, body: row.body },
  response:
    row.response_status === null
      ? null
      : {
          status: row.response_status,
          headers: JSON.parse(row.response_headers ?? '{}') as Record<string, string>,
          body: row.response_body ?? '',
        },
  duration_ms: row.duration_ms,
  error: row.error,
})
export type DeliveryLogEntry = ReturnType<typeof toLogEntry>

/** The delivery log keeps the newest attempts of each workspace, the oldest go first. */
export const attemptLogCapacity = 1000

export interface LogFilter extends Page {
  call_id?: string
  event?: string
  ok?: boolean
}

export interface NewDelivery {
  call_id: string
  event: string
  url: string
  body: string
  /** This URL's answer drives the call (the assistant's server_url for assistant-request / tool-calls). */
  answers: boolean
}

export function createDeliveries(db: Db, newId: () => string) {
  const insert = db.prepare(
    `INSERT INTO webhook_deliveries (id, workspace_id, call_id, event, url, body, answers, state, created_at)
     VALUES (@id, @workspace_id, @call_id, @event, @url, @body, @answers, 'queued', @created_at)`,
  )
  const byId = db.prepare<[string], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = ?')
  const head = db.prepare<[string, string | null, string], DeliveryRow>(
    `SELECT * FROM webhook_deliveries WHERE workspace_id = ? AND call_id IS ? AND url = ? AND state IN ('queued', 'retrying')
     ORDER BY seq LIMIT 1`,
  )
  // The first open delivery of each queue (SQLite takes the bare columns from the min(seq) row).
  const queueHeads = db.prepare<[string], { call_id: string | null; url: string; state: DeliveryState; seq: number }>(
    `SELECT call_id, url, state, min(seq) AS seq FROM webhook_deliveries
     WHERE workspace_id = ? AND state IN ('queued', 'retrying') GROUP BY call_id, url`,
  )
  const workspacesWithQueues = db.prepare<[], { workspace_id: string }>(
    `SELECT DISTINCT workspace_id FROM webhook_deliveries WHERE state = 'queued'`,
  )
  const setState = db.prepare('UPDATE webhook_deliveries SET state = ? WHERE id = ?')
  // The number of the last attempt (the oldest may have left the log).
  const attemptCount = db.prepare<[string], { n: number }>(
    'SELECT coalesce(max(attempt), 0) AS n FROM webhook_attempts WHERE delivery_id = ?',
  )
  const insertAttempt = db.prepare(
    `INSERT INTO webhook_attempts (id, workspace_id, delivery_id, attempt, at, request_headers, response_status,
       response_headers, response_body, duration_ms, error, ok)
     VALUES (@id, @workspace_id, @delivery_id, @attempt, @at, @request_headers, @response_status, @response_headers,
       @response_body, @duration_ms, @error, @ok)`,
  )
  const pruneAttempts = db.prepare<{ workspace: string; keep: number }>(
    `DELETE FROM webhook_attempts WHERE workspace_id = @workspace AND seq <= (
       SELECT seq FROM webhook_attempts WHERE workspace_id = @workspace ORDER BY seq DESC LIMIT 1 OFFSET @keep)`,
  )
  const logSelect = `SELECT a.*, d.call_id, d.event, d.url, d.body FROM webhook_attempts a
    JOIN webhook_deliveries d ON d.id = a.delivery_id`
  const logFilter = `a.workspace_id = @workspace AND (@call IS NULL OR d.call_id = @call)
    AND (@event IS NULL OR d.event = @event) AND (@ok IS NULL OR a.ok = @ok)`
  const logPage = db.prepare<Record<string, unknown>, AttemptRow>(
    `${logSelect} WHERE ${logFilter} ORDER BY a.seq DESC ${pageClause}`,
  )
  const logCount = db.prepare<Record<string, unknown>, { n: number }>(
    `SELECT count(*) AS n FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE ${logFilter}`,
  )
  const attemptById = db.prepare<[string, string], AttemptRow>(`${logSelect} WHERE a.workspace_id = ? AND a.id = ?`)

  return {
    add(workspace: Workspace, delivery: NewDelivery, createdAt: number) {
      insert.run({
        ...delivery,
        id: newId(),
        workspace_id: workspace.id,
        answers: delivery.answers ? 1 : 0,
        created_at: createdAt,
      })
    },

    get: (id: string) => byId.get(id),

    /** The delivery a queue sends next, if it may send now. */
    head: (workspace: Workspace, callId: string | null, url: string) => head.get(workspace.id, callId, url),

    /** The queues of a workspace whose first delivery waits to be sent (not for a retry's time). */
    readyQueues: (workspace: Workspace) => queueHeads.all(workspace.id).filter((q) => q.state === 'queued'),

    workspacesWithQueues: () => workspacesWithQueues.all().map((r) => r.workspace_id),

    setState(id: string, state: DeliveryState) {
      setState.run(state, id)
    },

    attempts: (deliveryId: string) => attemptCount.get(deliveryId)!.n,

    /** Records an attempt; returns its log entry id. */
    record(workspace: Workspace, delivery: DeliveryRow, attempt: Attempt, headers: Record<string, string>, at: number) {
      const id = newId()
      insertAttempt.run({
        id,
        workspace_id: workspace.id,
        delivery_id: delivery.id,
        attempt: attemptCount.get(delivery.id)!.n + 1,
        at,
        request_headers: JSON.stringify(headers),
        response_status: attempt.status,
        response_headers: attempt.headers && JSON.stringify(attempt.headers),
        response_body: attempt.body,
        duration_ms: attempt.durationMs,
        error: attempt.error,
        ok: attempt.ok ? 1 : 0,
      })
      pruneAttempts.run({ workspace: workspace.id, keep: attemptLogCapacity })
      return id
    },

    log(workspace: Workspace, { call_id, event, ok, limit, offset }: LogFilter) {
      const params = {
        workspace: workspace.id,
        call: call_id ?? null,
        event: event ?? null,
        ok: ok === undefined ? null : ok ? 1 : 0,
      }
      return { data: logPage.all({ ...params, limit, offset }).map(toLogEntry), total: logCount.get(params)!.n }
    },

    entry(workspace: Workspace, attemptId: string) {
      const row = attemptById.get(workspace.id, attemptId)
      if (!row) throw notFound('Webhook delivery')
      return toLogEntry(row)
    },
  }
}

export type Deliveries = ReturnType<typeof createDeliveries>
