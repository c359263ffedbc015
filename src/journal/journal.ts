// The request journal (GET /_mock/requests): what each workspace's clients sent to /v1 and what
// they got back. Kept in memory, newest first, at most `capacity` entries a workspace (the oldest
// go first); bodies cut at 64 KB.
import type { Page } from '../../schemas/common.js'
import { formatTime } from '../time.js'

export const journalCapacity = 1000
const bodyLimit = 64 * 1024

export interface JournalEntry {
  id: number
  at: number
  method: string
  path: string
  query: Record<string, unknown>
  status: number
  duration_ms: number
  request: { headers: Record<string, unknown>; body: unknown }
  response: { body: unknown }
}

/** An entry as recorded, before it is shaped for reading. */
export type RawEntry = Omit<JournalEntry, 'id' | 'request' | 'response'> & {
  requestHeaders: Record<string, unknown>
  requestBody: unknown
  responseBody: string
}

const toEntry = ({ requestHeaders, requestBody, responseBody, at, ...entry }: RawEntry & { id: number }) => ({
  ...entry,
  at: formatTime(at),
  request: { headers: requestHeaders, body: recordedBody(requestBody) },
  response: { body: recordedBody(responseBody) },
})

export interface JournalFilter extends Page {
  method?: string
  path?: string
  status?: number
}

/** A body as recorded: as JSON when it is JSON and fits in 64 KB, else its first 64 KB as text. */
function recordedBody(body: unknown): unknown {
  if (body === undefined || body === '') return null
  if (Buffer.isBuffer(body)) return `<${body.length} bytes>`
  if (typeof body === 'string') return recordedText(body)
  return recordedText(JSON.stringify(body), body)
}

/** Text as recorded: as JSON when it is JSON (or `parsed` is given), cut at 64 KB otherwise. */
function recordedText(text: string, parsed?: unknown): unknown {
  const bytes = Buffer.from(text)
  if (bytes.length > bodyLimit) return new TextDecoder().decode(bytes.subarray(0, bodyLimit), { stream: true })
  if (parsed !== undefined) return parsed
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** The last `capacity` entries of a workspace: once full, each new entry takes the oldest's slot. */
class Ring<T> {
  private readonly items: T[] = []
  private oldest = 0

  constructor(private readonly capacity: number) {}

  push(item: T) {
    if (this.items.length < this.capacity) this.items.push(item)
    else {
      this.items[this.oldest] = item
      this.oldest = (this.oldest + 1) % this.capacity
    }
  }

  /** Newest first. */
  *newestFirst() {
    for (let i = this.items.length - 1; i >= 0; i--) yield this.items[(this.oldest + i) % this.items.length]!
  }
}

export function createJournal(capacity = journalCapacity) {
  const entries = new Map<string, Ring<RawEntry & { id: number }>>()
  let sequence = 0

  return {
    /** Keeps what the request brought and got, as is: recording costs the API nothing. */
    add(workspaceId: string, entry: RawEntry) {
      let ring = entries.get(workspaceId)
      if (!ring) entries.set(workspaceId, (ring = new Ring(capacity)))
      ring.push({ ...entry, id: ++sequence })
    },

    list(workspaceId: string, { method, path, status, limit, offset }: JournalFilter) {
      const matching = [...(entries.get(workspaceId)?.newestFirst() ?? [])].filter(
        (e) =>
          (method === undefined || e.method === method.toUpperCase()) &&
          (path === undefined || e.path.startsWith(path)) &&
          (status === undefined || e.status === status),
      )
      return {
        data: matching.slice(offset, offset + limit).map(toEntry),
        total: matching.length,
      }
    },

    clear(workspaceId: string) {
      entries.delete(workspaceId)
    },

    clearAll() {
      entries.clear()
    },
  }
}

export type Journal = ReturnType<typeof createJournal>
