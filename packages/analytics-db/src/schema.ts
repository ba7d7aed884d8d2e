import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const sites = sqliteTable("sites", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  domain: text("domain").notNull().unique(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull().default("UTC"),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});

/** Raw events: page views and custom events. Never an IP, a cookie or raw headers. */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: integer("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    /** Milliseconds since the epoch, UTC. */
    ts: integer("ts").notNull(),
    name: text("name").notNull().default("pageview"),
    path: text("path").notNull(),
    referrer: text("referrer").notNull().default(""),
    /** Hash of (daily salt, site, IP, UA): rotates daily, cannot be reversed. */
    visitorId: text("visitor_id").notNull(),
  },
  (t) => [index("events_site_ts_idx").on(t.siteId, t.ts)],
);
