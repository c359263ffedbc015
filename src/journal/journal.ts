// The request journal (GET /_mock/requests): what each workspace's clients sent to /v1 and what
// they got back. Kept in memory, newest first, at most `capacity` entries and `byteCapacity` bytes
// a workspace (the oldest go first). Bodies are cut to 64 KB as they are recorded, so a client
// sending megabytes costs the journal 64 KB a request, not what it sent.
import type { Page } from '../../schemas/common.js'
import { formatTime } from '../time.js'
import type { JournalEntry, JournalEntryView } from './entry.js'

export const journalCapacity = 1000
export const journalByteCapacity = 4 * 1024 * 1024
const bodyLimit = 64 * 1024

export type { JournalEntry }

/**
 * An entry as the journal is given it. `requestBody` is the parsed body, `requestBytes` what it
 * took on the wire when the request said so (Content-Length), sparing a serialization to size it.
 */
export type RawEntry = Omit<JournalEntry, 'id' | 'request' | 'response'> & {
  requestHeaders: Record<string, unknown>
  requestBody: unknown
  requestBytes: number | undefined
  responseBody: string
}

/**
 * An entry as kept. A body is the parsed JSON value as it came (`requestJson`), or text (cut at
 * 64 KB, shown as JSON if it reads as JSON). A request is recorded with references to what it was
 * given, not copies: no serialization unless a body is too large to keep whole.
 */
class StoredEntry {
  constructor(
    readonly id: number,
    readonly at: number,
    readonly method: string,
    readonly path: string,
    readonly query: Record<string, unknown>,
    readonly status: number,
    readonly duration_ms: number,
    readonly requestHeaders: Record<string, unknown>,
    readonly requestJson: unknown,
    readonly requestText: string | null,
    readonly responseText: string,
    readonly bytes: number,
  ) {}
}

/** About the bytes of text: its length when that is surely within 64 KB (a character is at most 3 bytes in UTF-8). */
const textBytes = (text: string) => (text.length * 3 <= bodyLimit ? text.length : Buffer.byteLength(text))

/** Text within 64 KB: as is, or its first 64 KB (a character cut in half left out) as a new string. */
function keptText(text: string): string {
  if (textBytes(text) <= bodyLimit) return text
  const head = Buffer.from(text.slice(0, bodyLimit)).subarray(0, bodyLimit)
  return new TextDecoder().decode(head, { stream: true })
}

/** What the request brought, as kept: [json, text, bytes]. */
function keptRequest(body: unknown, declaredBytes: number | undefined): [unknown, string | null, number] {
  if (body === undefined || body === '' || body === null) return [undefined, null, 0]
  if (Buffer.isBuffer(body)) return [undefined, `<${body.length} bytes>`, 16]
  if (typeof body === 'string') return [undefined, keptText(body), Math.min(textBytes(body), bodyLimit)]
  if (declaredBytes !== undefined && declaredBytes <= bodyLimit) return [body, null, declaredBytes]
  const text = JSON.stringify(body)
  const kept = keptText(text)
  // A parsed body that fits is kept as it came, not parsed again when read.
  return kept === text ? [body, null, textBytes(text)] : [undefined, kept, bodyLimit]
}

/** As the API shows text: JSON when it reads as JSON, else the text. */
function shownText(text: string | null): unknown {
  if (text === null || text === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** About what the headers take: their names and values. */
function headerBytes(headers: Record<string, unknown>) {
  let bytes = 0
  for (const name in headers) bytes += name.length + String(headers[name]).length
  return bytes
}

const toEntry = (entry: StoredEntry): JournalEntryView => ({
  id: entry.id,
  at: formatTime(entry.at),
  method: entry.method,
  path: entry.path,
  query: entry.query,
  status: entry.status,
  duration_ms: entry.duration_ms,
  request: {
    headers: entry.requestHeaders,
    body: entry.requestText === null ? (entry.requestJson ?? null) : shownText(entry.requestText),
  },
  response: { body: shownText(entry.responseText) },
})

export interface JournalFilter extends Page {
  method?: string
  path?: string
  status?: number
}

/**
 * The newest entries of a workspace within a count and a byte budget; the oldest go first. A ring:
 * adding one costs the same whether the journal is full or not.
 */
class Recent<T extends { bytes: number }> {
  private readonly ring: (T | undefined)[]
  /** Where the next item goes. */
  private next = 0
  private count = 0
  private bytes = 0

  constructor(
    capacity: number,
    private readonly byteCapacity: number,
  ) {
    this.ring = new Array(capacity).fill(undefined)
  }

  push(item: T) {
    if (this.count === this.ring.length) this.dropOldest()
    this.ring[this.next] = item
    this.next = (this.next + 1) % this.ring.length
    this.count += 1
    this.bytes += item.bytes
    while (this.count > 1 && this.bytes > this.byteCapacity) this.dropOldest()
  }

  private dropOldest() {
    const oldest = (this.next - this.count + this.ring.length) % this.ring.length
    this.bytes -= this.ring[oldest]!.bytes
    this.ring[oldest] = undefined
    this.count -= 1
  }

  /** Newest first. */
  *newestFirst() {
    for (let i = 1; i <= this.count; i++) yield this.ring[(this.next - i + this.ring.length) % this.ring.length]!
  }
}

export function createJournal(capacity = journalCapacity, byteCapacity = journalByteCapacity) {
  const entries = new Map<string, Recent<StoredEntry>>()
  let sequence = 0

  return {
    /** Keeps what the request brought and got, bodies cut at 64 KB; parsing waits until it is read. */
    add(workspaceId: string, entry: RawEntry) {
      let recent = entries.get(workspaceId)
      if (!recent) entries.set(workspaceId, (recent = new Recent(capacity, byteCapacity)))
      const [requestJson, requestText, requestBytes] = keptRequest(entry.requestBody, entry.requestBytes)
      const responseText = keptText(entry.responseBody)
      const bytes = 256 + entry.path.length + headerBytes(entry.requestHeaders) + requestBytes + textBytes(responseText)
      recent.push(
        new StoredEntry(
          ++sequence,
          entry.at,
          entry.method,
          entry.path,
          entry.query,
          entry.status,
          entry.duration_ms,
          entry.requestHeaders,
          requestJson,
          requestText,
          responseText,
          bytes,
        ),
      )
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
