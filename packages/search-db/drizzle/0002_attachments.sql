CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`filename` text NOT NULL,
	`mimetype` text NOT NULL,
	`hash` text NOT NULL,
	`timestamp` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`hash`) REFERENCES `blobs`(`hash`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attachments_document_filename_unique` ON `attachments` (`document_id`,`filename`);--> statement-breakpoint
CREATE INDEX `attachments_hash_idx` ON `attachments` (`hash`);--> statement-breakpoint
CREATE INDEX `attachments_filename_idx` ON `attachments` (`filename`);--> statement-breakpoint
CREATE INDEX `attachments_mimetype_idx` ON `attachments` (`mimetype`);--> statement-breakpoint
CREATE TABLE `blobs` (
	`hash` text PRIMARY KEY NOT NULL,
	`data` blob NOT NULL,
	`size` integer NOT NULL
);
