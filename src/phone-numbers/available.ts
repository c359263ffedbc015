// What a workspace may order: the inventory minus the numbers it holds or has on order.
import type { AvailablePhoneNumber, NumberType } from '../../schemas/phone-numbers.js'
import { inventory, type InventoryNumber } from './inventory.js'

export const numberCost = { monthly: '2.00', currency: 'EUR', credits: 10 }

export const toAvailable = (number: InventoryNumber): AvailablePhoneNumber => ({
  phone_number: number.phone_number,
  number_type: number.number_type,
  locality: number.locality,
  features: number.number_type === 'mobile' ? ['voice', 'sms'] : ['voice'],
  cost: { ...numberCost },
  reservable: true,
})

export interface AvailableFilter {
  number_type: NumberType
  /** Only numbers of this locality (local numbers). */
  locality?: string
  /** Digits that must occur in the number. */
  query?: string
  limit: number
}

/** A page of the numbers not in `taken`, and how many match in all. */
export function findAvailable(taken: Set<string>, { number_type, locality, query, limit }: AvailableFilter) {
  const digits = query?.replace(/^\+/, '')
  const matches = inventory().filter(
    (n) =>
      n.number_type === number_type &&
      (locality === undefined || n.locality === locality) &&
      (digits === undefined || n.phone_number.slice(1).includes(digits)) &&
      !taken.has(n.phone_number),
  )
  return { data: matches.slice(0, limit).map(toAvailable), total: matches.length }
}
