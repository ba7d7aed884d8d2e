import { createHash, randomBytes } from "node:crypto";

import { DAY, perDatabase, schema } from "@quire/analytics-db";
import type { AnalyticsDatabase } from "@quire/analytics-db";
import { eq, lt } from "drizzle-orm";

const { salts } = schema;

/**
 * Days whose salt is kept. A visitor's hash uses the salt of the site's local
 * day (so a "visitor" is a visitor-day in the site's own time zone), and the
 * previous day's salt continues a visit across midnight. Across time zones
 * that is today ± 1 in UTC, plus one day back: anything older is deleted, so
 * yesterday's hashes can no longer be recomputed from an IP and a User-Agent.
 */
const KEEP_DAYS_BACK = 2;

type SaltCache = Map<number, Buffer>;

function cache(quire: AnalyticsDatabase): SaltCache {
  return perDatabase("salts", quire, () => new Map<number, Buffer>());
}

/**
 * The salt of a day, created (random, 32 bytes) on first use. Old salts are
 * deleted in the same writer unit, so no more than a few days ever exist.
 */
export async function saltFor(quire: AnalyticsDatabase, day: number, now = Date.now()): Promise<Buffer> {
  const c = cache(quire);
  const known = c.get(day);
  if (known) return known;
  const oldest = Math.floor(now / DAY) - KEEP_DAYS_BACK;
  const salt = await quire.writer.run((db) => {
    db.delete(salts).where(lt(salts.day, oldest)).run();
    db.insert(salts).values({ day, salt: randomBytes(32) }).onConflictDoNothing().run();
    return db.select().from(salts).where(eq(salts.day, day)).get()!.salt;
  });
  for (const d of c.keys()) if (d < oldest) c.delete(d);
  c.set(day, salt);
  return salt;
}

/** The salt of a day if this process already has it (the hot path: no promise). */
export function cachedSalt(quire: AnalyticsDatabase, day: number): Buffer | undefined {
  return cache(quire).get(day);
}

/** Delete salts older than the kept window (the daily maintenance also calls this). */
export async function pruneSalts(quire: AnalyticsDatabase, now = Date.now()): Promise<number> {
  const oldest = Math.floor(now / DAY) - KEEP_DAYS_BACK;
  const c = cache(quire);
  for (const d of c.keys()) if (d < oldest) c.delete(d);
  return quire.writer.run((db) => db.delete(salts).where(lt(salts.day, oldest)).run().changes);
}

/**
 * A visitor's id for one day: 53 bits of SHA-256(salt, site, IP, User-Agent).
 * Nothing of the IP or the User-Agent is stored, and once the salt is gone
 * the hash cannot be tied back to them.
 */
export function visitorHash(salt: Buffer, siteId: number, ip: string, userAgent: string): number {
  const digest = createHash("sha256").update(salt).update(`${siteId}\u0000${ip}\u0000${userAgent}`).digest();
  return Number(digest.readBigUInt64BE() >> 11n);
}
