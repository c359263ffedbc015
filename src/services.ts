// The domain of one app instance, wired together: one database, one set of clocks and timers, one
// repository per resource. Built by buildApp, handed to routes as `app.services`.
import { randomUUID } from 'node:crypto'
import type { Config } from './config.js'
import { createAssistants } from './assistants/assistants.js'
import { systemWallClock, type WallClock } from './clock/clock.js'
import { createClocks } from './clock/clocks.js'
import { createContacts } from './contacts/contacts.js'
import { openDatabase } from './db/open.js'
import { applySeed, loadSeed } from './seed/seed.js'
import { createTimers } from './timers/timers.js'
import { createUsers } from './users/users.js'
import { createWorkspaces, type Workspace } from './workspaces/workspaces.js'

/** What tests may replace to make time and ids exact. */
export interface Injected {
  wall?: WallClock
  newId?: () => string
}

export function createServices(config: Config, { wall = systemWallClock, newId = randomUUID }: Injected = {}) {
  const seed = loadSeed(config.seed)
  const db = openDatabase(config.db)
  const timers = createTimers(db)
  const clocks = createClocks(db, wall, timers)
  const deps = { db, now: clocks.now, newId }
  const users = createUsers(deps)
  const contacts = createContacts(deps)
  const assistants = createAssistants(deps)
  const seeder = { users, contacts, assistants }
  const workspaces = createWorkspaces({
    db,
    wall,
    newId,
    clockMode: config.clock,
    populate: (workspace: Workspace) => applySeed(seeder, workspace, seed),
  })

  return {
    config,
    db,
    timers,
    clocks,
    workspaces,
    users,
    contacts,
    assistants,
    /** Loads a further seed document into a workspace (POST /_mock/seed). */
    seed: db.transaction((workspace: Workspace, document: Parameters<typeof applySeed>[2]) =>
      applySeed(seeder, workspace, document),
    ),
    close: () => db.close(),
  }
}

export type Services = ReturnType<typeof createServices>
