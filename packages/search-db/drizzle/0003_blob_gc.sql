-- Hand-written: drizzle cannot express triggers.
-- Attachment bytes are content-addressed (blobs.hash) and shared between
-- attachments; these triggers delete a blob as soon as no attachment refers to
-- it, whichever way the attachment went (detach, replace, document delete via
-- ON DELETE CASCADE), so no code path can leave an orphan behind.
CREATE TRIGGER `attachments_blob_gc_ad` AFTER DELETE ON `attachments` BEGIN
  DELETE FROM blobs WHERE hash = old.hash AND NOT EXISTS (SELECT 1 FROM attachments WHERE hash = old.hash);
END;
--> statement-breakpoint
CREATE TRIGGER `attachments_blob_gc_au` AFTER UPDATE OF hash ON `attachments` WHEN old.hash <> new.hash BEGIN
  DELETE FROM blobs WHERE hash = old.hash AND NOT EXISTS (SELECT 1 FROM attachments WHERE hash = old.hash);
END;
