// Migration 4: scheduled calls.
export default `
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
`
