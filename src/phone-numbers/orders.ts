// Number orders (endpoints.md § 4): an order takes 10 credits at once, holds its number, and
// completes on the workspace's clock after the configured delay — `success` creates the phone
// number, `failed` refunds the credits and returns the number to the inventory.
import type { NumberType, OrderStatus, PhoneNumberOrderResponse } from '../../schemas/phone-numbers.js'
import type { Page } from '../../schemas/common.js'
import type { Db } from '../db/open.js'
import type { Effects, Work } from '../effects/work.js'
import { ApiError, invalidParameter, notFound } from '../errors.js'
import type { TimerPayloads } from '../timers/timers.js'
import type { Users } from '../users/users.js'
import type { Workspace } from '../workspaces/workspaces.js'
import { inventoryNumber } from './inventory.js'
import { toOrder, toOrderDetail, type OrderRow } from './order-rows.js'
import type { Numbers } from './numbers.js'
import { pageClause } from '../sql.js'

export const orderCost = 10

/** The verification group an order goes through, as the orders domain needs to see it. */
export interface OrderGroup {
  id: string
  name: string
  status: string
  phone_number_type: NumberType
  locality: string
}

export interface OrderRequest {
  phone_number: string
  number_type: NumberType
  group: OrderGroup | null
}

export interface OrderListFilter extends Page {
  status?: OrderStatus
  verification_group_id?: string
  number_type?: NumberType
}

export interface OrdersDeps {
  db: Db
  effects: Effects
  now: (workspace: Workspace) => number
  newId: () => string
  users: Users
  numbers: Numbers
}

/** A placed order, as POST /phone-numbers/order answers it. */
export type PlacedOrder = PhoneNumberOrderResponse['data']

export function createOrders({ db, effects, now, newId, users, numbers }: OrdersDeps) {
  const select = `SELECT o.*, g.name AS group_name, g.status AS group_status, g.city AS group_locality,
      g.phone_number_type AS group_type
    FROM phone_number_orders o
    LEFT JOIN verification_groups g ON g.workspace_id = o.workspace_id AND g.id = o.verification_group_id`
  const filter = `o.workspace_id = @workspace AND (@status IS NULL OR o.status = @status)
    AND (@group IS NULL OR o.verification_group_id = @group) AND (@type IS NULL OR o.number_type = @type)`
  const page = db.prepare<Record<string, unknown>, OrderRow>(
    `${select} WHERE ${filter} ORDER BY o.ordered_at DESC, o.id DESC ${pageClause}`,
  )
  const count = db.prepare<Record<string, unknown>, { n: number }>(
    `SELECT count(*) AS n FROM phone_number_orders o WHERE ${filter}`,
  )
  const byId = db.prepare<[string, string], OrderRow>(`${select} WHERE o.workspace_id = ? AND o.id = ?`)
  const pendingNumbers = db.prepare<[string], { phone_number: string }>(
    `SELECT phone_number FROM phone_number_orders WHERE workspace_id = ? AND status = 'pending'`,
  )
  const pendingOfGroup = db.prepare<[string, string], { id: string }>(
    `SELECT id FROM phone_number_orders WHERE workspace_id = ? AND verification_group_id = ? AND status = 'pending'`,
  )
  const insert = db.prepare(
    `INSERT INTO phone_number_orders (workspace_id, id, phone_number, number_type, locality, status,
       verification_group_id, ordered_at)
     VALUES (@workspace_id, @id, @phone_number, @number_type, @locality, 'pending', @verification_group_id, @ordered_at)`,
  )
  const finish = db.prepare(
    `UPDATE phone_number_orders SET status = @status, completed_at = @now, failure_reason = @failure_reason,
       external_order_id = @external_order_id, external_sub_order_id = @external_sub_order_id
     WHERE workspace_id = @workspace AND id = @id AND status = 'pending'`,
  )

  const find = (workspace: Workspace, id: string) => {
    const row = byId.get(workspace.id, id)
    if (!row) throw notFound('Phone number order')
    return row
  }

  /** Numbers held by the workspace: its numbers and its pending orders. */
  const taken = (workspace: Workspace) => {
    const held = numbers.held(workspace)
    for (const { phone_number } of pendingNumbers.all(workspace.id)) held.add(phone_number)
    return held
  }

  /** Ends a pending order; a no-op for an order that has already ended. */
  const complete = (work: Work, row: OrderRow, outcome: 'success' | 'failed', reason: string | null) => {
    const workspace = work.workspace
    const time = now(workspace)
    const providerId = row.id.replace(/-/g, '').slice(0, 12).toUpperCase()
    const success = outcome === 'success'
    const changed = finish.run({
      workspace: workspace.id,
      id: row.id,
      status: outcome,
      now: time,
      failure_reason: success ? null : (reason ?? 'The provider could not deliver the number'),
      external_order_id: success ? `ORD-${providerId}` : null,
      external_sub_order_id: success ? `SUB-${providerId}-1` : null,
    }).changes
    if (changed === 0) return
    work.publish({ type: 'order.settled', data: { order_id: row.id, status: outcome, phone_number: row.phone_number } })
    if (success) {
      const numberId = newId()
      work.publish({ type: 'resource.changed', data: { kind: 'phone_number', id: numberId, action: 'created' } })
      numbers.add(workspace, {
        id: numberId,
        phone_number: row.phone_number,
        number_type: row.number_type,
        locality: row.locality,
        origin: 'custom',
        order_id: row.id,
        verification_group_id: row.verification_group_id,
        created_at: time,
      })
    } else {
      users.refund(workspace, orderCost)
    }
  }

  /** The outcome an order reaches at its time: its group must still be approved. */
  const completeAtItsTime = (work: Work, row: OrderRow) => {
    if (row.status !== 'pending') return
    if (row.verification_group_id !== null && row.group_status !== 'approved') {
      return complete(work, row, 'failed', `The verification group is ${row.group_status}`)
    }
    complete(work, row, work.workspace.settings.order_outcome, null)
  }

  return {
    taken,

    /** The order's time has come. */
    completeDue(work: Work, { order_id }: TimerPayloads['phone-number-order.complete']) {
      const row = byId.get(work.workspace.id, order_id)
      if (row) completeAtItsTime(work, row)
    },

    /**
     * Places an order. Checks in the documented order: the group (404, invalid_status), the
     * credits (402), the number (400); then takes the credits and holds the number.
     */
    place: (workspace: Workspace, { phone_number, number_type, group }: OrderRequest): PlacedOrder =>
      effects.run(workspace, (work) => {
        if (group && group.status !== 'approved') {
          throw new ApiError('invalid_status', 'Group is not approved', {
            verification_group_id: group.id,
            status: group.status,
          })
        }
        if (number_type === 'local' && !group) {
          throw invalidParameter(
            'verification_group_id',
            'is required for local numbers',
            'Local numbers need an approved verification group (verification_group_id)',
          )
        }
        if (users.credits(workspace) < orderCost) {
          throw new ApiError('insufficient_credits', `Not enough credits (need ${orderCost})`, {
            credits: users.credits(workspace),
            required: orderCost,
          })
        }
        const number = inventoryNumber(phone_number)
        const fitsGroup =
          !group ||
          (group.phone_number_type === number_type && (number_type !== 'local' || number?.locality === group.locality))
        if (!number || number.number_type !== number_type || !fitsGroup || taken(workspace).has(phone_number)) {
          throw new ApiError('invalid_parameters', 'Invalid phone number', {
            field: 'phone_number',
            reason:
              !number || number.number_type !== number_type || !fitsGroup
                ? 'is not an available number of this type'
                : 'is already taken',
          })
        }
        users.charge(workspace, orderCost)
        const id = newId()
        const orderedAt = now(workspace)
        insert.run({
          workspace_id: workspace.id,
          id,
          phone_number,
          number_type,
          locality: number.locality,
          verification_group_id: group?.id ?? null,
          ordered_at: orderedAt,
        })
        work.arm(orderedAt + workspace.settings.order_delay_seconds * 1000, 'phone-number-order.complete', {
          order_id: id,
        })
        work.publish({ type: 'resource.changed', data: { kind: 'phone_number_order', id, action: 'created' } })
        const data: PlacedOrder = {
          order_id: id,
          phone_number,
          number_type,
          status: 'pending',
          credits_used: orderCost,
          remaining_credits: users.credits(workspace),
        }
        if (group) data.verification_group = { id: group.id, name: group.name }
        return data
      }),

    list(workspace: Workspace, { status, verification_group_id, number_type, limit, offset }: OrderListFilter) {
      const params = {
        workspace: workspace.id,
        status: status ?? null,
        group: verification_group_id ?? null,
        type: number_type ?? null,
      }
      return { data: page.all({ ...params, limit, offset }).map(toOrder), total: count.get(params)!.n }
    },

    get: (workspace: Workspace, id: string) => toOrderDetail(find(workspace, id)),

    exists: (workspace: Workspace, id: string) => byId.get(workspace.id, id) !== undefined,

    /** Ends a pending order now (POST /_mock/phone-number-orders/{id}/complete). */
    completeNow: (workspace: Workspace, id: string, outcome: 'success' | 'failed', reason?: string) =>
      effects.run(workspace, (work) => {
        const row = find(workspace, id)
        if (row.status !== 'pending') {
          throw new ApiError('invalid_status', `The order is already ${row.status}`, {
            order_id: id,
            status: row.status,
          })
        }
        complete(work, row, outcome, reason ?? null)
        return toOrderDetail(find(workspace, id))
      }),

    /** Fails the pending orders of a group that was rejected or deleted; refunds them. */
    failPendingOfGroup(work: Work, groupId: string, reason: string) {
      for (const { id } of pendingOfGroup.all(work.workspace.id, groupId)) {
        complete(work, find(work.workspace, id), 'failed', reason)
      }
    },
  }
}

export type Orders = ReturnType<typeof createOrders>
