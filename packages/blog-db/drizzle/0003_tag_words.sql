-- Hand-written: the bitmap strategy's fast path (see `pnpm bench:tags`). Four 64-bit words per
-- post (tags with bits 0–255), maintained in plain SQL by triggers on post_tags, so filters are
-- pure integer arithmetic (`(tag_w0 & ?) = ?`) with no function call per row. Tags beyond bit 255
-- are still in tag_bits (the BLOB, any size) and the filter falls back to many-to-many for them.
-- Not in schema.ts on purpose: values use all 64 bits, beyond JavaScript's safe integers, so
-- they are only ever compared in SQL and never read into the app.
ALTER TABLE `posts` ADD `tag_w0` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `posts` ADD `tag_w1` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `posts` ADD `tag_w2` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `posts` ADD `tag_w3` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE posts SET
  tag_w0 = coalesce((SELECT sum(1 << (t.bit & 63)) FROM post_tags AS pt JOIN tags AS t ON t.id = pt.tag_id WHERE pt.post_id = posts.id AND t.bit >> 6 = 0), 0),
  tag_w1 = coalesce((SELECT sum(1 << (t.bit & 63)) FROM post_tags AS pt JOIN tags AS t ON t.id = pt.tag_id WHERE pt.post_id = posts.id AND t.bit >> 6 = 1), 0),
  tag_w2 = coalesce((SELECT sum(1 << (t.bit & 63)) FROM post_tags AS pt JOIN tags AS t ON t.id = pt.tag_id WHERE pt.post_id = posts.id AND t.bit >> 6 = 2), 0),
  tag_w3 = coalesce((SELECT sum(1 << (t.bit & 63)) FROM post_tags AS pt JOIN tags AS t ON t.id = pt.tag_id WHERE pt.post_id = posts.id AND t.bit >> 6 = 3), 0);
--> statement-breakpoint
CREATE TRIGGER `post_tags_words_ai` AFTER INSERT ON `post_tags` BEGIN
  UPDATE posts SET
    tag_w0 = CASE WHEN t.bit >> 6 = 0 THEN tag_w0 | (1 << (t.bit & 63)) ELSE tag_w0 END,
    tag_w1 = CASE WHEN t.bit >> 6 = 1 THEN tag_w1 | (1 << (t.bit & 63)) ELSE tag_w1 END,
    tag_w2 = CASE WHEN t.bit >> 6 = 2 THEN tag_w2 | (1 << (t.bit & 63)) ELSE tag_w2 END,
    tag_w3 = CASE WHEN t.bit >> 6 = 3 THEN tag_w3 | (1 << (t.bit & 63)) ELSE tag_w3 END
  FROM tags AS t WHERE t.id = new.tag_id AND posts.id = new.post_id;
END;
--> statement-breakpoint
CREATE TRIGGER `post_tags_words_ad` AFTER DELETE ON `post_tags` BEGIN
  UPDATE posts SET
    tag_w0 = CASE WHEN t.bit >> 6 = 0 THEN tag_w0 & ~(1 << (t.bit & 63)) ELSE tag_w0 END,
    tag_w1 = CASE WHEN t.bit >> 6 = 1 THEN tag_w1 & ~(1 << (t.bit & 63)) ELSE tag_w1 END,
    tag_w2 = CASE WHEN t.bit >> 6 = 2 THEN tag_w2 & ~(1 << (t.bit & 63)) ELSE tag_w2 END,
    tag_w3 = CASE WHEN t.bit >> 6 = 3 THEN tag_w3 & ~(1 << (t.bit & 63)) ELSE tag_w3 END
  FROM tags AS t WHERE t.id = old.tag_id AND posts.id = old.post_id;
END;
--> statement-breakpoint
CREATE TRIGGER `post_tags_words_au` AFTER UPDATE OF post_id, tag_id ON `post_tags` BEGIN
  UPDATE posts SET
    tag_w0 = CASE WHEN t.bit >> 6 = 0 THEN tag_w0 & ~(1 << (t.bit & 63)) ELSE tag_w0 END,
    tag_w1 = CASE WHEN t.bit >> 6 = 1 THEN tag_w1 & ~(1 << (t.bit & 63)) ELSE tag_w1 END,
    tag_w2 = CASE WHEN t.bit >> 6 = 2 THEN tag_w2 & ~(1 << (t.bit & 63)) ELSE tag_w2 END,
    tag_w3 = CASE WHEN t.bit >> 6 = 3 THEN tag_w3 & ~(1 << (t.bit & 63)) ELSE tag_w3 END
  FROM tags AS t WHERE t.id = old.tag_id AND posts.id = old.post_id;
  UPDATE posts SET
    tag_w0 = CASE WHEN t.bit >> 6 = 0 THEN tag_w0 | (1 << (t.bit & 63)) ELSE tag_w0 END,
    tag_w1 = CASE WHEN t.bit >> 6 = 1 THEN tag_w1 | (1 << (t.bit & 63)) ELSE tag_w1 END,
    tag_w2 = CASE WHEN t.bit >> 6 = 2 THEN tag_w2 | (1 << (t.bit & 63)) ELSE tag_w2 END,
    tag_w3 = CASE WHEN t.bit >> 6 = 3 THEN tag_w3 | (1 << (t.bit & 63)) ELSE tag_w3 END
  FROM tags AS t WHERE t.id = new.tag_id AND posts.id = new.post_id;
END;
