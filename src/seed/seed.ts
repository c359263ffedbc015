// Seed documents: read from a file or a directory of files (merged in name order), checked against
// SeedDocument, and applied to a new or reset workspace.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Check, Errors } from 'typebox/value'
import { SeedDocument } from '../../schemas/seed.js'

export type { SeedDocument }
import type { Assistants } from '../assistants/assistants.js'
import type { Contacts } from '../contacts/contacts.js'
import type { Numbers } from '../phone-numbers/numbers.js'
import type { Users } from '../users/users.js'
import type { Workspace } from '../workspaces/workspaces.js'

/** The first problem with a seed document, or null when it is valid. */
export function seedProblem(document: unknown): { field: string; reason: string } | null {
  // Every start checks the seed: Check is several times faster than Errors, which only a bad seed needs.
  if (Check(SeedDocument, document)) return null
  const [error] = Errors(SeedDocument, document)
  return error ? { field: error.instancePath || '/', reason: error.message } : null
}

function readSeedFile(path: string): SeedDocument {
  let document: unknown
  try {
    document = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`seed ${path}: ${(error as Error).message}`)
  }
  const problem = seedProblem(document)
  if (problem) throw new Error(`seed ${path}: ${problem.field} ${problem.reason}`)
  return document as SeedDocument
}

export function mergeSeeds(documents: SeedDocument[]): SeedDocument {
  return documents.reduce<SeedDocument>(
    (merged, doc) => ({
      user: doc.user || merged.user ? { ...merged.user, ...doc.user } : undefined,
      assistants: [...(merged.assistants ?? []), ...(doc.assistants ?? [])],
      shared_numbers: [...(merged.shared_numbers ?? []), ...(doc.shared_numbers ?? [])],
      contacts: [...(merged.contacts ?? []), ...(doc.contacts ?? [])],
    }),
    {},
  )
}

/** Loads the seed at `path` (a JSON file, or a directory of them); `null` means no seed. */
export function loadSeed(path: string | null): SeedDocument {
  if (path === null) return {}
  if (!statSync(path, { throwIfNoEntry: false })) throw new Error(`seed ${path}: no such file or directory`)
  if (!statSync(path).isDirectory()) return readSeedFile(path)
  const files = readdirSync(path)
    .filter((name) => name.endsWith('.json'))
    .sort()
  return mergeSeeds(files.map((name) => readSeedFile(join(path, name))))
}

export interface Seeder {
  users: Users
  assistants: Assistants
  contacts: Contacts
  numbers: Numbers
  now: (workspace: Workspace) => number
}

/** Applies a seed on top of what the workspace holds; runs inside the caller's transaction. */
export function applySeed(seeder: Seeder, workspace: Workspace, seed: SeedDocument) {
  const { users, assistants, contacts, numbers, now } = seeder
  users.seed(workspace, seed.user)
  for (const assistant of seed.assistants ?? []) assistants.create(workspace, assistant)
  for (const shared of seed.shared_numbers ?? []) {
    if (numbers.row(workspace, shared.id)) continue
    numbers.add(workspace, {
      id: shared.id,
      phone_number: shared.phone_number,
      number_type: shared.number_type,
      locality: shared.locality ?? null,
      origin: 'default',
      order_id: null,
      verification_group_id: null,
      created_at: now(workspace),
    })
    if (shared.assistant_id) numbers.link(workspace, shared.id, assistants.get(workspace, shared.assistant_id).id)
  }
  contacts.createAll(workspace, seed.contacts ?? [])
}
