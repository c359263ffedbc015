// mock.events(): a workspace's event stream as an async iterator, for a test to await what it
// waits for instead of polling.
import type { EventType, MockEvent } from './catalogue.js'
import type { EventHub } from './hub.js'

export interface EventsOptions<T extends EventType> {
  /** Only events of these types. */
  types?: T[]
  /** Start with the backlog's events after this id (as a reconnect with Last-Event-ID does). */
  after?: number
}

export type EventOf<T extends EventType> = Extract<MockEvent, { type: T }>

/** Events taken from the stream but not yet read; a reader further behind gets an error. */
export const maxQueuedEvents = 10_000

/**
 * Subscribes at once (an event published before the first `next()` is not lost) and until the
 * loop ends (`break`, `return()`) or `close()` is called, which ends the loop.
 */
export function iterateEvents<T extends EventType>(
  hub: EventHub,
  workspaceId: string,
  { types, after }: EventsOptions<T> = {},
  onClose: () => void = () => {},
): AsyncIterableIterator<EventOf<T>> & { close(): void } {
  const wanted = types && new Set<EventType>(types)
  const queue: EventOf<T>[] = []
  let waiting: ((result: IteratorResult<EventOf<T>>) => void) | null = null
  let failure: Error | null = null
  let closed = false
  let unsubscribe = () => {}

  const close = () => {
    if (closed) return
    closed = true
    unsubscribe()
    onClose()
    waiting?.({ value: undefined, done: true })
    waiting = null
  }

  unsubscribe = hub.subscribe(
    workspaceId,
    ({ event }) => {
      if (closed || (wanted && !wanted.has(event.type))) return
      if (waiting) {
        const resolve = waiting
        waiting = null
        return resolve({ value: event as EventOf<T>, done: false })
      }
      if (queue.length >= maxQueuedEvents) {
        failure = new Error(`mock.events(): the reader fell more than ${maxQueuedEvents} events behind`)
        return close()
      }
      queue.push(event as EventOf<T>)
    },
    after,
  )
  if (closed) unsubscribe()

  return {
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false })
      if (failure) return Promise.reject(failure)
      if (closed) return Promise.resolve({ value: undefined, done: true })
      return new Promise((resolve) => (waiting = resolve))
    },
    return() {
      close()
      queue.length = 0
      return Promise.resolve({ value: undefined, done: true })
    },
    [Symbol.asyncIterator]() {
      return this
    },
    close,
  }
}
