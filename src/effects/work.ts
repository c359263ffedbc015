// The unit of work (architecture.md § Effects). Every write runs in one: a database transaction
// that collects what the write causes beyond its rows — webhooks to send, timers armed, entries of
// the live event stream — and, once the transaction has committed, one runner applies them in the
// order they were collected. A webhook and a timer are rows first (written at once, in the
// transaction, so they commit or roll back with the write); what the runner does after the commit
// is what must never happen for a write that rolled back: start sending, re-aim the real-time
// timer, publish events.
import type { Db } from '../db/open.js'
import type { EventSink, MockEventInput } from '../events/catalogue.js'
import { formatTime } from '../time.js'
import type { TimerKind, TimerPayloads } from '../timers/timers.js'
import type { Workspace } from '../workspaces/workspaces.js'

/** What a committed unit of work leaves to do, in order. */
export type Effect =
  /** A webhook queue (call, URL) has a delivery to send. */
  | { kind: 'send'; callId: string | null; url: string }
  /** Timers were armed or a clock moved: the real-time driver aims again. */
  | { kind: 'timers-changed' }
  | { kind: 'event'; time: string; event: MockEventInput }
  /** Something the writer keeps outside the database, for the committed write only. */
  | { kind: 'committed'; run: () => void }

export interface WebhookTarget {
  url: string
  /** This URL's answer drives the call (the assistant's server_url for assistant-request / tool-calls). */
  answers: boolean
}

/** What a write hands its consequences to. */
export interface Work {
  readonly workspace: Workspace
  /** Arms a timer; `subject` names what it is about, for cancel(). */
  arm<K extends TimerKind>(dueAt: number, kind: K, payload: TimerPayloads[K], subject?: string | null): void
  /** Drops every pending timer about `subject`. */
  cancel(subject: string): void
  /** Queues one event of a call for each target URL. */
  webhook(callId: string, event: string, payload: object, targets: WebhookTarget[]): void
  /** A queue has a delivery to send again (a retry came due). */
  resend(callId: string | null, url: string): void
  /** The clock moved or changed mode. */
  clockChanged(): void
  /** An entry for the live event stream, at the workspace's time now. */
  publish(event: MockEventInput): void
  /** Runs `run` once the write has committed (never for one that rolled back). */
  afterCommit(run: () => void): void
}

export interface EffectsDeps {
  db: Db
  now: (workspace: Workspace) => number
  timers: {
    schedule(workspace: Workspace, dueAt: number, kind: string, payload: unknown, subject: string | null): void
    cancel(workspace: Workspace, subject: string): void
  }
  /** The delivery rows, and who sends a queue once its rows have committed. */
  webhooks: {
    add(workspace: Workspace, delivery: WebhookRow, createdAt: number): void
    send(workspace: Workspace, callId: string | null, url: string): void
  }
  /** Re-aims the real-time driver. */
  timersChanged: () => void
  events: EventSink
}

/** One event for one URL, as its delivery row holds it. */
export type WebhookRow = { call_id: string; event: string; url: string; body: string; answers: boolean }

export function createEffects({ db, now, timers, webhooks, timersChanged, events }: EffectsDeps) {
  /** The unit of work under way, if any: a write nested in another joins it (as a savepoint). */
  let active: (Work & { effects: Effect[] }) | null = null
  // Made once: making better-sqlite3's transaction function is a measurable share of a small write.
  const inTransaction = db.transaction((write: (work: Work) => unknown, work: Work) => write(work)) as <R>(
    write: (work: Work) => R,
    work: Work,
  ) => R

  const unitOf = (workspace: Workspace): Work & { effects: Effect[] } => {
    const effects: Effect[] = []
    return {
      workspace,
      effects,
      arm(dueAt, kind, payload, subject = null) {
        timers.schedule(workspace, dueAt, kind, payload, subject)
        effects.push({ kind: 'timers-changed' })
      },
      cancel(subject) {
        timers.cancel(workspace, subject)
      },
      webhook(callId, event, payload, targets) {
        const body = JSON.stringify(payload)
        const createdAt = now(workspace)
        for (const { url, answers } of targets) {
          webhooks.add(workspace, { call_id: callId, event, url, body, answers }, createdAt)
          effects.push({ kind: 'send', callId, url })
        }
      },
      resend(callId, url) {
        effects.push({ kind: 'send', callId, url })
      },
      clockChanged() {
        effects.push({ kind: 'timers-changed' })
      },
      publish(event) {
        effects.push({ kind: 'event', time: formatTime(now(workspace)), event })
      },
      afterCommit(run) {
        effects.push({ kind: 'committed', run })
      },
    }
  }

  /** The one runner: what a committed unit of work left to do, in order. */
  const apply = (workspace: Workspace, effects: Effect[]) => {
    let aimed = false
    for (const effect of effects) {
      switch (effect.kind) {
        case 'send':
          webhooks.send(workspace, effect.callId, effect.url)
          break
        case 'timers-changed':
          if (!aimed) timersChanged()
          aimed = true
          break
        case 'event':
          events.publish(workspace.id, effect.time, effect.event)
          break
        case 'committed':
          effect.run()
          break
      }
    }
  }

  return {
    /**
     * Runs `write` as a unit of work of the workspace: in one transaction, its effects applied
     * after the commit. Inside another unit of work it is a savepoint of that one: its effects
     * join the outer unit's, or are dropped with its savepoint when it throws.
     */
    run<R>(workspace: Workspace, write: (work: Work) => R): R {
      const outer = active
      if (outer) {
        if (outer.workspace.id !== workspace.id) throw new Error('a unit of work spans one workspace')
        const mark = outer.effects.length
        try {
          return inTransaction(write, outer)
        } catch (error) {
          outer.effects.length = mark
          throw error
        }
      }
      const work = unitOf(workspace)
      active = work
      let result: R
      try {
        result = inTransaction(write, work)
      } finally {
        active = null
      }
      apply(workspace, work.effects)
      return result
    },
  }
}

export type Effects = ReturnType<typeof createEffects>
