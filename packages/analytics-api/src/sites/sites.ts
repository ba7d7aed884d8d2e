import { randomBytes } from "node:crypto";

import { forgetPerDatabase, isValidTimeZone, perDatabase, schema } from "@quire/analytics-db";
import type { AnalyticsDatabase, Site } from "@quire/analytics-db";
import { TRPCError } from "@quire/trpc";
import { eq } from "drizzle-orm";

import { markStringsDirty } from "../strings";
import { patternToRegExp } from "./patterns";

const { sites } = schema;

/** A site as ingestion sees it: settings parsed once. */
export interface SiteInfo extends Site {
  excluded: RegExp[];
}

interface SiteCache {
  byDomain: Map<string, SiteInfo>;
  byId: Map<number, SiteInfo>;
}

/** Sites are read on every event: keep them in memory, reloaded after any change made through these functions. */
function cache(quire: AnalyticsDatabase): SiteCache {
  return perDatabase("sites", quire, () => {
    const c: SiteCache = { byDomain: new Map(), byId: new Map() };
    for (const row of quire.db.select().from(sites).all()) {
      const info: SiteInfo = { ...row, excluded: row.excludedPaths.map(patternToRegExp) };
      c.byDomain.set(row.domain, info);
      c.byId.set(row.id, info);
    }
    return c;
  });
}

/** Forget the cached sites (after a change). */
export function invalidateSites(quire: AnalyticsDatabase): void {
  forgetPerDatabase("sites", quire);
}

/**
 * A domain as sites are keyed: lowercase host, no scheme, port, path or
 * leading `www.`. Returns '' when it is not a plausible host name.
 *
 * @example
 * normalizeDomain("https://www.Example.com/blog") // "example.com"
 */
export function normalizeDomain(input: string): string {
  let host = input.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  host = host.split(/[/?#]/)[0] ?? "";
  host = host.replace(/:\d+$/, "").replace(/\.$/, "").replace(/^www\./, "");
  if (host.length === 0 || host.length > 253) return "";
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host)) return "";
  return host;
}

/** A site by id (number or digits) or by domain; undefined when unknown. */
export function findSite(quire: AnalyticsDatabase, ref: string | number): SiteInfo | undefined {
  const c = cache(quire);
  if (typeof ref === "number") return c.byId.get(ref);
  const exact = c.byDomain.get(ref);
  if (exact) return exact;
  const text = ref.trim();
  if (/^\d{1,12}$/.test(text)) return c.byId.get(Number(text));
  return c.byDomain.get(normalizeDomain(text)) ?? c.byDomain.get(text.toLowerCase());
}

export function getSite(quire: AnalyticsDatabase, id: number): SiteInfo {
  const site = findSite(quire, id);
  if (!site) throw new TRPCError({ code: "NOT_FOUND", message: `No site ${id}` });
  return site;
}

export function getSiteByShareToken(quire: AnalyticsDatabase, token: string): SiteInfo | undefined {
  if (!token) return undefined;
  for (const site of cache(quire).byId.values()) if (site.shareToken === token) return site;
  return undefined;
}

export function listSiteRows(quire: AnalyticsDatabase): SiteInfo[] {
  return [...cache(quire).byId.values()].sort((a, b) => a.domain.localeCompare(b.domain));
}

export interface CreateSiteData {
  domain: string;
  name?: string;
  timezone?: string;
}

function checkTimezone(tz: string) {
  if (!isValidTimeZone(tz)) throw new TRPCError({ code: "BAD_REQUEST", message: `Unknown time zone: ${tz}` });
}

/** Create a site; CONFLICT when the domain exists. */
export async function createSite(quire: AnalyticsDatabase, data: CreateSiteData): Promise<SiteInfo> {
  const domain = normalizeDomain(data.domain);
  if (!domain) throw new TRPCError({ code: "BAD_REQUEST", message: `Not a domain: ${data.domain}` });
  const timezone = data.timezone ?? "UTC";
  checkTimezone(timezone);
  const id = await quire.writer.run((db) => {
    if (db.select({ id: sites.id }).from(sites).where(eq(sites.domain, domain)).get()) return null;
    return db.insert(sites).values({ domain, name: data.name?.trim() || domain, timezone }).returning({ id: sites.id }).get().id;
  });
  invalidateSites(quire);
  if (id === null) throw new TRPCError({ code: "CONFLICT", message: `${domain} already exists` });
  return getSite(quire, id);
}

/** Create the sites that do not exist yet (`ANALYTICS_SITES` at start); returns the domains created. */
export async function ensureSites(quire: AnalyticsDatabase, domains: string[]): Promise<string[]> {
  const wanted = [...new Set(domains.map(normalizeDomain).filter(Boolean))];
  const created = await quire.writer.run((db) => {
    const out: string[] = [];
    for (const domain of wanted) {
      if (db.select({ id: sites.id }).from(sites).where(eq(sites.domain, domain)).get()) continue;
      db.insert(sites).values({ domain, name: domain }).run();
      out.push(domain);
    }
    return out;
  });
  if (created.length > 0) invalidateSites(quire);
  return created;
}

export interface UpdateSiteData {
  domain?: string;
  name?: string;
  timezone?: string;
  retentionDays?: number;
  excludedPaths?: string[];
  /** Turn the public share link on (a new token when it was off) or off. */
  publicShare?: boolean;
}

export async function updateSite(quire: AnalyticsDatabase, id: number, data: UpdateSiteData): Promise<SiteInfo> {
  const current = getSite(quire, id);
  const set: Partial<typeof sites.$inferInsert> = {};
  if (data.domain !== undefined) {
    const domain = normalizeDomain(data.domain);
    if (!domain) throw new TRPCError({ code: "BAD_REQUEST", message: `Not a domain: ${data.domain}` });
    set.domain = domain;
  }
  if (data.name !== undefined) set.name = data.name.trim() || current.domain;
  if (data.timezone !== undefined) {
    checkTimezone(data.timezone);
    set.timezone = data.timezone;
  }
  if (data.retentionDays !== undefined) set.retentionDays = Math.max(0, Math.floor(data.retentionDays));
  if (data.excludedPaths !== undefined) {
    set.excludedPaths = [...new Set(data.excludedPaths.map((p) => p.trim()).filter(Boolean))];
  }
  if (data.publicShare !== undefined) {
    set.shareToken = data.publicShare ? (current.shareToken ?? randomBytes(18).toString("base64url")) : null;
  }
  const ok = await quire.writer.run((db) => {
    if (set.domain && set.domain !== current.domain) {
      const taken = db.select({ id: sites.id }).from(sites).where(eq(sites.domain, set.domain)).get();
      if (taken) return false;
    }
    if (Object.keys(set).length > 0) db.update(sites).set(set).where(eq(sites.id, id)).run();
    return true;
  });
  invalidateSites(quire);
  if (!ok) throw new TRPCError({ code: "CONFLICT", message: `${set.domain} already exists` });
  return getSite(quire, id);
}

const DELETE_CHUNK = 20_000;

/**
 * Delete a site with all its data. Raw rows go in chunks (one writer unit
 * each), so ingestion for other sites keeps flowing meanwhile.
 */
export async function deleteSite(quire: AnalyticsDatabase, id: number): Promise<void> {
  getSite(quire, id);
  for (const table of ["events", "visits"]) {
    for (;;) {
      // Raw SQL: drizzle has no DELETE … LIMIT; rowid chunks keep each unit short.
      const deleted = await quire.writer.run(
        () =>
          quire.sqlite
            .prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE site_id = ? LIMIT ?)`)
            .run(id, DELETE_CHUNK).changes,
      );
      if (deleted < DELETE_CHUNK) break;
    }
  }
  await quire.writer.run((db) => {
    for (const table of ["rollup_daily", "rollup_hourly", "rollup_props", "drops"]) {
      quire.sqlite.prepare(`DELETE FROM ${table} WHERE site_id = ?`).run(id);
    }
    db.delete(sites).where(eq(sites.id, id)).run();
  });
  invalidateSites(quire);
  // Its strings are collected by the next maintenance run, not here: the scan may take seconds.
  markStringsDirty(quire);
}
