-- Hand-written: drizzle cannot express triggers.
--
-- 1. Nested tags: tag_closure holds every (ancestor, descendant, depth) pair, including (tag, tag, 0).
--    Triggers keep it exact on insert and on a move (UPDATE OF parent_id), inside the statement's
--    own transaction, and refuse a move that would make a cycle.
-- 2. Bitmap tagging: every tag owns a bit (the smallest free one); posts.tag_bits has the bits of
--    the post's tags, kept in step with post_tags (the source of truth). bitset_* are SQL functions
--    registered by openBlogDatabase (src/extensions/bitset.ts).

-- Backfill for existing rows.
UPDATE posts SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
WHERE uuid IS NULL;
--> statement-breakpoint
UPDATE tags SET bit = (SELECT count(*) FROM tags AS t WHERE t.id < tags.id) WHERE bit IS NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO tag_closure (ancestor_id, descendant_id, depth) SELECT id, id, 0 FROM tags;
--> statement-breakpoint
UPDATE posts SET tag_bits = (
  SELECT bitset_agg(t.bit) FROM post_tags AS pt JOIN tags AS t ON t.id = pt.tag_id WHERE pt.post_id = posts.id
);
--> statement-breakpoint
CREATE TRIGGER `tags_closure_ai` AFTER INSERT ON `tags` BEGIN
  INSERT INTO tag_closure (ancestor_id, descendant_id, depth) VALUES (new.id, new.id, 0);
  INSERT INTO tag_closure (ancestor_id, descendant_id, depth)
    SELECT ancestor_id, new.id, depth + 1 FROM tag_closure WHERE descendant_id = new.parent_id;
END;
--> statement-breakpoint
CREATE TRIGGER `tags_closure_cycle` BEFORE UPDATE OF parent_id ON `tags`
WHEN new.parent_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM tag_closure WHERE ancestor_id = new.id AND descendant_id = new.parent_id)
BEGIN
  SELECT RAISE(ABORT, 'a tag cannot be moved under itself or one of its descendants');
END;
--> statement-breakpoint
CREATE TRIGGER `tags_closure_move` AFTER UPDATE OF parent_id ON `tags`
WHEN new.parent_id IS NOT old.parent_id BEGIN
  -- Cut the subtree (new.id and its descendants) off from its old ancestors…
  DELETE FROM tag_closure
  WHERE descendant_id IN (SELECT descendant_id FROM tag_closure WHERE ancestor_id = new.id)
    AND ancestor_id NOT IN (SELECT descendant_id FROM tag_closure WHERE ancestor_id = new.id);
  -- …and hang it under every ancestor of the new parent.
  INSERT INTO tag_closure (ancestor_id, descendant_id, depth)
    SELECT a.ancestor_id, d.descendant_id, a.depth + d.depth + 1
    FROM tag_closure AS a JOIN tag_closure AS d
    WHERE a.descendant_id = new.parent_id AND d.ancestor_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `tags_bit_ai` AFTER INSERT ON `tags` WHEN new.bit IS NULL BEGIN
  UPDATE tags SET bit = (
    SELECT CASE
      WHEN NOT EXISTS (SELECT 1 FROM tags WHERE bit = 0) THEN 0
      ELSE (SELECT min(t.bit) + 1 FROM tags AS t
            WHERE t.bit IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tags AS u WHERE u.bit = t.bit + 1))
    END
  ) WHERE id = new.id;
END;
--> statement-breakpoint
-- Before the tag row goes (and its bit with it), clear its bit from its posts; the cascade would
-- run after the row is gone, when the bit can no longer be looked up.
CREATE TRIGGER `tags_bits_bd` BEFORE DELETE ON `tags` BEGIN
  DELETE FROM post_tags WHERE tag_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `post_tags_bits_ai` AFTER INSERT ON `post_tags` BEGIN
  UPDATE posts SET tag_bits = bitset_set(tag_bits, (SELECT bit FROM tags WHERE id = new.tag_id))
  WHERE id = new.post_id;
END;
--> statement-breakpoint
CREATE TRIGGER `post_tags_bits_ad` AFTER DELETE ON `post_tags` BEGIN
  UPDATE posts SET tag_bits = bitset_clear(tag_bits, (SELECT bit FROM tags WHERE id = old.tag_id))
  WHERE id = old.post_id;
END;
--> statement-breakpoint
CREATE TRIGGER `post_tags_bits_au` AFTER UPDATE OF post_id, tag_id ON `post_tags` BEGIN
  UPDATE posts SET tag_bits = bitset_clear(tag_bits, (SELECT bit FROM tags WHERE id = old.tag_id))
  WHERE id = old.post_id;
  UPDATE posts SET tag_bits = bitset_set(tag_bits, (SELECT bit FROM tags WHERE id = new.tag_id))
  WHERE id = new.post_id;
END;
