ALTER TABLE `indexes` ADD `links_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written: the triggers of 0008 also bump links_version, on the row they
-- already update (no extra write per link). The search caches which documents
-- an index holds (src/queries/term-scores.ts) until its links_version changes.
DROP TRIGGER `index_documents_count_ai`;
--> statement-breakpoint
DROP TRIGGER `index_documents_count_ad`;
--> statement-breakpoint
DROP TRIGGER `index_documents_count_au`;
--> statement-breakpoint
CREATE TRIGGER `index_documents_count_ai` AFTER INSERT ON `index_documents` BEGIN
  UPDATE indexes SET document_count = document_count + 1, links_version = links_version + 1 WHERE id = new.index_id;
END;
--> statement-breakpoint
CREATE TRIGGER `index_documents_count_ad` AFTER DELETE ON `index_documents` BEGIN
  UPDATE indexes SET document_count = document_count - 1, links_version = links_version + 1 WHERE id = old.index_id;
END;
--> statement-breakpoint
CREATE TRIGGER `index_documents_count_au` AFTER UPDATE OF index_id, document_id ON `index_documents` BEGIN
  UPDATE indexes SET document_count = document_count - 1, links_version = links_version + 1 WHERE id = old.index_id;
  UPDATE indexes SET document_count = document_count + 1, links_version = links_version + 1 WHERE id = new.index_id;
END;
