// Sends webhooks (webhooks.md § Delivery). Each (call, URL) pair is a queue: its events go out in
// order, one at a time; queues run concurrently, so a slow receiver holds up only its own queue
// and never the HTTP API. Deliveries are rows first, so a restart sends what was still queued.
import type { FastifyBaseLogger } from 'fastify'
import { transaction, type Db } from '../db/open.js'
import { packageVersion } from '../package.js'
import type { Timers } from '../timers/timers.js'
import type { Workspace, Workspaces } from '../workspaces/workspaces.js'
import type { Deliveries, DeliveryRow } from './deliveries.js'
import { send, signature, type Attempt } from './sender.js'

const retryTimer = 'webhook.retry'
/** Only these are retried; the events that wait for an answer let the call react instead. */
const retriedEvents = new Set(['status-update', 'end-of-call-report'])

/** Reacts, inside the transaction that records the attempt, to the answer of an assistant's server. */
export type AnswerHandler = (workspace: Workspace, delivery: DeliveryRow, attempt: Attempt) => void

export interface WebhookOptions {
  secret: string | null
  timeoutMs: number
  retries: number
}

export interface DispatcherDeps {
  db: Db
  deliveries: Deliveries
  timers: Timers
  workspaces: Workspaces
  now: (workspace: Workspace) => number
  options: WebhookOptions
  log: FastifyBaseLogger
}

export function createDispatcher({ db, deliveries, timers, workspaces, now, options, log }: DispatcherDeps) {
  const answerHandlers = new Map<string, AnswerHandler>()
  const running = new Map<string, { workspaceId: string; done: Promise<void> }>()
  const shutdown = new AbortController()

  const headersFor = (workspace: Workspace, delivery: DeliveryRow) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': `flireo-mock/${packageVersion}`,
      'x-flireo-event': delivery.event,
      'x-flireo-delivery': delivery.id,
    }
    if (options.secret) {
      // The workspace's clock, like the payload's timestamps.
      const timestamp = Math.floor(now(workspace) / 1000)
      headers['x-flireo-timestamp'] = String(timestamp)
      headers['x-flireo-signature'] = signature(options.secret, timestamp, delivery.body)
    }
    return headers
  }

  // At most this many requests in flight at once: a thousand calls ending together must not open
  // a thousand connections to one receiver (its backlog overflows and events are lost).
  const maxInFlight = 64
  let inFlight = 0
  const waiting: (() => void)[] = []
  const slot = async () => {
    if (inFlight >= maxInFlight) await new Promise<void>((resolve) => waiting.push(resolve))
    inFlight += 1
  }
  const release = () => {
    inFlight -= 1
    waiting.shift()?.()
  }

  /** One attempt; returns the attempt and the headers it was sent with. */
  const attempt = async (workspace: Workspace, delivery: DeliveryRow) => {
    const headers = headersFor(workspace, delivery)
    await slot()
    try {
      const result = await send({
        url: delivery.url,
        body: delivery.body,
        headers,
        timeoutMs: options.timeoutMs,
        signal: shutdown.signal,
      })
      return { result, headers }
    } finally {
      release()
    }
  }

  /** Sends a queue's deliveries in order until it is empty or waits for a retry. */
  const work = async (workspace: Workspace, callId: string | null, url: string) => {
    for (let delivery = deliveries.head(workspace, callId, url); delivery?.state === 'queued'; ) {
      const current = delivery
      const { result, headers } = await attempt(workspace, current)
      if (shutdown.signal.aborted) {
        // Cut off by the server closing: logged, and left queued to be sent again after a restart.
        deliveries.record(workspace, current, { ...result, error: 'aborted: the server closed' }, headers, now(workspace))
        return
      }
      transaction(db, () => {
        deliveries.record(workspace, current, result, headers, now(workspace))
        const retry = !result.ok && retriedEvents.has(current.event) && deliveries.attempts(current.id) <= options.retries
        if (retry) {
          const backoff = 500 * 2 ** (deliveries.attempts(current.id) - 1)
          deliveries.setState(current.id, 'retrying')
          timers.schedule(workspace, now(workspace) + backoff, retryTimer, { delivery_id: current.id })
        } else {
          deliveries.setState(current.id, result.ok ? 'delivered' : 'failed')
        }
        if (current.answers) answerHandlers.get(current.event)?.(workspace, current, result)
      })()
      // An answer may have queued further events, for this queue or others.
      startQueues(workspace)
      delivery = deliveries.head(workspace, callId, url)
    }
  }

  /** Starts a worker for every ready queue of the workspace that has none. */
  const startQueues = (workspace: Workspace) => {
    if (shutdown.signal.aborted) return
    for (const { call_id, url } of deliveries.readyQueues(workspace)) {
      const key = `${workspace.id}\n${call_id}\n${url}`
      if (running.has(key)) continue
      const done = work(workspace, call_id, url)
        .catch((error) => {
          if (!shutdown.signal.aborted) log.error({ err: error, url }, 'webhook delivery failed')
        })
        .finally(() => running.delete(key))
      running.set(key, { workspaceId: workspace.id, done })
    }
  }

  /** Sends what is queued and waits until every queue of the workspace is idle. */
  const flush = async (workspace: Workspace) => {
    for (;;) {
      startQueues(workspace)
      const busy = [...running.values()].filter((w) => w.workspaceId === workspace.id)
      if (busy.length === 0) return
      await Promise.all(busy.map((w) => w.done))
    }
  }

  timers.register(retryTimer, (payload) => {
    const delivery = deliveries.get((payload as { delivery_id: string }).delivery_id)
    if (delivery?.state !== 'retrying') return
    deliveries.setState(delivery.id, 'queued')
    const workspace = workspaces.byId(delivery.workspace_id)
    return workspace && (() => flush(workspace))
  })

  return {
    /** Queues one event for each URL; call inside the transaction that caused it, then flush. */
    queue(workspace: Workspace, callId: string, event: string, payload: object, urls: { url: string; answers: boolean }[]) {
      const body = JSON.stringify(payload)
      const createdAt = now(workspace)
      for (const { url, answers } of urls) deliveries.add(workspace, { call_id: callId, event, url, body, answers }, createdAt)
    },

    flush,

    /** Starts sending without waiting (the HTTP API never waits for a receiver). */
    kick(workspace: Workspace) {
      startQueues(workspace)
    },

    onAnswer(event: string, handler: AnswerHandler) {
      answerHandlers.set(event, handler)
    },

    /** Sends a logged delivery once more, outside its queue (POST /_mock/webhook-deliveries/{id}/redeliver). */
    async redeliver(workspace: Workspace, attemptId: string) {
      const delivery = deliveries.get(deliveries.entry(workspace, attemptId).delivery_id)!
      const { result, headers } = await attempt(workspace, delivery)
      return deliveries.record(workspace, delivery, result, headers, now(workspace))
    },

    /** After a restart: send whatever was still queued. */
    resume() {
      for (const id of deliveries.workspacesWithQueues()) {
        const workspace = workspaces.byId(id)
        if (workspace) startQueues(workspace)
      }
    },

    /** Aborts deliveries in flight (the server is closing). */
    async close() {
      shutdown.abort()
      await Promise.all([...running.values()].map((w) => w.done))
    },
  }
}

export type Dispatcher = ReturnType<typeof createDispatcher>
