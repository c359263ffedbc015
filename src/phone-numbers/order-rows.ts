// Number orders as stored, and as the API shows them (one order, or its detail with the group).
import type { NumberType, OrderStatus, PhoneNumberOrder, PhoneNumberOrderDetail } from '../../schemas/phone-numbers.js'
import { formatTime } from '../time.js'

export interface OrderRow {
  id: string
  phone_number: string
  number_type: NumberType
  locality: string | null
  status: OrderStatus
  verification_group_id: string | null
  ordered_at: number
  external_order_id: string | null
  external_sub_order_id: string | null
  failure_reason: string | null
  group_name: string | null
  group_status: string | null
  group_locality: string | null
  group_type: NumberType | null
}

const groupOf = (row: OrderRow) =>
  row.verification_group_id === null
    ? null
    : { id: row.verification_group_id, name: row.group_name!, status: row.group_status!, locality: row.group_locality }

export const toOrder = (row: OrderRow): PhoneNumberOrder => {
  const group = groupOf(row)
  return {
    id: row.id,
    phone_number: row.phone_number,
    status: row.status,
    number_type: row.number_type,
    requirements_met: group === null ? row.number_type !== 'local' : group.status === 'approved',
    ordered_at: formatTime(row.ordered_at),
    verification_group: group && { id: group.id, name: group.name, locality: group.locality },
  }
}

export const toOrderDetail = (row: OrderRow): PhoneNumberOrderDetail => {
  const { verification_group: _summary, ...order } = toOrder(row)
  const group = groupOf(row)
  return {
    ...order,
    external_order_id: row.external_order_id,
    external_sub_order_id: row.external_sub_order_id,
    failure_reason: row.failure_reason,
    verification_group: group && { ...group, phone_number_type: row.group_type! },
  }
}
