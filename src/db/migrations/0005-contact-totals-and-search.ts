// Migration 5: contact totals and a substring index over contacts.search_text.
export default `
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
`
