// One SQLite database per app instance: `:memory:` by default, a WAL file when a path is given.
import Database from 'better-sqlite3'
import { migrations } from './migrations/index.js'

/** The database of one app instance. */
export interface Db extends Database.Database {}

/**
 * `db.transaction(fn)` typed as the plain function it returns, so the domain factories that expose
 * transactions have types that declarations can name.
 */
export const transaction = <A extends unknown[], R>(db: Db, fn: (...args: A) => R): ((...args: A) => R) =>
  db.transaction(fn)

export function openDatabase(path: string): Db {
  const db: Db = new Database(path)
  if (path !== ':memory:') {
    db.pragma('journal_mode = WAL')
    // WAL with synchronous=NORMAL keeps every committed write across a process crash.
    db.pragma('synchronous = NORMAL')
    db.pragma('busy_timeout = 5000')
  }
  db.pragma('foreign_keys = ON')
  migrate(db)
  return db
}

/** Applies the migrations newer than `PRAGMA user_version`, each in its own transaction. */
export function migrate(db: Db) {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this flireo-mock (${migrations.length})`)
  }
  migrations.slice(current).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql)
      db.pragma(`user_version = ${current + index + 1}`)
    })()
  })
}

/** A value of the `meta` table (the recording secret, made once per database). */
export const metaValue = (db: Db, key: string) =>
  (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string }).value
