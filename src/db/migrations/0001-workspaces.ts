// Migration 1: workspaces, their clocks, user profiles, contacts, assistants, timers.
export default `
  CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    api_key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    clock_mode TEXT NOT NULL CHECK (clock_mode IN ('real', 'manual')),
    clock_speed REAL NOT NULL DEFAULT 1,
    -- the clock reads anchor_virtual + (wall - anchor_wall) * speed in real mode, anchor_virtual in manual
    clock_anchor_virtual INTEGER NOT NULL,
    clock_anchor_wall INTEGER NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings))
  ) STRICT;

  CREATE TABLE user_profiles (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    email TEXT NOT NULL,
    full_name TEXT NOT NULL,
    company_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    credits INTEGER NOT NULL CHECK (credits >= 0),
    credits_updated_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE contacts (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    full_name TEXT,
    email TEXT,
    address TEXT,
    last_interaction_at INTEGER,
    last_interaction_summary TEXT,
    logs TEXT CHECK (logs IS NULL OR json_valid(logs)),
    last_modified INTEGER NOT NULL,
    -- full_name, email and phone_number lower-cased, for a case-insensitive substring search
    search_text TEXT NOT NULL,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, phone_number)
  ) STRICT;
  CREATE INDEX contacts_by_last_modified ON contacts (workspace_id, last_modified DESC, id DESC);

  CREATE TABLE assistants (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('default', 'external')),
    first_message TEXT,
    system_prompt TEXT,
    end_call_message TEXT,
    voicemail_message TEXT,
    language TEXT NOT NULL,
    voice TEXT CHECK (voice IS NULL OR json_valid(voice)),
    model TEXT CHECK (model IS NULL OR json_valid(model)),
    max_duration_seconds INTEGER NOT NULL,
    server_url TEXT,
    tools TEXT NOT NULL CHECK (json_valid(tools)),
    faqs TEXT NOT NULL CHECK (json_valid(faqs)),
    -- the name lower-cased, for a case-insensitive substring search
    search_text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, id)
  ) STRICT;
  CREATE INDEX assistants_by_created ON assistants (workspace_id, created_at DESC, id DESC);

  -- everything that happens later (orders, reviews, call turns, scheduled calls, retries)
  CREATE TABLE timers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    due_at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    -- what the timer is about (a call, an order), so its timers can be cancelled together
    subject TEXT
  ) STRICT;
  CREATE INDEX timers_due ON timers (workspace_id, due_at, id);
  CREATE INDEX timers_subject ON timers (workspace_id, subject) WHERE subject IS NOT NULL;
`
