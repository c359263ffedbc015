// API key → workspace. A workspace is created, with its clock and seeded data, on the first request
// that uses its key; every resource row hangs off it, so deleting it wipes everything it owns.
import type { ClockMode, MockSettings } from '../../schemas/mock.js'
import { transaction, type Db } from '../db/open.js'
import type { ClockState, WallClock } from './clock.js'

export interface Workspace {
  id: string
  apiKey: string
  clock: ClockState
  settings: MockSettings
}

interface WorkspaceRow {
  id: string
  api_key: string
  clock_mode: ClockMode
  clock_speed: number
  clock_anchor_virtual: number
  clock_anchor_wall: number
  settings: string
}

const fromRow = (row: WorkspaceRow, defaults: MockSettings): Workspace => ({
  id: row.id,
  apiKey: row.api_key,
  clock: {
    mode: row.clock_mode,
    speed: row.clock_speed,
    anchorVirtual: row.clock_anchor_virtual,
    anchorWall: row.clock_anchor_wall,
  },
  settings: { ...defaults, ...JSON.parse(row.settings) },
})

export interface WorkspaceOptions {
  db: Db
  wall: WallClock
  newId: () => string
  clockMode: ClockMode
  /** The settings of a workspace that has changed none. */
  settings: MockSettings
  /** Fills a new (or reset) workspace; runs inside the creating transaction. */
  populate: (workspace: Workspace) => void
}

export function createWorkspaces({ db, wall, newId, clockMode, settings, populate }: WorkspaceOptions) {
  // Workspaces are read on every request: keep them in memory, the database stays the truth.
  const cache = new Map<string, Workspace>()
  const idToKey = new Map<string, string>()
  const byKey = db.prepare<[string], WorkspaceRow>('SELECT * FROM workspaces WHERE api_key = ?')
  const keyById = db.prepare<[string], { api_key: string }>('SELECT api_key FROM workspaces WHERE id = ?')
  const saveSettings = db.prepare('UPDATE workspaces SET settings = ? WHERE id = ?')
  const insert = db.prepare(
    `INSERT INTO workspaces (id, api_key, created_at, clock_mode, clock_anchor_virtual, clock_anchor_wall)
     VALUES (?, ?, ?, ?, ?, ?)`,
  )
  const remove = db.prepare('DELETE FROM workspaces WHERE id = ?')
  const removeAll = db.prepare('DELETE FROM workspaces')

  const create = transaction(db, (apiKey: string, id: string): Workspace => {
    const now = wall()
    insert.run(id, apiKey, now, clockMode, now, now)
    const workspace = fromRow(byKey.get(apiKey)!, settings)
    populate(workspace)
    return workspace
  })

  const resolve = (apiKey: string): Workspace => {
    let workspace = cache.get(apiKey)
    if (!workspace) {
      const row = byKey.get(apiKey)
      workspace = row ? fromRow(row, settings) : create(apiKey, newId())
      cache.set(apiKey, workspace)
      idToKey.set(workspace.id, apiKey)
    }
    return workspace
  }

  return {
    resolve,

    /** The workspace with this id, if it still exists. */
    byId(id: string): Workspace | undefined {
      const key = idToKey.get(id) ?? keyById.get(id)?.api_key
      return key === undefined ? undefined : resolve(key)
    },

    /** Stores the changed settings only, so the others keep following the command line. */
    updateSettings(workspace: Workspace, changes: Partial<MockSettings>) {
      const row = byKey.get(workspace.apiKey)!
      const changed = { ...JSON.parse(row.settings), ...changes }
      saveSettings.run(JSON.stringify(changed), workspace.id)
      workspace.settings = { ...settings, ...changed }
    },

    /** Wipes the workspace and fills it again; it keeps its key and id, the clock starts afresh. */
    reset: transaction(db, (workspace: Workspace): Workspace => {
      remove.run(workspace.id)
      const fresh = create(workspace.apiKey, workspace.id)
      cache.set(workspace.apiKey, fresh)
      return fresh
    }),

    /** Wipes every workspace; the caller's is created again at once, the others on their next use. */
    resetAll: transaction(db, (caller: Workspace): Workspace => {
      removeAll.run()
      cache.clear()
      idToKey.clear()
      return resolve(caller.apiKey)
    }),
  }
}

export type Workspaces = ReturnType<typeof createWorkspaces>
