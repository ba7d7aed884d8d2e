import { localDay } from "@quire/analytics-db";
import type { AnalyticsDatabase, Hit, RecordResult } from "@quire/analytics-db";

import { findSite } from "../sites/sites";
import type { SiteInfo } from "../sites/sites";
import { botReason, normalizeLanguage, parseAgent, screenClass } from "./client";
import type { ClientInfo } from "./client";
import { countryOfIp } from "./geo";
import { ingestQueue } from "./queue";
import { cachedSalt, saltFor, visitorHash } from "./salts";
import { resolveSource } from "./source";

/** A tracking request in protocol-neutral form (Plausible, Umami, the pixel and our tracker all map to it). */
export interface CollectInput {
  /** Site ids or domains (Plausible's `d` may name several, comma-separated). */
  sites: string[];
  kind: "pageview" | "event" | "engagement";
  name?: string;
  /** Absolute URL, or a path (then `hostname` or the site's domain completes it). */
  url: string;
  hostname?: string;
  referrer?: string | null;
  props?: Record<string, string>;
  interactive?: boolean;
  /** Hash-based routing: the URL's #fragment is part of the page. */
  hashMode?: boolean;
  /** Viewport or screen width in CSS pixels. */
  screenWidth?: number;
  language?: string;
}

export type CollectOutcome = { recorded: true } | { recorded: false; reason: string };

/** A request that breaks the protocol itself: answered with 400 and this message. */
export class CollectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CollectError";
  }
}

export const LIMITS = {
  bodyBytes: 64 * 1024,
  nameLength: 120,
  urlLength: 2000,
  props: 30,
  propKeyLength: 300,
  propValueLength: 2000,
} as const;

function pagePath(url: URL, hashMode: boolean): string {
  let path = url.pathname || "/";
  try {
    path = decodeURI(path);
  } catch {
    // keep it encoded when it is not valid UTF-8
  }
  if (hashMode && url.hash.length > 1) path += url.hash;
  return path.slice(0, LIMITS.urlLength);
}

function parsePageUrl(input: CollectInput, site: SiteInfo): URL | null {
  const raw = input.url.trim();
  try {
    if (/^https?:\/\//i.test(raw)) return new URL(raw);
    if (raw.startsWith("/")) return new URL(raw, `https://${input.hostname || site.domain}`);
  } catch {
    return null;
  }
  return null;
}

/**
 * Record one tracking request: drop bots, unknown sites and excluded paths
 * (counted, never stored); otherwise hash the visitor, resolve source, UTM,
 * browser, OS, device, screen, language and country, and hand the hit to the
 * ingest queue. Resolves once the event is committed.
 *
 * @example
 * await collect(quire, { sites: ["example.com"], kind: "pageview", url: "https://example.com/" }, client);
 */
export async function collect(
  quire: AnalyticsDatabase,
  input: CollectInput,
  client: ClientInfo,
  now = Date.now(),
): Promise<CollectOutcome> {
  const queue = ingestQueue(quire);
  const targets: SiteInfo[] = [];
  for (const ref of input.sites) {
    const site = findSite(quire, ref);
    if (site && !targets.includes(site)) targets.push(site);
  }
  const info = parseAgent(client.userAgent);
  const bot = info.bot ?? botReason(client);
  if (targets.length === 0 || bot) {
    const reason = bot ?? "unknown site";
    queue.drop(targets[0]?.id ?? 0, Math.floor(now / 86_400_000), reason);
    return { recorded: false, reason };
  }
  // One site (the usual case): no arrays of promises on the hot path.
  if (targets.length === 1) return collectFor(quire, targets[0]!, input, client, now);
  const outcomes = await Promise.all(targets.map((site) => Promise.resolve(collectFor(quire, site, input, client, now))));
  return outcomes.find((o) => o.recorded) ?? outcomes[0]!;
}

const toOutcome = (result: RecordResult): CollectOutcome => (result.ok ? RECORDED : { recorded: false, reason: result.reason });
const RECORDED: CollectOutcome = { recorded: true };

function collectFor(quire: AnalyticsDatabase, site: SiteInfo, input: CollectInput, client: ClientInfo, now: number): Promise<CollectOutcome> | CollectOutcome {
  const queue = ingestQueue(quire);
  const day = localDay(now, site.timezone);
  const url = parsePageUrl(input, site);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    queue.drop(site.id, day, "invalid url");
    return { recorded: false, reason: "invalid url" };
  }
  const path = pagePath(url, input.hashMode ?? false);
  if (site.excluded.length > 0 && site.excluded.some((re) => re.test(path))) {
    queue.drop(site.id, day, "excluded path");
    return { recorded: false, reason: "excluded path" };
  }
  const salt = cachedSalt(quire, day);
  const previousSalt = cachedSalt(quire, day - 1);
  if (!salt || !previousSalt) {
    // Once a day per site time zone: create (or load) the salts, then go on.
    return Promise.all([saltFor(quire, day, now), saltFor(quire, day - 1, now)]).then(() => collectFor(quire, site, input, client, now));
  }
  const agent = parseAgent(client.userAgent);
  const source = resolveSource(input.referrer, url, site.domain);
  const hit: Hit = {
    siteId: site.id,
    timezone: site.timezone,
    ts: now,
    visitor: visitorHash(salt, site.id, client.ip, client.userAgent),
    previousVisitor: () => visitorHash(previousSalt, site.id, client.ip, client.userAgent),
    kind: input.kind,
    name: input.name,
    path,
    props: input.props && Object.keys(input.props).length > 0 ? input.props : null,
    interactive: input.interactive,
    visit: {
      browser: agent.browser,
      browser_version: agent.browser_version,
      os: agent.os,
      os_version: agent.os_version,
      device: agent.device,
      source: source.source,
      referrer: source.referrer,
      channel: source.channel,
      utm_source: source.utm_source,
      utm_medium: source.utm_medium,
      utm_campaign: source.utm_campaign,
      utm_content: source.utm_content,
      utm_term: source.utm_term,
      hostname: url.hostname.startsWith("www.") ? url.hostname.slice(4, 257) : url.hostname.slice(0, 253),
      screen: screenClass(input.screenWidth),
      language: (input.language && normalizeLanguage(input.language)) || client.language,
      // A trusted proxy's country header wins; else the shipped CC0 database. The IP itself is never stored.
      country: client.country || countryOfIp(client.ip),
    },
  };
  return queue.push(hit).then(toOutcome);
}

/** Plain props from a client: strings, numbers and booleans, bounded; anything else is a CollectError. */
export function normalizeProps(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  let raw: unknown = value;
  if (typeof raw === "string") {
    // plausible-tracker 0.3 sends props as a JSON string
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      throw new CollectError("props must be a JSON object");
    }
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new CollectError("props must be an object");
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > LIMITS.props) throw new CollectError(`too many props (${entries.length}; at most ${LIMITS.props})`);
  const out: Record<string, string> = {};
  for (const [key, v] of entries) {
    if (key.length === 0 || key.length > LIMITS.propKeyLength) throw new CollectError("a prop name is empty or too long");
    if (v === null || v === undefined) continue;
    if (typeof v === "string") out[key] = v.slice(0, LIMITS.propValueLength);
    else if (typeof v === "number" || typeof v === "boolean") out[key] = String(v);
    else if (v instanceof Date) out[key] = v.toISOString();
    else throw new CollectError(`prop "${key.slice(0, 40)}" must be a string, number or boolean`);
  }
  return out;
}

/** An event name: trimmed, 1–120 characters, no control characters. */
export function normalizeEventName(value: unknown): string {
  if (typeof value !== "string") throw new CollectError("the event name must be a string");
  // eslint-disable-next-line no-control-regex
  const name = value.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (name.length === 0) throw new CollectError("the event name is empty");
  if (name.length > LIMITS.nameLength) throw new CollectError(`the event name is longer than ${LIMITS.nameLength} characters`);
  return name;
}
