// Migration 3: calls, webhook deliveries, the knowledge-base index, instance secrets.
export default `
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
`
