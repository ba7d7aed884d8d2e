import type { Migration } from "@quire/db";

/**
 * `PRAGMA application_id` of a diary file ("QDia"): tells a diary from any
 * other database that happens to open with the same passphrase.
 */
export const DIARY_APPLICATION_ID = 0x51446961;

/**
 * The diary's schema, applied in order by `@quire/db`'s `migrate()`. Plain SQL
 * rather than drizzle: the FTS5 table and its triggers can't be expressed in
 * drizzle anyway, and the rest is three small tables.
 */
export const migrations: Migration[] = [
  {
    tag: "0000_entries",
    sql: `
      PRAGMA application_id = ${DIARY_APPLICATION_ID};
      -- Timestamps are milliseconds since the epoch (UTC); shown in local time.
      CREATE TABLE entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX entries_created_at ON entries (created_at DESC, id DESC);
      CREATE TABLE entry_tags (
        entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (entry_id, tag)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX entry_tags_tag ON entry_tags (tag, entry_id);
    `,
  },
  {
    tag: "0001_entries_fts",
    sql: `
      -- External-content FTS5 index over title and body, inside the same
      -- encrypted file, kept in step by triggers.
      CREATE VIRTUAL TABLE entries_fts USING fts5(
        title,
        body,
        content = 'entries',
        content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER entries_fts_ai AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
      END;
      CREATE TRIGGER entries_fts_ad AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
      END;
      CREATE TRIGGER entries_fts_au AFTER UPDATE OF title, body ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO entries_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
      END;
    `,
  },
];
