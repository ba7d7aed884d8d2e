import { count, eq } from "drizzle-orm";

import { generateHits } from "./generate";
import type { AnalyticsDatabase } from "./index";
import { recordHits } from "./ingest";
import { events, sites } from "./schema";
import { DAY } from "./time";

/** The demo blog's real URLs (its posts live under /posts/), so its "popular posts" have data. */
const PAGES = [
  "/",
  "/posts/welcome-to-quire",
  "/posts/one-writer-no-sqlite-busy",
  "/tags",
  "/posts/writing-in-markdown",
  "/about",
  "/search",
];

/**
 * Fill an empty analytics database with a demo site and 14 days of traffic,
 * generated (deterministically) and stored through the same recorder as live
 * events, so visits and rollups are real. "Empty" = no events and no site
 * other than the demo one.
 */
export async function seedDemo(
  quire: AnalyticsDatabase,
  { domain = "localhost", now = Date.now(), events: total = 1500 } = {},
): Promise<boolean> {
  const siteId = await quire.writer.run((db) => {
    if ((db.select({ n: count() }).from(events).get()?.n ?? 0) > 0) return null;
    const others = db.select({ id: sites.id, domain: sites.domain }).from(sites).all();
    if (others.some((s) => s.domain !== domain)) return null;
    const existing = others.find((s) => s.domain === domain);
    if (existing) return existing.id;
    return db.insert(sites).values({ domain, name: "Quire blog (demo)" }).returning({ id: sites.id }).get().id;
  });
  if (siteId === null) return false;
  const site = quire.db.select().from(sites).where(eq(sites.id, siteId)).get()!;
  const today = Math.floor(now / DAY) * DAY;
  for (const batch of generateHits({
    siteId,
    timezone: site.timezone,
    from: today - 13 * DAY,
    to: now,
    events: total,
    pages: PAGES,
    seed: 42,
  })) {
    await recordHits(quire, batch);
  }
  return true;
}
