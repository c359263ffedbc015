// Migration 6: what lets a list or search of a large workspace skip its other contacts
// (src/contacts/listing.ts uses and keeps each of these).
export default `
  -- 1. Each workspace's contacts get rowids of their own: (workspaces.rowid << 32) + n, so a rowid
  -- range is the workspace and the search index can be asked about one workspace alone. Through
  -- negative rowids first, which no contact has, so no new rowid meets an old one on the way.
  UPDATE contacts SET rowid = -rowid;
  UPDATE contacts SET rowid = renumbered.rowid_in_workspace
  FROM (
    SELECT contacts.rowid AS old_rowid,
      -- (DESC: the old order, negated)
      (workspaces.rowid << 32) + row_number() OVER (PARTITION BY workspace_id ORDER BY contacts.rowid DESC)
        AS rowid_in_workspace
    FROM contacts JOIN workspaces ON workspaces.id = contacts.workspace_id
  ) AS renumbered
  WHERE contacts.rowid = renumbered.old_rowid;

  -- 2. The search index holds search_text followed by two U+FFFF (the index reads them as U+FFFD,
  -- which no indexed term holds), so every character of search_text starts a trigram there, the
  -- last two included: a term of 1 or 2 characters is in search_text exactly when some trigram
  -- starting with it is in the index. contacts_search_terms lists those trigrams. ('rebuild' would
  -- index search_text as it is, without the two: the index is filled here and by listing.ts.)
  DROP TRIGGER contacts_removed;
  INSERT INTO contacts_search (contacts_search) VALUES ('delete-all');
  INSERT INTO contacts_search (rowid, search_text) SELECT rowid, search_text || char(0xffff, 0xffff) FROM contacts;
  CREATE VIRTUAL TABLE contacts_search_terms USING fts5vocab(contacts_search, 'row');

  -- 3. How many of a workspace's contacts hold each 1- and 2-character substring of search_text:
  -- the total of a short search, which the index cannot count quickly (it is the union of many
  -- trigrams). A gram is counted once per contact. Grams with a character outside the BMP or
  -- U+FFFD are not counted (search_text holds U+FFFD where a client sent a lone surrogate, and
  -- listing.ts reads the text in UTF-16): a term with one is counted by a scan.
  CREATE TABLE contact_grams (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    gram TEXT NOT NULL,
    contacts INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, gram)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO contact_grams
  WITH RECURSIVE positions (contact, workspace_id, text, at) AS (
    SELECT rowid, workspace_id, search_text, 1 FROM contacts
    UNION ALL SELECT contact, workspace_id, text, at + 1 FROM positions WHERE at < length(text)
  ),
  grams (contact, workspace_id, gram) AS (
    SELECT contact, workspace_id, substr(text, at, 1) FROM positions
    UNION SELECT contact, workspace_id, substr(text, at, 2) FROM positions WHERE at < length(text)
  )
  SELECT workspace_id, gram, count(*) FROM grams
  WHERE unicode(gram) NOT IN (0xfffd) AND unicode(gram) < 0x10000
    AND (length(gram) = 1 OR (unicode(substr(gram, 2)) NOT IN (0xfffd) AND unicode(substr(gram, 2)) < 0x10000))
  GROUP BY workspace_id, gram;

  -- 4. The list order (last_modified, id) cut into runs of a few hundred contacts, each named by its
  -- oldest key (the oldest run by Number.MIN_SAFE_INTEGER) and holding its count, so a page deep
  -- in the list is found by adding up counts instead of stepping over every contact before it.
  CREATE TABLE contact_pages (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    from_modified INTEGER NOT NULL,
    from_id TEXT NOT NULL,
    contacts INTEGER NOT NULL CHECK (contacts >= 0),
    PRIMARY KEY (workspace_id, from_modified, from_id)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO contact_pages
  SELECT workspace_id, iif(n = 0, -9007199254740991, last_modified), iif(n = 0, '', id), min(512, total - n)
  FROM (
    SELECT workspace_id, last_modified, id,
      row_number() OVER (PARTITION BY workspace_id ORDER BY last_modified, id) - 1 AS n,
      count(*) OVER (PARTITION BY workspace_id) AS total
    FROM contacts
  )
  WHERE n % 512 = 0;

  -- Deletes, which also cascade from a workspace, are followed here; listing.ts writes inserts and
  -- updates (migration 5 says why). contact_grams is kept by listing.ts for a deleted contact too,
  -- and goes with its workspace.
  CREATE TRIGGER contacts_removed AFTER DELETE ON contacts BEGIN
    UPDATE contact_totals SET contacts = contacts - 1 WHERE workspace_id = old.workspace_id;
    UPDATE contact_pages SET contacts = contacts - 1
    WHERE workspace_id = old.workspace_id AND (from_modified, from_id) = (
      SELECT from_modified, from_id FROM contact_pages
      WHERE workspace_id = old.workspace_id AND (from_modified, from_id) <= (old.last_modified, old.id)
      ORDER BY from_modified DESC, from_id DESC LIMIT 1
    );
    INSERT INTO contacts_search (contacts_search, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text || char(0xffff, 0xffff));
  END;
`
