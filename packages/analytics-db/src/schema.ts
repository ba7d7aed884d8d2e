import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Sites, by domain. `share_token` set = the public share link is on.
 * `retention_days` 0 keeps raw events forever; rollups are always kept.
 */
export const sites = sqliteTable("sites", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  domain: text("domain").notNull().unique(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull().default("UTC"),
  retentionDays: integer("retention_days").notNull().default(0),
  shareToken: text("share_token").unique(),
  /** Path patterns (`/admin/**`, `/preview/*`) whose events are dropped at ingest. */
  excludedPaths: text("excluded_paths", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});

/** A goal: a page path pattern (`/signup`, `/blog/**`) or a custom event name. */
export const goals = sqliteTable(
  "goals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: integer("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["page", "event"] }).notNull(),
    value: text("value").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex("goals_site_kind_value_unique").on(t.siteId, t.kind, t.value)],
);

export interface FunnelStep {
  kind: "page" | "event";
  value: string;
}

/** An ordered list of steps (pages or events) completed within one visit. */
export const funnels = sqliteTable("funnels", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  siteId: integer("site_id")
    .notNull()
    .references(() => sites.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  steps: text("steps", { mode: "json" }).$type<FunnelStep[]>().notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});

/**
 * Every text value (paths, referrers, browsers, event names, property keys
 * and values…) stored once; visits, events and rollups hold its integer id.
 * Id 0 is never used: 0 means "none".
 */
export const strings = sqliteTable("strings", {
  id: integer("id").primaryKey(),
  value: text("value").notNull().unique(),
});

/**
 * One row per visit (session): ends after 30 minutes without events. The
 * visit's dimensions are fixed at its first event; `exit_page`, `ended_at`
 * and the counters move with each event. Columns named like dimensions hold
 * `strings` ids (0 = none).
 */
export const visits = sqliteTable(
  "visits",
  {
    id: integer("id").primaryKey(),
    siteId: integer("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    /** Hash of (daily salt, site, IP, User-Agent), 53 bits: rotates daily, cannot be reversed once the salt is gone. */
    visitor: integer("visitor").notNull(),
    startedAt: integer("started_at").notNull(),
    endedAt: integer("ended_at").notNull(),
    /** The site-local day the visit started (days since 1970-01-01): the day its visit metrics belong to. */
    day: integer("day").notNull(),
    /** Pageviews plus interactive custom events: 1 means a bounce. */
    interactions: integer("interactions").notNull().default(0),
    pageviews: integer("pageviews").notNull().default(0),
    events: integer("events").notNull().default(0),
    entryPage: integer("entry_page").notNull().default(0),
    exitPage: integer("exit_page").notNull().default(0),
    hostname: integer("hostname").notNull().default(0),
    source: integer("source").notNull().default(0),
    referrer: integer("referrer").notNull().default(0),
    channel: integer("channel").notNull().default(0),
    utmSource: integer("utm_source").notNull().default(0),
    utmMedium: integer("utm_medium").notNull().default(0),
    utmCampaign: integer("utm_campaign").notNull().default(0),
    utmContent: integer("utm_content").notNull().default(0),
    utmTerm: integer("utm_term").notNull().default(0),
    browser: integer("browser").notNull().default(0),
    browserVersion: integer("browser_version").notNull().default(0),
    os: integer("os").notNull().default(0),
    osVersion: integer("os_version").notNull().default(0),
    device: integer("device").notNull().default(0),
    screen: integer("screen").notNull().default(0),
    language: integer("language").notNull().default(0),
    country: integer("country").notNull().default(0),
  },
  (t) => [index("visits_site_started_idx").on(t.siteId, t.startedAt)],
);

/**
 * Raw events: pageviews (`name` 0) and custom events. Never an IP, a cookie
 * or raw headers. `flags`: see EVENT_FLAGS. Kept per the site's retention.
 */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey(),
    siteId: integer("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    visitId: integer("visit_id").notNull(),
    /** Milliseconds since the epoch, UTC (server time of arrival). */
    ts: integer("ts").notNull(),
    /** `strings` id of the custom event name; 0 for a pageview. */
    name: integer("name").notNull().default(0),
    path: integer("path").notNull(),
    /** Custom properties as a JSON object of strings, NULL when none. */
    props: text("props"),
    flags: integer("flags").notNull().default(0),
  },
  (t) => [index("events_site_ts_idx").on(t.siteId, t.ts)],
);

/** Daily rotating salts, kept only for the days still in use (Plausible's scheme). */
export const salts = sqliteTable("salts", {
  day: integer("day").primaryKey(),
  salt: blob("salt", { mode: "buffer" }).notNull(),
});

/** Events not stored, counted by reason (site 0: unknown domain). */
export const drops = sqliteTable(
  "drops",
  {
    siteId: integer("site_id").notNull(),
    day: integer("day").notNull(),
    reason: text("reason").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day, t.reason] })],
);

/**
 * Stats API keys made in the dashboard. Only a SHA-256 of the key is kept
 * (keys are 32 random bytes: a slow hash adds nothing); `prefix` is what the
 * list shows so a person can tell keys apart. Revoking deletes the row.
 */
export const apiKeys = sqliteTable("api_keys", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  hash: text("hash").notNull().unique(),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
});
