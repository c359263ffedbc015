// Numbered migrations: entry N brings the schema to `PRAGMA user_version = N`. Append only.
// Times are epoch milliseconds (INTEGER); JSON columns are TEXT checked with json_valid.
// Every resource row belongs to a workspace and goes with it (ON DELETE CASCADE), which is what
// makes a reset one DELETE.
export const migrations: string[] = [
  /* 1: workspaces, their clocks, user profiles, contacts, assistants, timers */ `
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
  `,

  /* 2: phone numbers, number orders, verification groups and their documents */ `
  CREATE TABLE verification_groups (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    phone_number_type TEXT NOT NULL CHECK (phone_number_type IN ('local', 'mobile', 'national')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'deleted')),
    business_name TEXT NOT NULL,
    contact_person_first_name TEXT NOT NULL,
    contact_person_last_name TEXT NOT NULL,
    contact_person_phone TEXT NOT NULL,
    street_name TEXT NOT NULL,
    house_number TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    province TEXT NOT NULL,
    description TEXT,
    created_at INTEGER NOT NULL,
    submitted_at INTEGER,
    rejection_reason TEXT,
    PRIMARY KEY (workspace_id, id)
  ) STRICT;
  CREATE INDEX verification_groups_by_created ON verification_groups (workspace_id, created_at DESC, id DESC);

  CREATE TABLE verification_documents (
    workspace_id TEXT NOT NULL,
    id TEXT NOT NULL,
    group_id TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, group_id) REFERENCES verification_groups (workspace_id, id) ON DELETE CASCADE
  ) STRICT;
  CREATE INDEX verification_documents_by_group ON verification_documents (workspace_id, group_id, created_at);

  CREATE TABLE phone_number_orders (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    number_type TEXT NOT NULL,
    locality TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'success', 'failed')),
    verification_group_id TEXT,
    ordered_at INTEGER NOT NULL,
    completed_at INTEGER,
    external_order_id TEXT,
    external_sub_order_id TEXT,
    failure_reason TEXT,
    PRIMARY KEY (workspace_id, id)
  ) STRICT;
  CREATE INDEX phone_number_orders_by_ordered ON phone_number_orders (workspace_id, ordered_at DESC, id DESC);
  -- a number can be on order only once at a time
  CREATE UNIQUE INDEX phone_number_orders_pending ON phone_number_orders (workspace_id, phone_number)
    WHERE status = 'pending';

  CREATE TABLE phone_numbers (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    number_type TEXT NOT NULL,
    locality TEXT,
    -- custom: ordered by this workspace; default: the shared default number
    origin TEXT NOT NULL CHECK (origin IN ('custom', 'default')),
    status TEXT NOT NULL CHECK (status IN ('active', 'deleted')),
    assistant_id TEXT,
    order_id TEXT,
    verification_group_id TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, id)
  ) STRICT;
  CREATE INDEX phone_numbers_by_created ON phone_numbers (workspace_id, created_at DESC, id DESC);
  CREATE UNIQUE INDEX phone_numbers_active ON phone_numbers (workspace_id, phone_number) WHERE status = 'active';
  -- one number per assistant
  CREATE UNIQUE INDEX phone_numbers_per_assistant ON phone_numbers (workspace_id, assistant_id)
    WHERE assistant_id IS NOT NULL;
  `,

  /* 3: calls, webhook deliveries, the knowledge-base index, instance secrets */ `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  -- signs recording URLs; kept in the database so links survive a restart
  INSERT INTO meta (key, value) VALUES ('recording_secret', lower(hex(randomblob(16))));

  CREATE TABLE calls (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    assistant_id TEXT,
    direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    from_number TEXT NOT NULL,
    to_number TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'ringing', 'in-progress', 'ended', 'ended-with-debugging')),
    ended_reason TEXT,
    debugging_artifact TEXT,
    messages TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(messages)),
    summary TEXT,
    recording_url TEXT,
    duration_seconds REAL,
    analysis TEXT CHECK (analysis IS NULL OR json_valid(analysis)),
    contact_id TEXT,
    scheduled_call_id TEXT,
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    credits_used INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    ended_at INTEGER,
    -- how this call runs: its script, tools, messages and mode, fixed when it starts
    plan TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(plan)),
    PRIMARY KEY (workspace_id, id)
  ) STRICT;
  CREATE INDEX calls_by_created ON calls (workspace_id, created_at DESC, id DESC);
  CREATE INDEX calls_by_id ON calls (id);
  CREATE INDEX calls_by_contact ON calls (workspace_id, contact_id, created_at DESC);
  CREATE INDEX calls_active ON calls (workspace_id, status) WHERE status IN ('queued', 'ringing', 'in-progress');

  -- one row per event and target URL; attempts below
  CREATE TABLE webhook_deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    call_id TEXT,
    event TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    -- the assistant's own server_url answers assistant-request and tool-calls; copies do not count
    answers INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL CHECK (state IN ('queued', 'retrying', 'delivered', 'failed')),
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX webhook_deliveries_open ON webhook_deliveries (workspace_id, call_id, url, seq)
    WHERE state IN ('queued', 'retrying');

  CREATE TABLE webhook_attempts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    delivery_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at INTEGER NOT NULL,
    request_headers TEXT NOT NULL CHECK (json_valid(request_headers)),
    response_status INTEGER,
    response_headers TEXT CHECK (response_headers IS NULL OR json_valid(response_headers)),
    response_body TEXT,
    duration_ms REAL NOT NULL,
    error TEXT,
    ok INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX webhook_attempts_by_workspace ON webhook_attempts (workspace_id, seq DESC);
  CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id);

  -- the knowledge base: every assistant's FAQs, kept in step with assistants.faqs by triggers
  CREATE VIRTUAL TABLE faq_index USING fts5(
    question, answer, workspace_id UNINDEXED, assistant_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER assistants_faqs_added AFTER INSERT ON assistants BEGIN
    INSERT INTO faq_index (question, answer, workspace_id, assistant_id)
    SELECT json_extract(value, '$.question'), json_extract(value, '$.answer'), new.workspace_id, new.id
    FROM json_each(new.faqs);
  END;
  CREATE TRIGGER assistants_faqs_changed AFTER UPDATE OF faqs ON assistants BEGIN
    DELETE FROM faq_index WHERE workspace_id = old.workspace_id AND assistant_id = old.id;
    INSERT INTO faq_index (question, answer, workspace_id, assistant_id)
    SELECT json_extract(value, '$.question'), json_extract(value, '$.answer'), new.workspace_id, new.id
    FROM json_each(new.faqs);
  END;
  CREATE TRIGGER assistants_faqs_removed AFTER DELETE ON assistants BEGIN
    DELETE FROM faq_index WHERE workspace_id = old.workspace_id AND assistant_id = old.id;
  END;
  `,

  /* 4: scheduled calls */ `
  CREATE TABLE scheduled_calls (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    assistant_id TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    contact_id TEXT,
    scheduled_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'in-progress', 'completed', 'failed', 'cancelled')),
    call_id TEXT,
    failure_reason TEXT,
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, id)
  ) STRICT;
  CREATE INDEX scheduled_calls_by_time ON scheduled_calls (workspace_id, scheduled_at, id);
  CREATE INDEX scheduled_calls_by_assistant ON scheduled_calls (workspace_id, assistant_id, status);
  `,

  /* 5: contact totals and a substring index over contacts.search_text */ `
  -- the number of contacts of each workspace, so an unfiltered list need not count them
  CREATE TABLE contact_totals (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
    contacts INTEGER NOT NULL CHECK (contacts >= 0)
  ) STRICT;
  INSERT INTO contact_totals SELECT workspace_id, count(*) FROM contacts GROUP BY workspace_id;

  -- every 3-character substring of search_text (already lower-cased, so the case is kept as is),
  -- read from contacts by rowid; VACUUM would renumber those, the mock never runs it
  CREATE VIRTUAL TABLE contacts_search USING fts5(
    search_text, content = 'contacts', content_rowid = 'rowid', tokenize = 'trigram case_sensitive 1'
  );
  INSERT INTO contacts_search (contacts_search) VALUES ('rebuild');

  -- Deletes, which also cascade from a workspace, are followed here; src/contacts/listing.ts writes
  -- inserts and updates. A trigger on those gives every contact write a savepoint, and FTS5 writes
  -- out its pending changes at each savepoint: seeding 100,000 contacts took 15 s instead of 2.
  CREATE TRIGGER contacts_removed AFTER DELETE ON contacts BEGIN
    UPDATE contact_totals SET contacts = contacts - 1 WHERE workspace_id = old.workspace_id;
    INSERT INTO contacts_search (contacts_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
  END;
  `,
]
