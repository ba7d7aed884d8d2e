CREATE TABLE `index_fields` (
	`index_id` integer NOT NULL,
	`key` text NOT NULL,
	`type` text NOT NULL,
	PRIMARY KEY(`index_id`, `key`),
	FOREIGN KEY (`index_id`) REFERENCES `indexes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `metadata` ADD `type` text DEFAULT 'string' NOT NULL;--> statement-breakpoint
ALTER TABLE `metadata` ADD `num` real;--> statement-breakpoint
CREATE INDEX `metadata_key_num_idx` ON `metadata` (`key`,`num`);