// The data every server is benchmarked with: the same 100 contacts in flireo-mock, json-server and
// Mockoon (Prism answers from the schema), unique phone numbers for POSTs, and the large sets of
// the scale runs.
import { readFileSync } from 'node:fs'

const seedFile = new URL('../../seed/contacts.json', import.meta.url)

/** Jan de Vries, seeded in every flireo-mock workspace. */
export const knownContactId = 'd4e5f6a7-b8c9-4123-8ef0-1234567890ab'
/** Klantenservice, seeded and linked to the shared number. */
export const seededAssistantId = '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7'

const firstNames = ['Anna', 'Daan', 'Emma', 'Sem', 'Julia', 'Lucas', 'Sophie', 'Milan', 'Tess', 'Noah', 'Zoë', 'Finn']
const lastNames = [
  'de Jong',
  'Jansen',
  'de Vries',
  'van den Berg',
  'van Dijk',
  'Bakker',
  'Janssen',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
]

/** Contact i of a generated set, in the shape of a seed document's contacts. */
export function generatedContact(i) {
  const first = firstNames[i % firstNames.length]
  const last = lastNames[Math.floor(i / firstNames.length) % lastNames.length]
  return {
    contact_id: `0b0b0b0b-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    phone_number: `+316${40_000_000 + i}`,
    full_name: `${first} ${last}`,
    email: `${first}.${last.replaceAll(' ', '')}${i}@example.nl`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(),
  }
}

/** The 3 contacts of flireo-mock's seed and 97 generated ones. */
export function benchContacts() {
  const seeded = JSON.parse(readFileSync(seedFile, 'utf8')).contacts
  const extra = Array.from({ length: 97 }, (_, i) => generatedContact(i))
  return { seeded, extra }
}

/** The 100 contacts as flireo-mock answers them, for the data files of json-server and Mockoon. */
export function contactsAsServed() {
  const { seeded, extra } = benchContacts()
  return [...seeded, ...extra].map((contact) => ({
    contact_id: contact.contact_id,
    phone_number: contact.phone_number,
    full_name: contact.full_name ?? null,
    email: contact.email ?? null,
    address: contact.address ?? null,
    last_interaction_at: contact.last_interaction_at ?? null,
    last_interaction_summary: contact.last_interaction_summary ?? null,
    last_modified: '2026-01-15T10:30:00Z',
    logs: contact.logs ?? null,
  }))
}

/** A source of phone numbers never used before in this process: one per POST. */
let nextPhone = 50_000_000
export const uniquePhone = () => `+316${nextPhone++}`

/**
 * A search of 1 or 2 characters: the start of a generated name as a user begins to type it, a
 * letter or two from within one, or a digit pair (of the phone numbers and email addresses), and
 * one time in ten a pair few contacts or none hold.
 */
export function randomShortTerm(random) {
  const pick = (list) => list[Math.floor(random() * list.length)]
  const name = pick(random() < 0.5 ? firstNames : lastNames)
    .replaceAll(' ', '')
    .toLowerCase()
  const at = Math.floor(random() * (name.length - 1))
  const kinds = [
    () => name.slice(0, 1 + Math.floor(random() * 2)),
    () => name.slice(at, at + 1 + Math.floor(random() * 2)),
    () => String(Math.floor(random() * 100)).padStart(2, '0'),
    () => pick(['zq', 'qx', 'ëa', 'ij', 'y', 'w', '#', 'é']),
  ]
  return random() < 0.1 ? kinds[3]() : kinds[Math.floor(random() * 3)]()
}

/** Substrings of generated names, as a user types them into a search box. */
export function randomNameFragment(random) {
  const name = lastNames[Math.floor(random() * lastNames.length)].replaceAll(' ', '').toLowerCase()
  const length = 3 + Math.floor(random() * 3)
  const start = Math.floor(random() * Math.max(1, name.length - length + 1))
  return name.slice(start, start + length)
}
