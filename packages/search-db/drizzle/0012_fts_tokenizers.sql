-- Hand-written: drizzle cannot express FTS5 virtual tables or triggers.
-- Per-index tokenizers (indexes.settings.tokenizer). FTS5 fixes the tokenizer
-- per table, so there is one table per tokenizer, not per index: documents_fts
-- (porter over unicode61, the default, always complete: searches over several
-- indexes or all documents use it), documents_fts_unicode61 (no stemming) and
-- documents_fts_trigram (substrings). A document may belong to several indexes
-- with different tokenizers, and one table per index would index it once per
-- index; one per tokenizer indexes it at most once per tokenizer.
--
-- The two extra tables hold every document while some index uses their
-- tokenizer, and nothing otherwise (so they cost nothing until used): the
-- triggers on documents write them only while an index uses the tokenizer, and
-- the triggers on indexes fill one ('rebuild') when the first index switches to
-- its tokenizer and empty it ('delete-all') when the last one leaves it or is
-- deleted. All of it happens in the transaction that changes the settings, so
-- the tables are always exactly in step with the documents. Table names are
-- spelled out: FTS5 table names cannot be bound parameters.
CREATE VIRTUAL TABLE `documents_fts_unicode61` USING fts5(
  title,
  content,
  content = 'documents',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2'
);
--> statement-breakpoint
CREATE TRIGGER `documents_fts_unicode61_ai` AFTER INSERT ON `documents` WHEN EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'unicode61') BEGIN
  INSERT INTO documents_fts_unicode61 (rowid, title, content) VALUES (new.id, new.title, new.content);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_unicode61_ad` AFTER DELETE ON `documents` WHEN EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'unicode61') BEGIN
  INSERT INTO documents_fts_unicode61 (documents_fts_unicode61, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_unicode61_au` AFTER UPDATE OF title, content ON `documents` WHEN EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'unicode61') BEGIN
  INSERT INTO documents_fts_unicode61 (documents_fts_unicode61, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
  INSERT INTO documents_fts_unicode61 (rowid, title, content) VALUES (new.id, new.title, new.content);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_unicode61_on` AFTER UPDATE OF settings ON `indexes`
WHEN new.settings ->> 'tokenizer' = 'unicode61' AND old.settings ->> 'tokenizer' IS NOT 'unicode61' AND NOT EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'unicode61' AND id <> new.id) BEGIN
  INSERT INTO documents_fts_unicode61 (documents_fts_unicode61) VALUES ('rebuild');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_unicode61_on_insert` AFTER INSERT ON `indexes`
WHEN new.settings ->> 'tokenizer' = 'unicode61' AND NOT EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'unicode61' AND id <> new.id) BEGIN
  INSERT INTO documents_fts_unicode61 (documents_fts_unicode61) VALUES ('rebuild');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_unicode61_off` AFTER UPDATE OF settings ON `indexes`
WHEN old.settings ->> 'tokenizer' = 'unicode61' AND new.settings ->> 'tokenizer' IS NOT 'unicode61' AND NOT EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'unicode61' AND id <> new.id) BEGIN
  INSERT INTO documents_fts_unicode61 (documents_fts_unicode61) VALUES ('delete-all');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_unicode61_off_delete` AFTER DELETE ON `indexes`
WHEN old.settings ->> 'tokenizer' = 'unicode61' AND NOT EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'unicode61' AND id <> old.id) BEGIN
  INSERT INTO documents_fts_unicode61 (documents_fts_unicode61) VALUES ('delete-all');
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `documents_fts_unicode61_vocab` USING fts5vocab(documents_fts_unicode61, row);
--> statement-breakpoint
CREATE VIRTUAL TABLE `documents_fts_trigram` USING fts5(
  title,
  content,
  content = 'documents',
  content_rowid = 'id',
  tokenize = 'trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER `documents_fts_trigram_ai` AFTER INSERT ON `documents` WHEN EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'trigram') BEGIN
  INSERT INTO documents_fts_trigram (rowid, title, content) VALUES (new.id, new.title, new.content);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_trigram_ad` AFTER DELETE ON `documents` WHEN EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'trigram') BEGIN
  INSERT INTO documents_fts_trigram (documents_fts_trigram, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_trigram_au` AFTER UPDATE OF title, content ON `documents` WHEN EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'trigram') BEGIN
  INSERT INTO documents_fts_trigram (documents_fts_trigram, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
  INSERT INTO documents_fts_trigram (rowid, title, content) VALUES (new.id, new.title, new.content);
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_trigram_on` AFTER UPDATE OF settings ON `indexes`
WHEN new.settings ->> 'tokenizer' = 'trigram' AND old.settings ->> 'tokenizer' IS NOT 'trigram' AND NOT EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'trigram' AND id <> new.id) BEGIN
  INSERT INTO documents_fts_trigram (documents_fts_trigram) VALUES ('rebuild');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_trigram_on_insert` AFTER INSERT ON `indexes`
WHEN new.settings ->> 'tokenizer' = 'trigram' AND NOT EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'trigram' AND id <> new.id) BEGIN
  INSERT INTO documents_fts_trigram (documents_fts_trigram) VALUES ('rebuild');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_trigram_off` AFTER UPDATE OF settings ON `indexes`
WHEN old.settings ->> 'tokenizer' = 'trigram' AND new.settings ->> 'tokenizer' IS NOT 'trigram' AND NOT EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'trigram' AND id <> new.id) BEGIN
  INSERT INTO documents_fts_trigram (documents_fts_trigram) VALUES ('delete-all');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_fts_trigram_off_delete` AFTER DELETE ON `indexes`
WHEN old.settings ->> 'tokenizer' = 'trigram' AND NOT EXISTS (SELECT 1 FROM indexes WHERE settings ->> 'tokenizer' = 'trigram' AND id <> old.id) BEGIN
  INSERT INTO documents_fts_trigram (documents_fts_trigram) VALUES ('delete-all');
END;
