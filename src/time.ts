// REST timestamps: stored as epoch milliseconds, written as UTC `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm`
// only when the milliseconds are not zero (seed-contact-put.md).
export function formatTime(ms: number): string {
  const second = Math.floor(ms / 1000)
  const millis = ms - second * 1000
  return `${secondText(second)}${millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`}Z`
}

/**
 * `YYYY-MM-DDTHH:MM:SS` of a second, from a small cache: a request formats the same few instants
 * (now, a record's timestamps) over and over, and Date#toISOString is a measurable part of one.
 */
const cachedSeconds = new Float64Array(64).fill(NaN)
const cachedTexts: string[] = new Array(64).fill('')
function secondText(second: number) {
  const slot = second & 63
  if (cachedSeconds[slot] !== second) {
    cachedSeconds[slot] = second
    cachedTexts[slot] = new Date(second * 1000).toISOString().slice(0, -5)
  }
  return cachedTexts[slot]!
}

export const formatNullableTime = (ms: number | null) => (ms === null ? null : formatTime(ms))

/** Parses a date-time that already passed the `date-time` format check (offsets allowed). */
export const parseTime = (value: string) => Date.parse(value)

export const parseNullableTime = (value: string | null) => (value === null ? null : parseTime(value))

/** The last instant a REST timestamp can write: a later one would need a six-digit year. */
export const latestTime = Date.UTC(9999, 11, 31, 23, 59, 59)
