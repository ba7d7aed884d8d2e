-- Hand-written: drizzle cannot declare WITHOUT ROWID tables. The rollups are
-- kept in step at ingest (src/ingest/recorder.ts) with additive deltas, so the
-- dashboard reads them instead of the raw events. A clustered primary key
-- (WITHOUT ROWID) stores each row once, in the order the queries scan it.

-- Totals per UTC hour (hourly charts). `visitors` counts visitor-hours.
CREATE TABLE `rollup_hourly` (
	`site_id` integer NOT NULL,
	`hour` integer NOT NULL,
	`visitors` integer NOT NULL DEFAULT 0,
	`visits` integer NOT NULL DEFAULT 0,
	`pageviews` integer NOT NULL DEFAULT 0,
	`events` integer NOT NULL DEFAULT 0,
	`bounces` integer NOT NULL DEFAULT 0,
	`duration` integer NOT NULL DEFAULT 0,
	PRIMARY KEY (`site_id`, `hour`)
) WITHOUT ROWID, STRICT;
--> statement-breakpoint
-- Per site-local day and dimension value (dim 0 = the site's totals, value 0).
-- `dim` codes and what each metric means per dim: src/dims.ts.
CREATE TABLE `rollup_daily` (
	`site_id` integer NOT NULL,
	`dim` integer NOT NULL,
	`day` integer NOT NULL,
	`value` integer NOT NULL,
	`visitors` integer NOT NULL DEFAULT 0,
	`visits` integer NOT NULL DEFAULT 0,
	`pageviews` integer NOT NULL DEFAULT 0,
	`events` integer NOT NULL DEFAULT 0,
	`bounces` integer NOT NULL DEFAULT 0,
	`duration` integer NOT NULL DEFAULT 0,
	PRIMARY KEY (`site_id`, `dim`, `day`, `value`)
) WITHOUT ROWID, STRICT;
--> statement-breakpoint
-- Custom event properties per day: (event name, key, value) ids from `strings`.
CREATE TABLE `rollup_props` (
	`site_id` integer NOT NULL,
	`name` integer NOT NULL,
	`key` integer NOT NULL,
	`day` integer NOT NULL,
	`value` integer NOT NULL,
	`visitors` integer NOT NULL DEFAULT 0,
	`events` integer NOT NULL DEFAULT 0,
	PRIMARY KEY (`site_id`, `name`, `key`, `day`, `value`)
) WITHOUT ROWID, STRICT;
