// Numbered migrations, one file each: file N brings the schema to `PRAGMA user_version = N`.
// Append only: a new change is a new file, listed last here. Times are epoch milliseconds (INTEGER);
// JSON columns are TEXT checked with json_valid. Every resource row belongs to a workspace and goes
// with it (ON DELETE CASCADE), which is what makes a reset one DELETE.
import m1 from './0001-workspaces.js'
import m2 from './0002-numbers-and-verification.js'
import m3 from './0003-calls-and-webhooks.js'
import m4 from './0004-scheduled-calls.js'
import m5 from './0005-contact-totals-and-search.js'
import m6 from './0006-contact-rowids-grams-and-pages.js'

export const migrations: string[] = [m1, m2, m3, m4, m5, m6]
