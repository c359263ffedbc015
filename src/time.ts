// REST timestamps: stored as epoch milliseconds, written as UTC `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm`
// only when the milliseconds are not zero (seed-contact-put.md).
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString()
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso
}

export const formatNullableTime = (ms: number | null) => (ms === null ? null : formatTime(ms))

/** Parses a date-time that already passed the `date-time` format check (offsets allowed). */
export const parseTime = (value: string) => Date.parse(value)

export const parseNullableTime = (value: string | null) => (value === null ? null : parseTime(value))

/** The last instant a REST timestamp can write: a later one would need a six-digit year. */
export const latestTime = Date.UTC(9999, 11, 31, 23, 59, 59)
