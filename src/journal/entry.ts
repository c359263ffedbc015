// One entry of the request journal, in a file without Node's types, so the inspector page
// (ui/, built for the browser) shares it.
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

/** An entry as GET /_mock/requests writes it: its time formatted. */
export type JournalEntryView = Omit<JournalEntry, 'at'> & { at: string }
