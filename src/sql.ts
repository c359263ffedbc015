// Small helpers for building SQL parameters.

/**
 * The text a `search` filter looks in: the fields lower-cased beyond ASCII (SQLite's own lower()
 * and LIKE fold only A-Z), matched with instr(), which has no wildcards.
 */
export const searchText = (...fields: (string | null)[]) =>
  fields
    .filter((field) => field !== null)
    .join('\n')
    .toLowerCase()

/** The search term as searchText stores text, or null for no search. */
export const searchTerm = (search: string | undefined) => (search ? search.toLowerCase() : null)

/** A JSON column's value, `null` kept as SQL NULL. */
export const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value))
