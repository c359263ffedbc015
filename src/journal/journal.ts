// The request journal (GET /_mock/requests): what each workspace's clients sent to /v1 and what
// they got back. Kept in memory, newest first, at most `capacity` entries and `byteCapacity` bytes
// a workspace (the oldest go first). Bodies are cut to 64 KB as they are recorded, so a client
// sending megabytes costs the journal 64 KB a request, not what it sent.
import type { Page } from '../../schemas/common.js'
import { formatTime } from '../time.js'
import type { JournalEntry } from './entry.js'

export const journalCapacity = 1000
export const journalByteCapacity = 4 * 1024 * 1024
const bodyLimit = 64 * 1024

export type { JournalEntry }

/** An entry as the journal is given it. */
export type RawEntry = Omit<JournalEntry, 'id' | 'request' | 'response'> & {
  requestHeaders: Record<string, unknown>
  requestBody: unknown
  responseBody: string
}

/** A body as kept: a parsed JSON value that fits in 64 KB, or text (cut at 64 KB) read as JSON if it is. */
type KeptText = { text: string; bytes: number }
type Kept = { json: unknown; bytes: number } | KeptText

/** An entry as kept, with what it costs. */
type StoredEntry = Omit<RawEntry, 'requestBody' | 'responseBody'> & {
  id: number
  requestBody: Kept | null
  responseBody: Kept | null
  bytes: number
}

/** Text within 64 KB: as is, or its first 64 KB (a character cut in half left out) as a new string. */
function keptText(text: string): KeptText {
  // A character is at most 3 bytes in UTF-8 (4 for a surrogate pair of 2 characters).
  if (text.length * 3 <= bodyLimit) return { text, bytes: text.length }
  const bytes = Buffer.byteLength(text)
  if (bytes <= bodyLimit) return { text, bytes }
  const head = Buffer.from(text.slice(0, bodyLimit)).subarray(0, bodyLimit)
  return { text: new TextDecoder().decode(head, { stream: true }), bytes: bodyLimit }
}

function keptBody(body: unknown): Kept | null {
  if (body === undefined || body === '' || body === null) return null
  if (Buffer.isBuffer(body)) return { text: `<${body.length} bytes>`, bytes: 16 }
  if (typeof body === 'string') return keptText(body)
  const text = JSON.stringify(body)
  const kept = keptText(text)
  // A parsed body that fits is kept as it came, not parsed again when read.
  return kept.text === text ? { json: body, bytes: kept.bytes } : kept
}

/** As the API shows a body: JSON when it is JSON and was not cut, else text. */
function shownBody(kept: Kept | null): unknown {
  if (kept === null) return null
  if ('json' in kept) return kept.json
  try {
    return JSON.parse(kept.text)
  } catch {
    return kept.text
  }
}

/** About what the headers take: their names and values. */
function headerBytes(headers: Record<string, unknown>) {
  let bytes = 0
  for (const name in headers) bytes += name.length + String(headers[name]).length
  return bytes
}

const toEntry = ({ requestHeaders, requestBody, responseBody, at, bytes: _bytes, ...entry }: StoredEntry) => ({
  ...entry,
  at: formatTime(at),
  request: { headers: requestHeaders, body: shownBody(requestBody) },
  response: { body: shownBody(responseBody) },
})

export interface JournalFilter extends Page {
  method?: string
  path?: string
  status?: number
}

/** The newest entries of a workspace within a count and a byte budget; the oldest go first. */
class Recent<T extends { bytes: number }> {
  private items: (T | undefined)[] = []
  private oldest = 0
  private bytes = 0

  constructor(
    private readonly capacity: number,
    private readonly byteCapacity: number,
  ) {}

  push(item: T) {
    this.items.push(item)
    this.bytes += item.bytes
    while (
      this.items.length - this.oldest > 1 &&
      (this.items.length - this.oldest > this.capacity || this.bytes > this.byteCapacity)
    ) {
      this.bytes -= this.items[this.oldest]!.bytes
      this.items[this.oldest++] = undefined
    }
    // Drop the emptied slots once they are half the array.
    if (this.oldest > 64 && this.oldest * 2 > this.items.length) {
      this.items = this.items.slice(this.oldest)
      this.oldest = 0
    }
  }

  /** Newest first. */
  *newestFirst() {
    for (let i = this.items.length - 1; i >= this.oldest; i--) yield this.items[i]!
  }
}

export function createJournal(capacity = journalCapacity, byteCapacity = journalByteCapacity) {
  const entries = new Map<string, Recent<StoredEntry>>()
  let sequence = 0

  return {
    /** Keeps what the request brought and got, bodies cut at 64 KB; parsing waits until it is read. */
    add(workspaceId: string, { requestBody, responseBody, ...entry }: RawEntry) {
      let recent = entries.get(workspaceId)
      if (!recent) entries.set(workspaceId, (recent = new Recent(capacity, byteCapacity)))
      const request = keptBody(requestBody)
      const response = keptBody(responseBody)
      const bytes =
        256 + entry.path.length + headerBytes(entry.requestHeaders) + (request?.bytes ?? 0) + (response?.bytes ?? 0)
      recent.push({ ...entry, id: ++sequence, requestBody: request, responseBody: response, bytes })
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
