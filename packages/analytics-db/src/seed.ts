import { count } from "drizzle-orm";

import type { AnalyticsDatabase } from "./index";
import { events, sites } from "./schema";

const DAY = 86_400_000;
const PAGES = ["/", "/welcome-to-quire", "/one-writer-no-sqlite-busy", "/writing-in-markdown", "/tags"];
const REFERRERS = ["", "", "https://news.ycombinator.com/", "https://duckduckgo.com/", "https://mastodon.social/"];

/** Deterministic pseudo-random numbers, so the demo looks the same on every machine. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fill an empty analytics database with a demo site and 14 days of page views. */
export async function seedDemo(quire: AnalyticsDatabase, { domain = "localhost", now = Date.now() } = {}): Promise<boolean> {
  return quire.writer.run((db) => {
    if ((db.select({ n: count() }).from(sites).get()?.n ?? 0) > 0) return false;
    const site = db.insert(sites).values({ domain, name: "Quire blog (demo)" }).returning({ id: sites.id }).get();
    const random = mulberry32(42);
    for (let day = 13; day >= 0; day--) {
      const views = 20 + Math.floor(random() * 40) + (13 - day) * 2;
      for (let i = 0; i < views; i++) {
        db.insert(events)
          .values({
            siteId: site.id,
            ts: now - day * DAY - Math.floor(random() * DAY),
            path: PAGES[Math.floor(random() * random() * PAGES.length)]!,
            referrer: REFERRERS[Math.floor(random() * REFERRERS.length)]!,
            visitorId: `demo-${day}-${Math.floor(random() * views * 0.6)}`,
          })
          .run();
      }
    }
    return true;
  });
}
