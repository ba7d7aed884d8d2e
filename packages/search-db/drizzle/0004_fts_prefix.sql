-- Hand-written: drizzle cannot express FTS5 virtual tables or triggers.
-- Rebuild documents_fts with prefix indexes for 2- and 3-character prefixes
-- (as Scout does): search-as-you-type sends a prefix query on every keystroke.
DROP TRIGGER `documents_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `documents_fts_ad`;
--> statement-breakpoint
DROP TRIGGER `documents_fts_au`;
--> statement-breakpoint
DROP TABLE `documents_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `documents_fts` USING fts5(
  content,
  content = 'documents',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '2 3'
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
--> statement-breakpoint
-- Index the documents that already exist.
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
