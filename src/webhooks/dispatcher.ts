// Sends webhooks (webhooks.md § Delivery). Each (call, URL) pair is a queue: its events go out in
// order, one at a time; queues run concurrently, so a slow receiver holds up only its own queue
// and never the HTTP API. Deliveries are rows first, so a restart sends what was still queued.
// Which queues have something to send is also kept in memory — marked when a delivery is queued
// or a retry comes due — so finishing a delivery never rescans the table for open queues.
import { setMaxListeners } from 'node:events'
import type { FastifyBaseLogger } from 'fastify'
import { transaction, type Db } from '../db/open.js'
import type { Timers } from '../timers/timers.js'
import type { Workspace, Workspaces } from '../workspaces/workspaces.js'
import type { Deliveries, DeliveryRow } from './deliveries.js'
import { send, webhookHeaders, type Attempt } from './sender.js'

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

/** The queues of one workspace that the dispatcher knows about. */
interface WorkspaceQueues {
  /** Queues that may have something to send and no worker yet, by queue key. */
  ready: Map<string, { callId: string | null; url: string }>
  /** The keys of the queues a worker is sending. */
  working: Set<string>
  /** Resolves once `working` is empty. */
  idle: Promise<void>
  becameIdle: () => void
}

const queueKey = (callId: string | null, url: string) => `${callId}\n${url}`

export function createDispatcher({ db, deliveries, timers, workspaces, now, options, log }: DispatcherDeps) {
  const answerHandlers = new Map<string, AnswerHandler>()
  const byWorkspace = new Map<string, WorkspaceQueues>()
  const shutdown = new AbortController()

  const queuesOf = (workspaceId: string) => {
    let queues = byWorkspace.get(workspaceId)
    if (!queues) {
      queues = { ready: new Map(), working: new Set(), idle: Promise.resolve(), becameIdle: () => {} }
      byWorkspace.set(workspaceId, queues)
    }
    return queues
  }

  /** The queue may have a delivery to send; the next startQueues of its workspace looks. */
  const markReady = (workspaceId: string, callId: string | null, url: string) =>
    queuesOf(workspaceId).ready.set(queueKey(callId, url), { callId, url })

  // Signed on the workspace's clock, like the payload's timestamps.
  const headersFor = (workspace: Workspace, delivery: DeliveryRow) =>
    webhookHeaders(delivery.event, delivery.id, delivery.body, options.secret, Math.floor(now(workspace) / 1000))

  // At most this many requests in flight at once: a thousand calls ending together must not open
  // a thousand connections to one receiver (its backlog overflows and events are lost).
  const maxInFlight = 64
  // Each request in flight listens for the server closing.
  setMaxListeners(maxInFlight, shutdown.signal)
  let inFlight = 0
  const waiting: (() => void)[] = []
  const slot = async () => {
    if (inFlight < maxInFlight) inFlight += 1
    else await new Promise<void>((resolve) => waiting.push(resolve))
  }
  // A freed slot passes straight to the next in line, so nobody takes it in between.
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else inFlight -= 1
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

  /**
   * Sends a queue's deliveries in order until it is empty or waits for a retry. The queue counts
   * as working until the very step in which the worker finds nothing more to send, so whatever is
   * queued after that starts a new worker.
   */
  const work = async (workspace: Workspace, callId: string | null, url: string) => {
    const queues = queuesOf(workspace.id)
    const key = queueKey(callId, url)
    if (queues.working.size === 0) queues.idle = new Promise((resolve) => (queues.becameIdle = resolve))
    queues.working.add(key)
    try {
      for (let delivery = deliveries.head(workspace, callId, url); delivery?.state === 'queued';) {
        const current = delivery
        const { result, headers } = await attempt(workspace, current)
        if (shutdown.signal.aborted) {
          // Cut off by the server closing: logged, and left queued to be sent again after a restart.
          deliveries.record(
            workspace,
            current,
            { ...result, error: 'aborted: the server closed' },
            headers,
            now(workspace),
          )
          return
        }
        transaction(db, () => {
          deliveries.record(workspace, current, result, headers, now(workspace))
          const retry =
            !result.ok && retriedEvents.has(current.event) && deliveries.attempts(current.id) <= options.retries
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
    } finally {
      queues.working.delete(key)
      if (queues.working.size === 0) queues.becameIdle()
    }
  }

  /** Starts a worker for every queue of the workspace marked ready that has none. */
  const startQueues = (workspace: Workspace) => {
    if (shutdown.signal.aborted) return
    const queues = queuesOf(workspace.id)
    for (const [key, { callId, url }] of queues.ready) {
      queues.ready.delete(key)
      // A queue's worker reads its next delivery after each one, so it sends this one too.
      if (queues.working.has(key)) continue
      work(workspace, callId, url).catch((error) => {
        if (!shutdown.signal.aborted) log.error({ err: error, url }, 'webhook delivery failed')
      })
    }
  }

  /** Sends what is queued and waits until every queue of the workspace is idle. */
  const flush = async (workspace: Workspace) => {
    for (;;) {
      startQueues(workspace)
      const queues = queuesOf(workspace.id)
      if (queues.working.size === 0) return
      await queues.idle
    }
  }

  timers.register(retryTimer, (payload) => {
    const delivery = deliveries.get((payload as { delivery_id: string }).delivery_id)
    if (delivery?.state !== 'retrying') return
    deliveries.setState(delivery.id, 'queued')
    markReady(delivery.workspace_id, delivery.call_id, delivery.url)
    const workspace = workspaces.byId(delivery.workspace_id)
    return workspace && (() => flush(workspace))
  })

  return {
    /** Queues one event for each URL; call inside the transaction that caused it, then flush. */
    queue(
      workspace: Workspace,
      callId: string,
      event: string,
      payload: object,
      urls: { url: string; answers: boolean }[],
    ) {
      const body = JSON.stringify(payload)
      const createdAt = now(workspace)
      for (const { url, answers } of urls) {
        deliveries.add(workspace, { call_id: callId, event, url, body, answers }, createdAt)
        markReady(workspace.id, callId, url)
      }
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
        if (!workspace) continue
        for (const { call_id, url } of deliveries.readyQueues(workspace)) markReady(id, call_id, url)
        startQueues(workspace)
      }
    },

    /** Aborts deliveries in flight (the server is closing). */
    async close() {
      shutdown.abort()
      await Promise.all([...byWorkspace.values()].map((queues) => queues.idle))
    },
  }
}

export type Dispatcher = ReturnType<typeof createDispatcher>
