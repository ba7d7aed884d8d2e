-- Hand-written: drizzle cannot express triggers.
-- indexes.document_count follows index_documents, so a document count (Scout's
-- document_count, and the search's "does this index hold every document?")
-- is one row read instead of a count over the links. Links go by INSERT and
-- DELETE only (also through ON DELETE CASCADE, which fires these triggers).
CREATE TRIGGER `index_documents_count_ai` AFTER INSERT ON `index_documents` BEGIN
  UPDATE indexes SET document_count = document_count + 1 WHERE id = new.index_id;
END;
--> statement-breakpoint
CREATE TRIGGER `index_documents_count_ad` AFTER DELETE ON `index_documents` BEGIN
  UPDATE indexes SET document_count = document_count - 1 WHERE id = old.index_id;
END;
--> statement-breakpoint
CREATE TRIGGER `index_documents_count_au` AFTER UPDATE OF index_id ON `index_documents` BEGIN
  UPDATE indexes SET document_count = document_count - 1 WHERE id = old.index_id;
  UPDATE indexes SET document_count = document_count + 1 WHERE id = new.index_id;
END;
--> statement-breakpoint
UPDATE indexes SET document_count = (SELECT count(*) FROM index_documents WHERE index_id = indexes.id);
