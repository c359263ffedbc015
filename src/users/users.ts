// The workspace's user profile and its credit balance (endpoints.md § 7, README § Credits).
import type { Static } from 'typebox'
import type { SeedUser } from '../../schemas/seed.js'
import type { Usage, UserProfile } from '../../schemas/user.js'
import type { Db } from '../db/open.js'
import { formatTime } from '../time.js'
import type { Workspace } from '../workspaces/workspaces.js'

interface ProfileRow {
  id: string
  email: string
  full_name: string
  company_name: string
  created_at: number
  credits: number
  credits_updated_at: number
}

export const defaultProfile = {
  email: 'developer@example.com',
  full_name: 'Ontwikkelaar',
  company_name: 'Voorbeeld BV',
  credits: 100,
}

export interface UsersDeps {
  db: Db
  now: (workspace: Workspace) => number
  newId: () => string
}

export function createUsers({ db, now, newId }: UsersDeps) {
  const insert = db.prepare(
    `INSERT INTO user_profiles (workspace_id, id, email, full_name, company_name, created_at, credits, credits_updated_at)
     VALUES (@workspace_id, @id, @email, @full_name, @company_name, @created_at, @credits, @created_at)`,
  )
  const update = db.prepare(
    `UPDATE user_profiles SET email = @email, full_name = @full_name, company_name = @company_name,
       credits = @credits, credits_updated_at = CASE WHEN credits = @credits THEN credits_updated_at ELSE @now END
     WHERE workspace_id = @workspace_id`,
  )
  const select = db.prepare<[string], ProfileRow>('SELECT * FROM user_profiles WHERE workspace_id = ?')
  const setCreditsStmt = db.prepare(
    'UPDATE user_profiles SET credits = ?, credits_updated_at = ? WHERE workspace_id = ?',
  )
  const addCredits = db.prepare(
    `UPDATE user_profiles SET credits = credits + @amount, credits_updated_at = @now
     WHERE workspace_id = @workspace AND credits + @amount >= 0`,
  )
  const counts = db.prepare<{ workspace: string; month: number }, Usage>(
    `SELECT (SELECT count(*) FROM assistants WHERE workspace_id = @workspace) AS assistants,
            (SELECT count(*) FROM contacts WHERE workspace_id = @workspace) AS contacts,
            (SELECT count(*) FROM phone_numbers
              WHERE workspace_id = @workspace AND origin = 'custom' AND status = 'active') AS phone_numbers,
            (SELECT count(*) FROM calls WHERE workspace_id = @workspace) AS calls_total,
            (SELECT count(*) FROM calls WHERE workspace_id = @workspace AND created_at >= @month) AS calls_this_month,
            (SELECT round(coalesce(sum(duration_seconds), 0) / 60.0, 2) FROM calls
              WHERE workspace_id = @workspace AND created_at >= @month) AS minutes_this_month,
            (SELECT count(*) FROM calls
              WHERE workspace_id = @workspace AND status IN ('queued', 'ringing', 'in-progress')) AS active_calls,
            (SELECT count(*) FROM scheduled_calls
              WHERE workspace_id = @workspace AND status = 'scheduled') AS scheduled_calls_pending`,
  )

  const row = (workspace: Workspace) => select.get(workspace.id)!

  const profile = (workspace: Workspace): UserProfile => {
    const r = row(workspace)
    return {
      id: r.id,
      email: r.email,
      full_name: r.full_name,
      company_name: r.company_name,
      created_at: formatTime(r.created_at),
      credits: { credits: r.credits, currency: 'credits', updated_at: formatTime(r.credits_updated_at) },
    }
  }

  return {
    /** Creates the profile of a new workspace, or overlays a seed's user on an existing one. */
    seed(workspace: Workspace, user: Static<typeof SeedUser> = {}) {
      const existing = select.get(workspace.id)
      const values = { ...defaultProfile, ...existing, ...user, workspace_id: workspace.id, now: now(workspace) }
      if (existing) update.run(values)
      else insert.run({ ...values, id: newId(), created_at: now(workspace) })
    },

    profile,

    /** The profile with live counts of what the workspace holds. */
    extended(workspace: Workspace): UserProfile & { usage: Usage } {
      const today = new Date(now(workspace))
      const month = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)
      return { ...profile(workspace), usage: counts.get({ workspace: workspace.id, month })! }
    },

    legacy(workspace: Workspace) {
      const r = row(workspace)
      return { id: r.id, email: r.email, company_name: r.company_name, credits: r.credits }
    },

    credits: (workspace: Workspace) => row(workspace).credits,

    setCredits(workspace: Workspace, credits: number) {
      setCreditsStmt.run(credits, now(workspace), workspace.id)
    },

    /** Takes up to `amount` credits, as far as the balance goes; returns what it took. */
    chargeUpTo(workspace: Workspace, amount: number) {
      const taken = Math.min(amount, row(workspace).credits)
      if (taken > 0) addCredits.run({ workspace: workspace.id, amount: -taken, now: now(workspace) })
      return taken
    },

    /** Takes `amount` credits if the balance has them; false (and nothing taken) if not. */
    charge: (workspace: Workspace, amount: number) =>
      addCredits.run({ workspace: workspace.id, amount: -amount, now: now(workspace) }).changes === 1,

    refund(workspace: Workspace, amount: number) {
      addCredits.run({ workspace: workspace.id, amount, now: now(workspace) })
    },
  }
}

export type Users = ReturnType<typeof createUsers>
