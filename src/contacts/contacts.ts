// Contacts: the people assistants talk to, unique by phone number within a workspace.
import type {
  Contact,
  ContactCallSummary,
  ContactCreateInput,
  ContactDetail,
  ContactReplaceInput,
  ContactUpdateInput,
} from '../../schemas/contacts.js'
import type { Page } from '../../schemas/common.js'
import { transaction, type Db } from '../db/open.js'
import type { Effects, Work } from '../effects/work.js'
import { ApiError, notFound } from '../errors.js'
import { formatNullableTime, formatTime, parseNullableTime } from '../time.js'
import { applyUpdate } from '../update.js'
import type { Workspace } from '../workspaces/workspaces.js'
import { searchTerm, searchText } from '../sql.js'
import { createContactListing, newContactRowid, type ListedContact } from './listing.js'

interface ContactRow {
  id: string
  phone_number: string
  full_name: string | null
  email: string | null
  address: string | null
  last_interaction_at: number | null
  last_interaction_summary: string | null
  logs: string | null
  last_modified: number
}

/** The fields a client writes, in API form. */
type Writable = Omit<Contact, 'contact_id' | 'last_modified'>

const emptyContact: Writable = {
  phone_number: '',
  full_name: null,
  email: null,
  address: null,
  last_interaction_at: null,
  last_interaction_summary: null,
  logs: null,
}

export const toContact = (row: ContactRow): Contact => ({
  contact_id: row.id,
  phone_number: row.phone_number,
  full_name: row.full_name,
  email: row.email,
  address: row.address,
  last_interaction_at: formatNullableTime(row.last_interaction_at),
  last_interaction_summary: row.last_interaction_summary,
  last_modified: formatTime(row.last_modified),
  logs: row.logs === null ? null : JSON.parse(row.logs),
})

/** The fields of a new or replaced contact: what is sent, every other field null. */
const replacement = (input: ContactReplaceInput | ContactCreateInput): Writable =>
  applyUpdate<Writable>('replace', emptyContact, emptyContact, input, ['logs'])

/** A contact to create; the seed may fix its id. */
type NewContact = ContactCreateInput & { contact_id?: string }

export interface ContactListFilter extends Page {
  search?: string
  phone_number?: string
}

export interface ContactsDeps {
  db: Db
  effects: Effects
  now: (workspace: Workspace) => number
  newId: () => string
}

const found = <Row>(row: Row | undefined) => {
  if (!row) throw notFound('Contact')
  return row
}

const changed = (work: Work, id: string, action: 'created' | 'updated' | 'deleted') =>
  work.publish({ type: 'resource.changed', data: { kind: 'contact', id, action } })

export function createContacts({ db, effects, now, newId }: ContactsDeps) {
  const columns = `id, phone_number, full_name, email, address, last_interaction_at, last_interaction_summary, logs, last_modified`
  const listing = createContactListing<ContactRow>(db, columns)
  const byId = db.prepare<[string, string], ContactRow>(
    `SELECT ${columns} FROM contacts WHERE workspace_id = ? AND id = ?`,
  )
  const withSearchEntry = db.prepare<[string, string], ContactRow & ListedContact>(
    `SELECT search_text, ${columns} FROM contacts WHERE workspace_id = ? AND id = ?`,
  )
  const listed = db.prepare<[string, string], ListedContact>(
    'SELECT id, last_modified, search_text FROM contacts WHERE workspace_id = ? AND id = ?',
  )
  const idByPhone = db.prepare<[string, string], { id: string }>(
    'SELECT id FROM contacts WHERE workspace_id = ? AND phone_number = ?',
  )
  const upsert = db.prepare(
    `INSERT INTO contacts (rowid, workspace_id, ${columns}, search_text)
     VALUES (${newContactRowid}, @workspace_id, @id, @phone_number, @full_name, @email, @address, @last_interaction_at,
             @last_interaction_summary, @logs, @last_modified, @search_text)
     ON CONFLICT (workspace_id, id) DO UPDATE SET phone_number = excluded.phone_number, full_name = excluded.full_name,
       email = excluded.email, address = excluded.address, last_interaction_at = excluded.last_interaction_at,
       last_interaction_summary = excluded.last_interaction_summary, logs = excluded.logs,
       last_modified = excluded.last_modified, search_text = excluded.search_text`,
  )
  // A new contact's rowid as a bigint: workspaces past the 2,097,151st have rowids beyond 2^53.
  upsert.safeIntegers(true)
  const remove = db.prepare<[string, string], ListedContact>(
    'DELETE FROM contacts WHERE workspace_id = ? AND id = ? RETURNING id, last_modified, search_text',
  )
  const forgetInCalls = db.prepare('UPDATE calls SET contact_id = NULL WHERE workspace_id = ? AND contact_id = ?')
  const recentCalls = db.prepare<
    [string, string],
    Omit<ContactCallSummary, 'started_at'> & { started_at: number | null }
  >(
    `SELECT id, direction, status, started_at, duration_seconds, summary FROM calls
     WHERE workspace_id = ? AND contact_id = ? ORDER BY created_at DESC, id DESC LIMIT 10`,
  )
  const interaction = db.prepare(
    `UPDATE contacts SET last_interaction_at = @at, last_interaction_summary = @summary, last_modified = @at
     WHERE workspace_id = @workspace AND id = @id`,
  )

  /** The contact's row; to save over it, with its entry in the search index. */
  const find = (workspace: Workspace, id: string) => found(byId.get(workspace.id, id))
  const findWithSearchEntry = (workspace: Workspace, id: string) => found(withSearchEntry.get(workspace.id, id))

  const assertPhoneFree = (workspace: Workspace, phone: string, ownId: string) => {
    const holder = idByPhone.get(workspace.id, phone)
    if (holder && holder.id !== ownId) {
      throw new ApiError('already_in_use', 'A contact with this phone number already exists', {
        field: 'phone_number',
        contact_id: holder.id,
      })
    }
  }

  /**
   * Writes the contact; `before` is what the listing knows of it when it exists already, `work` the
   * unit of work the write is, if it is one.
   */
  const save = (
    workspace: Workspace,
    id: string,
    contact: Writable,
    before: ListedContact | undefined,
    work?: Work,
  ): Contact => {
    assertPhoneFree(workspace, contact.phone_number, id)
    const row: ContactRow = {
      id,
      phone_number: contact.phone_number,
      full_name: contact.full_name,
      email: contact.email,
      address: contact.address,
      last_interaction_at: parseNullableTime(contact.last_interaction_at),
      last_interaction_summary: contact.last_interaction_summary,
      logs: contact.logs === null ? null : JSON.stringify(contact.logs),
      last_modified: now(workspace),
    }
    const search_text = searchText(row.full_name, row.email, row.phone_number)
    const { lastInsertRowid } = upsert.run({ workspace_id: workspace.id, ...row, search_text })
    const after = { id, last_modified: row.last_modified, search_text }
    if (before) listing.changed(workspace.id, before, after, work)
    else listing.added(workspace.id, after, lastInsertRowid, work)
    return toContact(row)
  }

  const create = (workspace: Workspace, input: NewContact, work?: Work) => {
    const { contact_id, ...fields } = input
    const id = contact_id ?? newId()
    return save(workspace, id, replacement(fields), listed.get(workspace.id, id), work)
  }

  return {
    list(workspace: Workspace, { search, phone_number, limit, offset }: ContactListFilter) {
      const { rows, total } = listing.page({
        workspace: workspace.id,
        phone: phone_number ?? null,
        search: searchTerm(search),
        limit,
        offset,
      })
      return { data: rows.map(toContact), total }
    },

    get: (workspace: Workspace, id: string) => toContact(find(workspace, id)),

    /** The contact with its 10 most recent calls. */
    detail: (workspace: Workspace, id: string): ContactDetail => ({
      ...toContact(find(workspace, id)),
      calls: recentCalls
        .all(workspace.id, id)
        .map((call) => ({ ...call, started_at: formatNullableTime(call.started_at) })),
    }),

    /** The id of the contact with this phone number, if there is one. */
    idByPhone: (workspace: Workspace, phoneNumber: string) => idByPhone.get(workspace.id, phoneNumber)?.id,

    /** A call with the contact ended (also bumps last_modified). */
    recordInteraction(workspace: Workspace, id: string, at: number, summary: string) {
      const before = listed.get(workspace.id, id)
      if (!before) return
      interaction.run({ workspace: workspace.id, id, at, summary })
      listing.changed(workspace.id, before, { ...before, last_modified: at })
    },

    create: (workspace: Workspace, input: NewContact) =>
      effects.run(workspace, (work) => {
        const contact = create(workspace, input, work)
        changed(work, contact.contact_id, 'created')
        return contact
      }),

    /**
     * Creates them all in one transaction, which inside another is one savepoint, not one per
     * contact: FTS5 writes its pending index changes out at every savepoint. The listing counts
     * their grams once, at the end.
     */
    createAll: transaction(db, (workspace: Workspace, inputs: NewContact[]) =>
      listing.batch(workspace.id, () => inputs.map((input) => create(workspace, input))),
    ),

    /** PUT: the contact becomes what is sent; every field not sent becomes null. */
    replace: (workspace: Workspace, id: string, input: ContactReplaceInput) =>
      effects.run(workspace, (work) => {
        const row = findWithSearchEntry(workspace, id)
        changed(work, id, 'updated')
        return save(workspace, id, replacement(input), row, work)
      }),

    /** PATCH: only the fields sent change; `logs` is merged per key. */
    patch: (workspace: Workspace, id: string, input: ContactUpdateInput) =>
      effects.run(workspace, (work) => {
        const row = findWithSearchEntry(workspace, id)
        const current = toContact(row)
        // PATCH {} changes nothing, not even last_modified.
        if (Object.keys(input).length === 0) return current
        const { contact_id: _id, last_modified: _modified, ...writable } = current
        changed(work, id, 'updated')
        return save(workspace, id, applyUpdate<Writable>('merge', writable, emptyContact, input, ['logs']), row, work)
      }),

    /** Writes what the listing holds in memory of committed writes: before a workspace is wiped. */
    writeHeldCounts: listing.writeHeldCounts,

    /** Deletes a contact; its calls stay, without a contact. */
    remove: (workspace: Workspace, id: string) =>
      effects.run(workspace, (work) => {
        const removed = remove.get(workspace.id, id)
        if (!removed) throw notFound('Contact')
        listing.removed(workspace.id, removed, work)
        forgetInCalls.run(workspace.id, id)
        changed(work, id, 'deleted')
      }),
  }
}

export type Contacts = ReturnType<typeof createContacts>
