// Sends webhooks (webhooks.md § Delivery). Each (call, URL) pair is a queue: its events go out in
// order, one at a time; queues run concurrently, so a slow receiver holds up only its own queue
// and never the HTTP API. Deliveries are rows first, so a restart sends what was still queued.
// Which queues have something to send is also kept in memory — marked when a delivery is queued
// or a retry comes due — so finishing a delivery never rescans the table for open queues.
import { setMaxListeners } from 'node:events'
import type { FastifyBaseLogger } from 'fastify'
import type { Effects, Work } from '../effects/work.js'
import { packageVersion } from '../package.js'
import type { TimerPayloads } from '../timers/timers.js'
import type { Workspace, Workspaces } from '../workspaces/workspaces.js'
import type { Deliveries, DeliveryRow } from './deliveries.js'
import { send, signature, type Attempt } from './sender.js'

/** Only these are retried; the events that wait for an answer let the call react instead. */
const retriedEvents = new Set(['status-update', 'end-of-call-report'])

/** Reacts, in the unit of work that records the attempt, to the answer of an assistant's server. */
export type AnswerHandler = (work: Work, delivery: DeliveryRow, attempt: Attempt) => void

export interface WebhookOptions {
  secret: string | null
  timeoutMs: number
  retries: number
}

export interface DispatcherDeps {
  deliveries: Deliveries
  effects: Effects
  workspaces: Workspaces
  /** The answer of an assistant's server to an event that waits for one. */
  answered: AnswerHandler
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

export function createDispatcher({ deliveries, effects, workspaces, answered, now, options, log }: DispatcherDeps) {
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

  /** Logs an attempt and tells the stream; returns its log entry id and the delivery's attempt count. */
  const record = (work: Work, delivery: DeliveryRow, result: Attempt, headers: Record<string, string>) => {
    const id = deliveries.record(work.workspace, delivery, result, headers, now(work.workspace))
    const attempts = deliveries.attempts(delivery.id)
    work.publish({
      type: 'webhook.attempt',
      data: {
        delivery_id: delivery.id,
        call_id: delivery.call_id,
        event: delivery.event,
        url: delivery.url,
        attempt: attempts,
        ok: result.ok,
        status_code: result.status,
        error: result.error,
        duration_ms: result.durationMs,
      },
    })
    return { id, attempts }
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
          effects.run(workspace, (work) =>
            record(work, current, { ...result, error: 'aborted: the server closed' }, headers),
          )
          return
        }
        // An answer may queue further events, for this queue or others: the unit of work sends them.
        effects.run(workspace, (work) => {
          const { attempts } = record(work, current, result, headers)
          if (!result.ok && retriedEvents.has(current.event) && attempts <= options.retries) {
            deliveries.setState(current.id, 'retrying')
            work.arm(now(workspace) + 500 * 2 ** (attempts - 1), 'webhook.retry', { delivery_id: current.id })
          } else {
            deliveries.setState(current.id, result.ok ? 'delivered' : 'failed')
          }
          if (current.answers) answered(work, current, result)
        })
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

  return {
    /**
     * A queue has a delivery to send (its rows have committed): starts its worker unless it has
     * one. The unit of work calls this; the HTTP API never waits for a receiver.
     */
    send(workspace: Workspace, callId: string | null, url: string) {
      markReady(workspace.id, callId, url)
      startQueues(workspace)
    },

    flush,

    /** A retry's time has come: its queue sends it next. */
    retryDue(work: Work, { delivery_id }: TimerPayloads['webhook.retry']) {
      const delivery = deliveries.get(delivery_id)
      if (delivery?.state !== 'retrying') return
      deliveries.setState(delivery.id, 'queued')
      work.resend(delivery.call_id, delivery.url)
    },

    /** Sends a logged delivery once more, outside its queue (POST /_mock/webhook-deliveries/{id}/redeliver). */
    async redeliver(workspace: Workspace, attemptId: string) {
      const delivery = deliveries.get(deliveries.entry(workspace, attemptId).delivery_id)!
      const { result, headers } = await attempt(workspace, delivery)
      return effects.run(workspace, (work) => record(work, delivery, result, headers).id)
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
