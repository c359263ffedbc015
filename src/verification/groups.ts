// Verification groups (endpoints.md § 6): the business identity needed for local numbers. Created
// pending, documents uploaded, submitted once, then reviewed on the workspace's clock after the
// configured delay (or through /_mock); deleting is soft.
import type { Page } from '../../schemas/common.js'
import type { NumberType } from '../../schemas/phone-numbers.js'
import type {
  GroupStatus,
  VerificationGroup,
  VerificationGroupCreateInput,
  VerificationGroupDetail,
} from '../../schemas/verification.js'
import type { Db } from '../db/open.js'
import type { Effects, Work } from '../effects/work.js'
import { ApiError, invalidParameter, notFound } from '../errors.js'
import type { Numbers } from '../phone-numbers/numbers.js'
import type { OrderGroup, Orders } from '../phone-numbers/orders.js'
import { localityOf } from '../phone-numbers/inventory.js'
import { formatNullableTime, formatTime } from '../time.js'
import type { TimerPayloads } from '../timers/timers.js'
import type { Workspace } from '../workspaces/workspaces.js'
import type { Documents, Upload } from './documents.js'
import { pageClause } from '../sql.js'

export interface GroupRow {
  id: string
  name: string
  phone_number_type: NumberType
  status: GroupStatus
  business_name: string
  city: string
  created_at: number
  submitted_at: number | null
  rejection_reason: string | null
}

const toGroup = (row: GroupRow): VerificationGroup => ({
  id: row.id,
  name: row.name,
  phone_number_type: row.phone_number_type,
  status: row.status,
  locality: row.city,
  business_name: row.business_name,
  created_at: formatTime(row.created_at),
})

export interface GroupListFilter extends Page {
  status?: GroupStatus
  phone_number_type?: NumberType
}

export interface GroupsDeps {
  db: Db
  now: (workspace: Workspace) => number
  newId: () => string
  effects: Effects
  documents: Documents
  numbers: Numbers
  orders: Orders
}

export function createGroups({ db, now, newId, effects, documents, numbers, orders }: GroupsDeps) {
  // Deleted groups are listed only when asked for by status.
  const filter = `workspace_id = @workspace AND (@type IS NULL OR phone_number_type = @type)
    AND (CASE WHEN @status IS NULL THEN status != 'deleted' ELSE status = @status END)`
  const page = db.prepare<Record<string, unknown>, GroupRow>(
    `SELECT * FROM verification_groups WHERE ${filter} ORDER BY created_at DESC, id DESC ${pageClause}`,
  )
  const count = db.prepare<Record<string, unknown>, { n: number }>(
    `SELECT count(*) AS n FROM verification_groups WHERE ${filter}`,
  )
  const byId = db.prepare<[string, string], GroupRow>(
    'SELECT * FROM verification_groups WHERE workspace_id = ? AND id = ?',
  )
  const insert = db.prepare(
    `INSERT INTO verification_groups (workspace_id, id, name, phone_number_type, status, business_name,
       contact_person_first_name, contact_person_last_name, contact_person_phone, street_name, house_number,
       postal_code, city, province, description, created_at)
     VALUES (@workspace_id, @id, @name, @phone_number_type, 'pending', @business_name, @contact_person_first_name,
       @contact_person_last_name, @contact_person_phone, @street_name, @house_number, @postal_code, @city, @province,
       @description, @created_at)`,
  )
  const setStatus = db.prepare(
    'UPDATE verification_groups SET status = ?, rejection_reason = ? WHERE workspace_id = ? AND id = ?',
  )
  const setSubmitted = db.prepare('UPDATE verification_groups SET submitted_at = ? WHERE workspace_id = ? AND id = ?')

  const find = (workspace: Workspace, id: string) => {
    const row = byId.get(workspace.id, id)
    if (!row) throw notFound('Verification group')
    return row
  }

  /** A group that can still be worked on: not deleted. */
  const findLive = (workspace: Workspace, id: string) => {
    const row = find(workspace, id)
    if (row.status === 'deleted') {
      throw new ApiError('invalid_status', 'The verification group is deleted', { status: row.status })
    }
    return row
  }

  /** Documents may change only while the group is pending and not yet submitted. */
  const findEditable = (workspace: Workspace, id: string) => {
    const row = findLive(workspace, id)
    if (row.status !== 'pending' || row.submitted_at !== null) {
      throw new ApiError('invalid_status', 'Documents can only change before the group is submitted', {
        status: row.status,
        submitted: row.submitted_at !== null,
      })
    }
    return row
  }

  const detail = (workspace: Workspace, row: GroupRow): VerificationGroupDetail => ({
    ...toGroup(row),
    documents: documents.list(workspace, row.id),
    phone_numbers: numbers
      .ofGroup(workspace, row.id)
      .map((n) => ({ id: n.id, phone_number: n.phone_number, status: 'active' as const })),
    submitted_at: formatNullableTime(row.submitted_at),
    rejection_reason: row.rejection_reason,
  })

  const review = (work: Work, row: GroupRow, outcome: 'approved' | 'rejected', reason: string | null) => {
    const workspace = work.workspace
    setStatus.run(
      outcome,
      outcome === 'rejected' ? (reason ?? 'The documents could not be verified') : null,
      workspace.id,
      row.id,
    )
    documents.setStatus(workspace, row.id, outcome)
    work.publish({ type: 'verification.reviewed', data: { group_id: row.id, status: outcome } })
    if (outcome === 'rejected') orders.failPendingOfGroup(work, row.id, 'The verification group was rejected')
  }

  const changed = (
    work: Work,
    kind: 'verification_group' | 'document',
    id: string,
    action: 'created' | 'updated' | 'deleted',
  ) => work.publish({ type: 'resource.changed', data: { kind, id, action } })

  return {
    /** The review's time has come. */
    reviewDue(work: Work, { group_id }: TimerPayloads['verification-group.review']) {
      const { workspace } = work
      const row = byId.get(workspace.id, group_id)
      // A group deleted or already reviewed (through /_mock) in the meantime stays as it is.
      if (row?.status === 'pending' && row.submitted_at !== null && workspace.settings.review_outcome !== 'manual') {
        review(work, row, workspace.settings.review_outcome, null)
      }
    },

    create: (workspace: Workspace, input: VerificationGroupCreateInput) =>
      effects.run(workspace, (work) => {
        const id = newId()
        insert.run({ workspace_id: workspace.id, id, description: null, ...input, created_at: now(workspace) })
        changed(work, 'verification_group', id, 'created')
        return id
      }),

    list(workspace: Workspace, { status, phone_number_type, limit, offset }: GroupListFilter) {
      const params = { workspace: workspace.id, status: status ?? null, type: phone_number_type ?? null }
      return { data: page.all({ ...params, limit, offset }).map(toGroup), total: count.get(params)!.n }
    },

    get: (workspace: Workspace, id: string) => detail(workspace, find(workspace, id)),

    /** The group as an order sees it; 404 when unknown. */
    forOrder(workspace: Workspace, id: string): OrderGroup {
      const row = find(workspace, id)
      // The city as the inventory names it, so "amsterdam" orders the numbers it lists.
      const locality = localityOf(row.city) ?? row.city
      return { id: row.id, name: row.name, status: row.status, phone_number_type: row.phone_number_type, locality }
    },

    /** Orders a number, through a group when one is named (its type when no type is given). */
    placeOrder(workspace: Workspace, phoneNumber: string, numberType: NumberType | undefined, groupId?: string) {
      const group = groupId ? this.forOrder(workspace, groupId) : null
      const type = numberType ?? group?.phone_number_type ?? 'national'
      return orders.place(workspace, { phone_number: phoneNumber, number_type: type, group })
    },

    /** An approved group, for listing its available numbers. */
    approved(workspace: Workspace, id: string) {
      const row = find(workspace, id)
      if (row.status !== 'approved') {
        throw new ApiError('invalid_status', 'Group is not approved', { status: row.status })
      }
      return row
    },

    remove: (workspace: Workspace, id: string) =>
      effects.run(workspace, (work) => {
        findLive(workspace, id)
        setStatus.run('deleted', null, workspace.id, id)
        changed(work, 'verification_group', id, 'deleted')
        orders.failPendingOfGroup(work, id, 'The verification group was deleted')
      }),

    documents: (workspace: Workspace, id: string) => documents.list(workspace, find(workspace, id).id),

    assertEditable(workspace: Workspace, id: string) {
      findEditable(workspace, id)
    },

    upload: (workspace: Workspace, id: string, upload: Upload) =>
      effects.run(workspace, (work) => {
        findEditable(workspace, id)
        const document = documents.add(workspace, id, upload)
        changed(work, 'document', document.id, 'created')
        return document
      }),

    removeDocument: (workspace: Workspace, id: string, documentId: string) =>
      effects.run(workspace, (work) => {
        findEditable(workspace, id)
        documents.remove(workspace, id, documentId)
        changed(work, 'document', documentId, 'deleted')
      }),

    submit: (workspace: Workspace, id: string) =>
      effects.run(workspace, (work) => {
        const row = findLive(workspace, id)
        if (row.status !== 'pending' || row.submitted_at !== null) {
          throw new ApiError('invalid_status', 'The verification group has already been submitted', {
            status: row.status,
          })
        }
        if (documents.list(workspace, id).length === 0) {
          throw invalidParameter(
            'documents',
            'must hold at least one document',
            'Upload at least one document before submitting',
          )
        }
        const time = now(workspace)
        setSubmitted.run(time, workspace.id, id)
        if (workspace.settings.review_outcome !== 'manual') {
          const due = time + workspace.settings.review_delay_seconds * 1000
          work.arm(due, 'verification-group.review', { group_id: id })
        }
        changed(work, 'verification_group', id, 'updated')
        return detail(workspace, find(workspace, id))
      }),

    /** Approves or rejects a submitted group now (POST /_mock/verification-groups/{id}/review). */
    reviewNow: (workspace: Workspace, id: string, outcome: 'approved' | 'rejected', reason?: string) =>
      effects.run(workspace, (work) => {
        const row = findLive(workspace, id)
        if (row.submitted_at === null) {
          throw new ApiError('invalid_status', 'The verification group has not been submitted', { status: row.status })
        }
        review(work, row, outcome, reason ?? null)
        return detail(workspace, find(workspace, id))
      }),
  }
}

export type Groups = ReturnType<typeof createGroups>
