// The live event stream's hub (mock-control.md § Watching and driving it live): numbers what each
// workspace publishes, keeps a bounded backlog of it for readers that reconnect, and hands every
// event to the workspace's current subscribers as it is published. In memory: sequence ids start
// at 1 for each workspace whenever the server starts.
import type { EventSink, MockEvent, MockEventInput } from './catalogue.js'

/** The newest events of a workspace kept for resuming: at most this many ... */
export const backlogEvents = 1000
/** ... and at most this many bytes of their SSE frames. */
export const backlogBytes = 1024 * 1024

export interface StreamOptions {
  /** How often an idle stream gets a comment line, in wall-clock milliseconds (not the mock's clock). */
  keepAliveMs: number
  /** A reader with more than this many bytes written to it but not yet taken is cut off. */
  maxBufferBytes: number
}

/** What a reader of /_mock/events gets: a keep-alive every 15 s, cut off past 2 MB unread. */
export const defaultStreamOptions: StreamOptions = { keepAliveMs: 15_000, maxBufferBytes: 2 * 1024 * 1024 }

/**
 * One published event and its Server-Sent Events frame, serialized once for every reader, when
 * the first one needs it: most of a workspace's events are `request` events that nobody may read.
 */
export class StoredEvent {
  private serialized: string | undefined

  constructor(
    readonly event: MockEvent,
    /** What the frame takes in the backlog: its bytes, or at least them for a `request` event. */
    readonly bytes: number,
  ) {}

  get frame() {
    return (this.serialized ??= sseFrame(this.event))
  }
}

export type Subscriber = (stored: StoredEvent) => void

interface Channel {
  lastId: number
  backlog: StoredEvent[]
  bytes: number
  subscribers: Set<Subscriber>
}

export interface EventHub extends EventSink {
  /**
   * Calls `subscriber` with every event the workspace publishes from now on, after first handing it
   * the backlog's events newer than `after` (none without `after`). Returns the unsubscribe.
   */
  subscribe(workspaceId: string, subscriber: Subscriber, after?: number): () => void
}

export function sseFrame(event: MockEvent): string {
  return `event: ${event.type}\nid: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`
}

/**
 * A frame's bytes; for a `request` event (one a request, the hot path) a bound that needs no
 * serialization: its fixed text, and its path at 6 bytes a character (JSON's longest escape).
 */
function frameBytes(event: MockEvent) {
  if (event.type !== 'request') return Buffer.byteLength(sseFrame(event))
  const { data } = event
  return 192 + event.workspace_id.length + event.time.length + data.method.length + 6 * data.path.length
}

export function createEventHub({ maxEvents = backlogEvents, maxBytes = backlogBytes } = {}): EventHub {
  const channels = new Map<string, Channel>()
  const channel = (workspaceId: string) => {
    let found = channels.get(workspaceId)
    if (!found) {
      found = { lastId: 0, backlog: [], bytes: 0, subscribers: new Set() }
      channels.set(workspaceId, found)
    }
    return found
  }

  return {
    publish(workspaceId: string, time: string, input: MockEventInput) {
      const at = channel(workspaceId)
      const event = {
        id: ++at.lastId,
        workspace_id: workspaceId,
        time,
        type: input.type,
        data: input.data,
      } as MockEvent
      const stored = new StoredEvent(event, frameBytes(event))
      at.backlog.push(stored)
      at.bytes += stored.bytes
      while (at.backlog.length > maxEvents || (at.bytes > maxBytes && at.backlog.length > 1)) {
        at.bytes -= at.backlog.shift()!.bytes
      }
      // A publisher has committed its change; a reader's failure is the reader's alone.
      for (const subscriber of at.subscribers) {
        try {
          subscriber(stored)
        } catch {
          at.subscribers.delete(subscriber)
        }
      }
    },

    subscribe(workspaceId, subscriber, after) {
      const at = channel(workspaceId)
      if (after !== undefined) {
        // An id beyond the last one was given out before the server restarted: all we hold is newer.
        const from = after > at.lastId ? 0 : after
        for (const stored of at.backlog) if (stored.event.id > from) subscriber(stored)
      }
      at.subscribers.add(subscriber)
      return () => {
        at.subscribers.delete(subscriber)
      }
    },
  }
}
