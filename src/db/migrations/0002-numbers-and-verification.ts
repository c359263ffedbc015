// Migration 2: phone numbers, number orders, verification groups and their documents.
export default `
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
`
