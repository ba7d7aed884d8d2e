CREATE TABLE `content_api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `content_api_keys_secret_unique` ON `content_api_keys` (`secret`);--> statement-breakpoint
CREATE TABLE `images` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hash` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`data` blob NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `images_hash_unique` ON `images` (`hash`);--> statement-breakpoint
CREATE TABLE `oembed_cache` (
	`url` text PRIMARY KEY NOT NULL,
	`ok` integer NOT NULL,
	`data` text,
	`error` text,
	`fetched_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `post_autosaves` (
	`post_id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`body_markdown` text NOT NULL,
	`saved_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `search_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`op` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_outbox_due_idx` ON `search_outbox` (`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `slug_redirects` (
	`slug` text PRIMARY KEY NOT NULL,
	`post_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `tag_closure` (
	`ancestor_id` integer NOT NULL,
	`descendant_id` integer NOT NULL,
	`depth` integer NOT NULL,
	PRIMARY KEY(`ancestor_id`, `descendant_id`),
	FOREIGN KEY (`ancestor_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`descendant_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tag_closure_descendant_idx` ON `tag_closure` (`descendant_id`,`ancestor_id`);--> statement-breakpoint
DROP INDEX `posts_status_published_idx`;--> statement-breakpoint
ALTER TABLE `posts` ADD `uuid` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `featured` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `plaintext` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `custom_excerpt` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `cover_image` text;--> statement-breakpoint
ALTER TABLE `posts` ADD `reading_minutes` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `tag_bits` blob;--> statement-breakpoint
CREATE INDEX `posts_listing_idx` ON `posts` (`status`,`type`,`published_at`);--> statement-breakpoint
CREATE INDEX `posts_uuid_idx` ON `posts` (`uuid`);--> statement-breakpoint
ALTER TABLE `post_tags` ADD `sort_order` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tags` ADD `description` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tags` ADD `parent_id` integer REFERENCES tags(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `tags` ADD `bit` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `tags_bit_unique` ON `tags` (`bit`);--> statement-breakpoint
CREATE INDEX `tags_parent_idx` ON `tags` (`parent_id`);