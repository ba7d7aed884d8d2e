-- Hand-written: drizzle cannot express FTS5 virtual tables or triggers.
-- External-content FTS5 index over documents.content, kept in step by triggers.
CREATE VIRTUAL TABLE `documents_fts` USING fts5(
  content,
  content = 'documents',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `documents_fts_ai` AFTER INSERT ON `documents` BEGIN
  INSERT INTO documents_fts (rowid, content) VALUES (new.id, new.content);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_ad` AFTER DELETE ON `documents` BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_au` AFTER UPDATE OF content ON `documents` BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO documents_fts (rowid, content) VALUES (new.id, new.content);
END;
