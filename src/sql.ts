// Small helpers for building SQL parameters.

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped (use with ESCAPE '\'). */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`

/** A JSON column's value, `null` kept as SQL NULL. */
export const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value))
