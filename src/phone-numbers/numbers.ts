// The phone numbers a workspace holds: numbers it ordered (custom) and the shared default number,
// and which assistant each is linked to.
import type { Page } from '../../schemas/common.js'
import type { NumberType, PhoneNumber, SharedNumber } from '../../schemas/phone-numbers.js'
import type { Db } from '../db/open.js'
import type { Effects } from '../effects/work.js'
import { ApiError, notFound } from '../errors.js'
import { formatTime } from '../time.js'
import type { Workspace } from '../workspaces/workspaces.js'
import type { Calls } from '../calls/calls.js'
import { pageClause } from '../sql.js'

export interface NumberRow {
  id: string
  phone_number: string
  number_type: NumberType
  locality: string | null
  origin: 'custom' | 'default'
  status: 'active' | 'deleted'
  assistant_id: string | null
  assistant_name: string | null
  verification_group_id: string | null
  created_at: number
}

export const toPhoneNumber = (row: NumberRow): PhoneNumber => ({
  id: row.id,
  phone_number: row.phone_number,
  locality: row.locality,
  number_type: row.number_type,
  available: row.assistant_id === null,
  created_at: formatTime(row.created_at),
  linked_assistant: row.assistant_id === null ? null : { id: row.assistant_id, name: row.assistant_name! },
})

const toShared = (row: NumberRow): SharedNumber => ({
  id: row.id,
  phone_number: row.phone_number,
  locality: row.locality,
  number_type: row.number_type,
})

export interface NewNumber {
  id: string
  phone_number: string
  number_type: NumberType
  locality: string | null
  origin: 'custom' | 'default'
  order_id: string | null
  verification_group_id: string | null
  created_at: number
}

export function createNumbers(db: Db, effects: Effects, calls: Calls) {
  const select = `SELECT n.*, a.name AS assistant_name FROM phone_numbers n
    LEFT JOIN assistants a ON a.workspace_id = n.workspace_id AND a.id = n.assistant_id`
  const page = db.prepare<Record<string, unknown>, NumberRow>(
    `${select} WHERE n.workspace_id = @workspace AND n.origin = 'custom' AND n.status = 'active'
     ORDER BY n.created_at DESC, n.id DESC ${pageClause}`,
  )
  const count = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM phone_numbers WHERE workspace_id = ? AND origin = 'custom' AND status = 'active'`,
  )
  const shared = db.prepare<[string], NumberRow>(
    `${select} WHERE n.workspace_id = ? AND n.origin = 'default' AND n.status = 'active' ORDER BY n.phone_number`,
  )
  const byId = db.prepare<[string, string], NumberRow>(`${select} WHERE n.workspace_id = ? AND n.id = ?`)
  const byGroup = db.prepare<[string, string], NumberRow>(
    `${select} WHERE n.workspace_id = ? AND n.verification_group_id = ? AND n.status = 'active' ORDER BY n.created_at, n.id`,
  )
  const activeNumbers = db.prepare<[string], { phone_number: string }>(
    `SELECT phone_number FROM phone_numbers WHERE workspace_id = ? AND status = 'active'`,
  )
  const insert = db.prepare(
    `INSERT INTO phone_numbers (workspace_id, id, phone_number, number_type, locality, origin, status, order_id,
       verification_group_id, created_at)
     VALUES (@workspace_id, @id, @phone_number, @number_type, @locality, @origin, 'active', @order_id,
       @verification_group_id, @created_at)`,
  )
  const markDeleted = db.prepare(
    `UPDATE phone_numbers SET status = 'deleted', assistant_id = NULL WHERE workspace_id = ? AND id = ?`,
  )
  const setAssistant = db.prepare('UPDATE phone_numbers SET assistant_id = ? WHERE workspace_id = ? AND id = ?')
  const unlinkAssistantStmt = db.prepare(
    'UPDATE phone_numbers SET assistant_id = NULL WHERE workspace_id = ? AND assistant_id = ?',
  )
  const releaseDefaults = db.prepare(
    `UPDATE phone_numbers SET assistant_id = NULL
     WHERE workspace_id = ? AND origin = 'default' AND assistant_id IS NOT NULL AND assistant_id != ?`,
  )
  const linkedTo = db.prepare<[string, string], NumberRow>(`${select} WHERE n.workspace_id = ? AND n.assistant_id = ?`)
  const byNumber = db.prepare<[string, string], NumberRow>(
    `${select} WHERE n.workspace_id = ? AND n.phone_number = ? AND n.status = 'active'`,
  )

  /** An active number of the workspace, or 404. */
  const find = (workspace: Workspace, id: string) => {
    const row = byId.get(workspace.id, id)
    if (!row || row.status !== 'active') throw notFound('Phone number')
    return row
  }

  return {
    list(workspace: Workspace, { limit, offset }: Page) {
      return {
        data: page.all({ workspace: workspace.id, limit, offset }).map(toPhoneNumber),
        total: count.get(workspace.id)!.n,
      }
    },

    shared: (workspace: Workspace) => shared.all(workspace.id).map(toShared),

    get: (workspace: Workspace, id: string) => toPhoneNumber(find(workspace, id)),

    /** Any number row with this id, deleted ones included (linking tells them apart). */
    row: (workspace: Workspace, id: string) => byId.get(workspace.id, id),

    /** The active numbers ordered through a verification group. */
    ofGroup: (workspace: Workspace, groupId: string) => byGroup.all(workspace.id, groupId),

    /** Numbers the workspace holds, which are therefore not available to order. */
    held: (workspace: Workspace) => new Set(activeNumbers.all(workspace.id).map((r) => r.phone_number)),

    count: (workspace: Workspace) => count.get(workspace.id)!.n,

    add(workspace: Workspace, number: NewNumber) {
      insert.run({ workspace_id: workspace.id, ...number })
    },

    /** The active number of the workspace with this phone number (custom or shared). */
    byNumber: (workspace: Workspace, phoneNumber: string) => byNumber.get(workspace.id, phoneNumber),

    /** Deletes a custom number: it is unlinked and goes back to the inventory. */
    remove: (workspace: Workspace, id: string) =>
      effects.run(workspace, (work) => {
        const row = find(workspace, id)
        if (row.origin === 'default') {
          throw new ApiError('forbidden', 'The shared default number cannot be deleted', { phone_number_id: id })
        }
        calls.assertNumberIdle(workspace, row.phone_number)
        markDeleted.run(workspace.id, id)
        work.publish({ type: 'resource.changed', data: { kind: 'phone_number', id, action: 'deleted' } })
      }),

    linkedTo: (workspace: Workspace, assistantId: string) => linkedTo.get(workspace.id, assistantId),

    link(workspace: Workspace, numberId: string, assistantId: string) {
      setAssistant.run(assistantId, workspace.id, numberId)
    },

    unlinkAssistant(workspace: Workspace, assistantId: string) {
      unlinkAssistantStmt.run(workspace.id, assistantId)
    },

    /** Frees the shared default number from every other assistant; returns how many were freed. */
    releaseDefaults: (workspace: Workspace, exceptAssistantId: string) =>
      releaseDefaults.run(workspace.id, exceptAssistantId).changes,
  }
}

export type Numbers = ReturnType<typeof createNumbers>
