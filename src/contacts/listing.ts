// A page of a workspace's contacts, newest first, and how many match. The plain SQL filter is a
// scan of the workspace, so the common cases take faster ways to the same rows and total, through
// the tables of migrations 5 and 6, which this module also keeps in step with new, changed and
// deleted contacts (the delete trigger keeps all but contact_grams).
import { transaction, type Db } from '../db/open.js'
import type { Work } from '../effects/work.js'
import { pageClause } from '../sql.js'

export interface ContactListQuery {
  workspace: string
  /** As searchTerm gives it. */
  search: string | null
  phone: string | null
  limit: number
  offset: number
}

/** Where a contact stands in the list and what a search looks in. */
export interface ListedContact {
  id: string
  last_modified: number
  search_text: string
}

/** The workspace's rowid range (migration 6): a new contact takes the next rowid in it. */
const workspaceRowids = (workspace: string) => {
  const first = `(SELECT rowid << 32 FROM workspaces WHERE id = ${workspace})`
  return { first, last: `${first} + 0xffffffff` }
}

/** The rowid for a new contact of workspace `@workspace_id`, for its INSERT. */
export const newContactRowid = (() => {
  const { first, last } = workspaceRowids('@workspace_id')
  // ORDER BY rowid DESC LIMIT 1 is one step down the table's b-tree from `last`
  return `coalesce((SELECT max(rowid) FROM contacts WHERE rowid BETWEEN ${first} AND ${last}), ${first}) + 1`
})()

/** The characters contacts_search reads as U+FFFD (surrogates, U+FFFD–U+FFFF), and NUL, where an FTS5 query ends. */
const unindexedCharacter = /[\0\p{Cs}\ufffd-\uffff]/u
/** Whether contacts_search can answer this term exactly as instr() over search_text does. */
const indexable = (term: string) => !unindexedCharacter.test(term)

/** A UTF-16 unit that contact_grams counts: not NUL, not a surrogate, not U+FFFD (migration 6). */
const gramUnit = (unit: number) => unit !== 0 && (unit < 0xd800 || unit > 0xdfff) && unit !== 0xfffd

/** A term of 1 or 2 characters that contact_grams counts. */
const countable = (term: string) => term.length <= 2 && [...term].every((c) => gramUnit(c.charCodeAt(0)))

/** The term as an FTS5 phrase: every character literal, a quote doubled. */
const phrase = (term: string) => `"${term.replaceAll('"', '""')}"`

/** What follows search_text in contacts_search (migration 6). */
const indexEnd = '\uffff\uffff'

/** Runs of the list order are split in two at twice this many contacts. */
const runLength = 512

/** A gram's number: a unit's is negative, a pair's (first << 16) | second, unsigned. */
const unitKey = (unit: number) => -1 - unit
const pairKey = (first: number, second: number) => ((first << 16) | second) >>> 0
const keyOf = (term: string) =>
  term.length === 1 ? unitKey(term.charCodeAt(0)) : pairKey(term.charCodeAt(0), term.charCodeAt(1))
const gramOf = (key: number) =>
  key < 0 ? String.fromCharCode(-1 - key) : String.fromCharCode(key >>> 16, key & 0xffff)

/** Changes to gram counts, by gram number. */
type GramCounts = Map<number, number>

/** `{gram: change}` as JSON, as the statement that writes them reads it. */
const countsJson = (changes: GramCounts) => {
  const json: Record<string, number> = {}
  for (const [key, change] of changes) if (change !== 0) json[gramOf(key)] = change
  return JSON.stringify(json)
}

/**
 * Changes to the counts of 1- and 2-unit grams, each gram counted once per text. Grams are numbers
 * until written out: a string per gram made this six times slower.
 */
class GramChanges {
  /** Per gram, by key: its slot in `change` and `lastText`. */
  private readonly slots = new Map<number, number>()
  private readonly keys: number[] = []
  private readonly change: number[] = []
  private readonly lastText: number[] = []
  private text = 0

  add(text: string, change: 1 | -1) {
    this.text++
    let previous = -1
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i)
      if (!gramUnit(unit)) {
        previous = -1
        continue
      }
      this.count(unitKey(unit), change)
      if (previous >= 0) this.count(pairKey(previous, unit), change)
      previous = unit
    }
  }

  private count(key: number, change: number) {
    const slot = this.slots.get(key)
    if (slot === undefined) {
      this.slots.set(key, this.keys.length)
      this.keys.push(key)
      this.change.push(change)
      this.lastText.push(this.text)
    } else if (this.lastText[slot] !== this.text) {
      this.change[slot]! += change
      this.lastText[slot] = this.text
    }
  }

  /** The changes that are not zero, or null when there are none; starts afresh. */
  take(): GramCounts | null {
    const changes: GramCounts = new Map()
    this.keys.forEach((key, slot) => {
      if (this.change[slot] !== 0) changes.set(key, this.change[slot]!)
    })
    this.slots.clear()
    this.keys.length = this.change.length = this.lastText.length = 0
    return changes.size > 0 ? changes : null
  }
}

/** Committed gram count changes held in memory are written once there are this many. */
const heldCountsLimit = 8192

/** The unit of work a write is, when it is one: its gram counts are then held once it commits. */
type UnitOfWork = Pick<Work, 'afterCommit'>

/** `columns` are contacts columns, none of them rowid or search_text. */
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
  const totalOf = (workspace: string) => contactTotal.get(workspace)?.contacts ?? 0

  // The list order in runs (contact_pages): each names its oldest key.
  type Run = { from_modified: number; from_id: string; contacts: number }
  const runsNewestFirst = db.prepare<[string], Run>(
    `SELECT from_modified, from_id, contacts FROM contact_pages WHERE workspace_id = ?
     ORDER BY from_modified DESC, from_id DESC`,
  )
  const runOf = db.prepare<{ workspace: string; modified: number; id: string }, Run>(
    `SELECT from_modified, from_id, contacts FROM contact_pages
     WHERE workspace_id = @workspace AND (from_modified, from_id) <= (@modified, @id)
     ORDER BY from_modified DESC, from_id DESC LIMIT 1`,
  )
  const firstRun = db.prepare(`INSERT INTO contact_pages VALUES (?, ${Number.MIN_SAFE_INTEGER}, '', 1)`)
  const countInRun = db.prepare(
    `UPDATE contact_pages SET contacts = contacts + @change
     WHERE workspace_id = @workspace AND from_modified = @from_modified AND from_id = @from_id`,
  )
  const keyInRun = db.prepare<Record<string, unknown>, { last_modified: number; id: string }>(
    `SELECT last_modified, id FROM contacts
     WHERE workspace_id = @workspace AND (last_modified, id) >= (@from_modified, @from_id)
     ORDER BY last_modified, id LIMIT 1 OFFSET CAST(@at AS INTEGER)`,
  )
  const newRun = db.prepare('INSERT INTO contact_pages VALUES (@workspace, @last_modified, @id, @contacts)')
  const newestRun = db.prepare<[string], Run>(
    `SELECT from_modified, from_id, contacts FROM contact_pages WHERE workspace_id = ?
     ORDER BY from_modified DESC, from_id DESC LIMIT 1`,
  )
  // Both walk the index contacts_by_last_modified: from the newest contact, or from below a run.
  const unfilteredPage = db.prepare<Record<string, unknown>, Row>(
    `SELECT ${columns} FROM contacts WHERE workspace_id = @workspace ${newestFirst} ${pageClause}`,
  )
  const unfilteredPageBelow = db.prepare<Record<string, unknown>, Row>(
    `SELECT ${columns} FROM contacts
     WHERE workspace_id = @workspace AND (last_modified, id) < (@from_modified, @from_id) ${newestFirst} ${pageClause}`,
  )

  // Inside batch(), new contacts mostly join the newest run: it is counted here, and written before
  // another run is read or changed, and at the batch's end.
  let batching = false
  let newest: (Run & { workspace: string; unwritten: number }) | undefined

  const writeNewest = () => {
    if (newest?.unwritten) countInRun.run({ ...newest, change: newest.unwritten })
    newest = undefined
  }

  /** Whether the contact joined the newest run of a batch, counted but not yet written. */
  const joinedNewest = (workspace: string, key: ListedContact) => {
    if (newest?.workspace !== workspace) {
      writeNewest()
      const run = newestRun.get(workspace)
      if (run) newest = { ...run, workspace, unwritten: 0 }
    }
    if (!newest || key.last_modified <= newest.from_modified || newest.contacts + 1 >= 2 * runLength) return false
    newest.contacts++
    newest.unwritten++
    return true
  }

  /** A contact came into the list at `key`; a run grown to twice runLength is split at its middle. */
  const entered = (workspace: string, key: ListedContact) => {
    if (batching && joinedNewest(workspace, key)) return
    writeNewest()
    const run = runOf.get({ workspace, modified: key.last_modified, id: key.id })
    if (!run) {
      firstRun.run(workspace)
      return
    }
    // (one UPDATE … RETURNING in place of both took a savepoint: see `indexed`)
    countInRun.run({ workspace, from_modified: run.from_modified, from_id: run.from_id, change: 1 })
    const contacts = run.contacts + 1
    if (contacts < 2 * runLength) return
    const half = Math.floor(contacts / 2)
    const middle = keyInRun.get({ workspace, from_modified: run.from_modified, from_id: run.from_id, at: half })!
    countInRun.run({ workspace, from_modified: run.from_modified, from_id: run.from_id, change: -(contacts - half) })
    newRun.run({ workspace, ...middle, contacts: contacts - half })
  }

  const left = (workspace: string, key: ListedContact) => {
    writeNewest()
    const run = runOf.get({ workspace, modified: key.last_modified, id: key.id })!
    countInRun.run({ workspace, from_modified: run.from_modified, from_id: run.from_id, change: -1 })
  }

  /** A page near the top is read from there; a deeper one from the run it starts in. */
  const unfiltered = ({ workspace, limit, offset }: ContactListQuery) => {
    const total = totalOf(workspace)
    if (offset >= total) return { rows: [], total }
    if (offset < runLength) return { rows: unfilteredPage.all({ workspace, limit, offset }), total }
    let above = 0
    let below: Run | undefined
    for (const run of runsNewestFirst.iterate(workspace)) {
      if (above + run.contacts > offset) break
      above += run.contacts
      below = run
    }
    const rows = below
      ? unfilteredPageBelow.all({ workspace, ...below, limit, offset: offset - above })
      : unfilteredPage.all({ workspace, limit, offset })
    return { rows, total }
  }

  // contacts_search, asked about one workspace's rowids (CROSS JOIN keeps it outside: each match is
  // looked up, not each contact).
  const rowids = workspaceRowids('@workspace')
  const matching = `contacts_search MATCH @match AND contacts_search.rowid BETWEEN ${rowids.first} AND ${rowids.last}`
  const matchCount = db.prepare<Record<string, unknown>, { n: number }>(
    `SELECT count(*) AS n FROM contacts_search WHERE ${matching}`,
  )
  const sortedMatches = db.prepare<Record<string, unknown>, Row>(
    `SELECT ${columns} FROM contacts_search CROSS JOIN contacts ON contacts.rowid = contacts_search.rowid
     WHERE ${matching} ${newestFirst} ${pageClause}`,
  )
  const gramCount = db.prepare<[string, string], { contacts: number }>(
    'SELECT contacts FROM contact_grams WHERE workspace_id = ? AND gram = ?',
  )
  const trigramsFrom = db
    .prepare<[string, string], string>(
      'SELECT term FROM contacts_search_terms WHERE term >= ? AND term <= ? || char(0x10ffff, 0x10ffff)',
    )
    .pluck()

  /**
   * The index query for a term: the term itself from 3 characters on; below that, any trigram that
   * starts with it (migration 6 says why that is exact). Null when the index cannot answer it.
   */
  const matchFor = (term: string) => {
    if (!indexable(term)) return null
    if ([...term].length >= 3) return phrase(term)
    const trigrams = trigramsFrom.all(term, term)
    if (trigrams.length === 0 || trigrams.some((trigram) => trigram.includes('\0'))) return null
    return trigrams.map(phrase).join(' OR ')
  }

  /** The number of matches, counted without a scan, or null when only a scan can count them. */
  const matchTotal = (workspace: string, term: string) => {
    if (countable(term)) {
      const held = heldCounts.get(workspace)?.get(keyOf(term)) ?? 0
      return (gramCount.get(workspace, term)?.contacts ?? 0) + held
    }
    if ([...term].length < 3 || !indexable(term)) return null
    return matchCount.get({ workspace, match: phrase(term) })!.n
  }

  const searched = (query: ContactListQuery & { search: string }) => {
    const { workspace, search, limit, offset } = query
    const total = matchTotal(workspace, search)
    if (total === null) return { rows: page.all(query), total: count.get(query)!.n }
    if (total <= offset) return { rows: [], total }
    // When matches are common, walking the list order and testing each contact finds the page
    // soonest: that meets about (offset + limit) * contacts / matches contacts, each costing about
    // twice as much as a match costs sorting them all.
    const walk = 2 * (offset + limit) * totalOf(workspace) < total * total
    const match = walk ? null : matchFor(search)
    return { rows: match === null ? page.all(query) : sortedMatches.all({ workspace, match, limit, offset }), total }
  }

  const totalUp = db.prepare(
    'INSERT INTO contact_totals VALUES (?, 1) ON CONFLICT (workspace_id) DO UPDATE SET contacts = contacts + 1',
  )
  // One row of VALUES each: an INSERT from a SELECT takes a savepoint, at which FTS5 writes out its
  // pending changes (seeding 100,000 contacts took 7.8 s instead of 4.5).
  const contactRowid = '(SELECT rowid FROM contacts WHERE workspace_id = @workspace AND id = @id)'
  const indexed = db.prepare(
    `INSERT INTO contacts_search (rowid, search_text) VALUES (${contactRowid}, @text || '${indexEnd}')`,
  )
  const indexedAt = db.prepare(`INSERT INTO contacts_search (rowid, search_text) VALUES (?, ? || '${indexEnd}')`)
  const unindexed = db.prepare(
    `INSERT INTO contacts_search (contacts_search, rowid, search_text)
     VALUES ('delete', ${contactRowid}, @text || '${indexEnd}')`,
  )
  const gramsChanged = db.prepare(
    `INSERT INTO contact_grams SELECT @workspace, key, value FROM json_each(@changes) WHERE true
     ON CONFLICT DO UPDATE SET contacts = contacts + excluded.contacts`,
  )
  // Inside batch(), gram counts are written once, at its end.
  const grams = new GramChanges()
  const writeCounts = (workspace: string, changes: GramCounts) =>
    gramsChanged.run({ workspace, changes: countsJson(changes) })

  // The changes of committed single writes, by workspace, when the database is in memory: it ends
  // with the process anyway, and a write's ~50 grams cost it ~35 µs to upsert one by one, more than
  // the rest of its listing upkeep. Counts read add them; they are written in one go once they hold
  // heldCountsLimit grams, and before a workspace is wiped (writeHeldCounts).
  const heldCounts = new Map<string, GramCounts>()
  let heldGrams = 0

  const writeHeldCounts = transaction(db, () => {
    for (const [workspace, changes] of heldCounts) writeCounts(workspace, changes)
    heldCounts.clear()
    heldGrams = 0
  })

  const hold = (workspace: string, changes: GramCounts) => {
    // In a transaction other than a unit of work's (one filling a new workspace), they go with it.
    if (!db.memory || db.inTransaction) return writeCounts(workspace, changes)
    let held = heldCounts.get(workspace)
    if (!held) heldCounts.set(workspace, (held = new Map()))
    for (const [key, change] of changes) {
      const before = held.get(key)
      if (before === undefined) heldGrams++
      held.set(key, (before ?? 0) + change)
    }
    if (heldGrams >= heldCountsLimit) writeHeldCounts()
  }

  /** The gram count changes of the write so far: held after its commit, or written now. */
  const writeGrams = (workspace: string, work?: UnitOfWork) => {
    if (batching) return
    const changes = grams.take()
    if (changes === null) return
    if (work) work.afterCommit(() => hold(workspace, changes))
    else writeCounts(workspace, changes)
  }

  return {
    page(query: ContactListQuery): { rows: Row[]; total: number } {
      const { search, phone } = query
      if (phone === null && search === null) return unfiltered(query)
      if (phone === null && search !== null) return searched({ ...query, search })
      return { rows: page.all(query), total: count.get(query)!.n }
    },

    /** A contact was inserted, as `rowid` (a bigint beyond Number.MAX_SAFE_INTEGER). */
    added(workspace: string, contact: ListedContact, rowid: number | bigint, work?: UnitOfWork) {
      totalUp.run(workspace)
      indexedAt.run(rowid, contact.search_text)
      entered(workspace, contact)
      grams.add(contact.search_text, 1)
      writeGrams(workspace, work)
    },

    /** A contact was saved over: it moved in the list, its search_text may have changed. */
    changed(workspace: string, before: ListedContact, after: ListedContact, work?: UnitOfWork) {
      left(workspace, before)
      entered(workspace, after)
      if (before.search_text === after.search_text) return
      unindexed.run({ workspace, id: before.id, text: before.search_text })
      indexed.run({ workspace, id: after.id, text: after.search_text })
      grams.add(before.search_text, -1)
      grams.add(after.search_text, 1)
      writeGrams(workspace, work)
    },

    /** A contact was deleted (the trigger keeps the rest). */
    removed(workspace: string, contact: ListedContact, work: UnitOfWork) {
      grams.add(contact.search_text, -1)
      writeGrams(workspace, work)
    },

    /** Writes the gram counts held in memory: before a workspace is wiped, its rows and all. */
    writeHeldCounts,

    /** Runs `write`, which adds and changes contacts of `workspace` only, writing gram counts once. */
    batch<R>(workspace: string, write: () => R): R {
      if (batching) return write()
      batching = true
      try {
        const result = write()
        batching = false
        writeNewest()
        writeGrams(workspace)
        return result
      } finally {
        // after a throw, the counts go with the transaction
        batching = false
        newest = undefined
        grams.take()
      }
    },
  }
}
