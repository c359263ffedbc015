// A page of a workspace's contacts, newest first, and how many match. The plain SQL filter is a
// scan of the workspace, so the common cases take faster ways to the same rows and total, through
// contact_totals and contacts_search, which this module also keeps in step with new and changed
// contacts (migration 5 says why deletes are left to a trigger).
import type { Db } from '../db/open.js'
import { pageClause } from '../sql.js'

export interface ContactListQuery {
  workspace: string
  /** As searchTerm gives it. */
  search: string | null
  phone: string | null
  limit: number
  offset: number
}

/**
 * Whether contacts_search can answer this term exactly as instr() over search_text does. Its
 * trigrams need 3 characters; it reads surrogates, U+FFFD, U+FFFE and U+FFFF all as U+FFFD, and an
 * FTS5 query string ends at NUL.
 */
const indexable = (term: string) => [...term].length >= 3 && !/[\0\p{Cs}\ufffd-\uffff]/u.test(term)

/** The term as an FTS5 phrase: every character literal, a quote doubled. */
const phrase = (term: string) => `"${term.replaceAll('"', '""')}"`

/** `columns` are contacts columns, none of them rowid or search_text (contacts_search has those too). */
export function createContactListing<Row>(db: Db, columns: string) {
  const newestFirst = 'ORDER BY last_modified DESC, id DESC'
  const filter = `workspace_id = @workspace
    AND (@phone IS NULL OR phone_number = @phone)
    AND (@search IS NULL OR instr(search_text, @search) > 0)`
  const page = db.prepare<ContactListQuery, Row>(
    `SELECT ${columns} FROM contacts WHERE ${filter} ${newestFirst} ${pageClause}`,
  )
  const count = db.prepare<ContactListQuery, { n: number }>(`SELECT count(*) AS n FROM contacts WHERE ${filter}`)

  const contactTotal = db.prepare<[string], { contacts: number }>(
    'SELECT contacts FROM contact_totals WHERE workspace_id = ?',
  )
  // Both walk the index contacts_by_last_modified, from either end.
  const unfilteredPage = db.prepare<Record<string, unknown>, Row>(
    `SELECT ${columns} FROM contacts WHERE workspace_id = @workspace ${newestFirst} ${pageClause}`,
  )
  const unfilteredPageOldestFirst = db.prepare<Record<string, unknown>, Row>(
    `SELECT ${columns} FROM contacts WHERE workspace_id = @workspace ORDER BY last_modified, id ${pageClause}`,
  )

  // CROSS JOIN keeps contacts_search outside: look up each match, not each contact.
  const matches = `contacts_search CROSS JOIN contacts ON contacts.rowid = contacts_search.rowid
    WHERE contacts_search MATCH @match AND workspace_id = @workspace`
  const matchCount = db.prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM ${matches}`)
  const sortedMatches = db.prepare<Record<string, unknown>, Row>(
    `SELECT ${columns} FROM ${matches} ${newestFirst} ${pageClause}`,
  )

  const totalOf = (workspace: string) => contactTotal.get(workspace)?.contacts ?? 0

  /** OFFSET steps through the index entry by entry: a page nearer the oldest end is read from there. */
  const unfiltered = ({ workspace, limit, offset }: ContactListQuery) => {
    const total = totalOf(workspace)
    if (offset + limit <= total - offset) return { rows: unfilteredPage.all({ workspace, limit, offset }), total }
    const end = Math.min(offset + limit, total)
    if (end <= offset) return { rows: [], total }
    const rows = unfilteredPageOldestFirst.all({ workspace, limit: end - offset, offset: total - end })
    return { rows: rows.reverse(), total }
  }

  const searched = (query: ContactListQuery & { search: string }) => {
    const { workspace, search, limit, offset } = query
    const params = { workspace, match: phrase(search), limit, offset }
    const total = matchCount.get(params)!.n
    if (total <= offset) return { rows: [], total }
    // When matches are common, walking the list order and testing each contact finds the page
    // soonest: that meets about (offset + limit) * contacts / matches contacts, each costing about
    // twice as much as a match costs sorting them all.
    const walk = 2 * (offset + limit) * totalOf(workspace) < total * total
    return { rows: walk ? page.all(query) : sortedMatches.all(params), total }
  }

  const counted = db.prepare(
    'INSERT INTO contact_totals VALUES (?, 1) ON CONFLICT (workspace_id) DO UPDATE SET contacts = contacts + 1',
  )
  const indexed = db.prepare('INSERT INTO contacts_search (rowid, search_text) VALUES (?, ?)')
  const unindexed = db.prepare(
    `INSERT INTO contacts_search (contacts_search, rowid, search_text) VALUES ('delete', ?, ?)`,
  )

  return {
    page(query: ContactListQuery): { rows: Row[]; total: number } {
      const { search, phone } = query
      if (phone === null && search === null) return unfiltered(query)
      if (phone === null && search !== null && indexable(search)) return searched({ ...query, search })
      return { rows: page.all(query), total: count.get(query)!.n }
    },

    /** A contact was inserted (by rowid). */
    added(workspace: string, rowid: number | bigint, searchText: string) {
      counted.run(workspace)
      indexed.run(rowid, searchText)
    },

    /** A contact was saved over; its search_text may have changed. */
    changed(rowid: number | bigint, before: string, after: string) {
      if (before === after) return
      unindexed.run(rowid, before)
      indexed.run(rowid, after)
    },
  }
}
