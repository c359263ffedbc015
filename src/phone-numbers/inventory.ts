// The inventory of numbers that can be ordered (endpoints.md § 4, "Inventory"): the same fixed
// list for every workspace and every run, so tests can name numbers. A workspace's available
// numbers are this list minus the numbers it holds (pending orders and active numbers).
import type { NumberType } from '../../schemas/phone-numbers.js'
import { seededRandom } from '../random.js'

export interface InventoryNumber {
  phone_number: string
  number_type: NumberType
  locality: string | null
}

/** Dutch localities and their area codes (after +31). */
export const localities: Record<string, string> = {
  Amsterdam: '20',
  Rotterdam: '10',
  'Den Haag': '70',
  Utrecht: '30',
  Eindhoven: '40',
  Groningen: '50',
  Tilburg: '13',
  Almere: '36',
  Breda: '76',
  Nijmegen: '24',
  Haarlem: '23',
  Arnhem: '26',
  Zwolle: '38',
  Maastricht: '43',
  Leiden: '71',
}

/** `count` distinct numbers `prefix` + `digits` random digits, in ascending order. */
function block(prefix: string, digits: number, count: number, seed: number): string[] {
  const random = seededRandom(seed)
  const numbers = new Set<string>()
  // The first digit after the prefix is 2-9, as for real Dutch subscriber numbers.
  while (numbers.size < count) {
    const rest = Array.from({ length: digits - 1 }, () => Math.floor(random() * 10)).join('')
    numbers.add(`${prefix}${2 + Math.floor(random() * 8)}${rest}`)
  }
  return [...numbers].sort()
}

function build(): InventoryNumber[] {
  const of = (type: NumberType, locality: string | null) => (phone_number: string) => ({
    phone_number,
    number_type: type,
    locality,
  })
  return [
    ...block('+3185', 7, 200, 85).map(of('national', null)),
    ...block('+316', 8, 200, 6).map(of('mobile', null)),
    ...Object.entries(localities).flatMap(([city, code], i) =>
      block(`+31${code}`, 7, 50, 100 + i).map(of('local', city)),
    ),
  ]
}

let cache: { numbers: readonly InventoryNumber[]; byNumber: Map<string, InventoryNumber> } | undefined

/** The inventory, built on first use: a few milliseconds of start-up that most runs never need. */
const built = () => {
  if (!cache) {
    const numbers = build()
    cache = { numbers, byNumber: new Map(numbers.map((n) => [n.phone_number, n])) }
  }
  return cache
}

export const inventory = (): readonly InventoryNumber[] => built().numbers

export const inventoryNumber = (phoneNumber: string) => built().byNumber.get(phoneNumber)

/** The locality of a city name as a user may type it ("amsterdam", " Den Haag "), or undefined. */
export const localityOf = (city: string) => {
  const wanted = city.trim().toLowerCase()
  return Object.keys(localities).find((name) => name.toLowerCase() === wanted)
}
