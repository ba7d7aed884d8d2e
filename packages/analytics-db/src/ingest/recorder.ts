import type { QuireDatabase } from "@quire/db";

import { DIMS, EVENT_FLAGS, VISIT_DIMS, VISIT_TIMEOUT_MS } from "../dims";
import type { VisitDim } from "../dims";
import { HOUR, localDay } from "../time";

/** What a visit is known by, fixed at its first event. Empty string = none. */
export type VisitAttributes = Partial<Record<Exclude<VisitDim, "entry_page">, string>>;

/** One enriched, validated event, ready to store (see `@quire/analytics-api` ingest for how requests become hits). */
export interface Hit {
  siteId: number;
  /** The site's IANA time zone: days of the rollups are local days. */
  timezone: string;
  ts: number;
  /** Visitor hash with the current salt (53 bits; the site is part of it). */
  visitor: number;
  /**
   * Visitor hash with the previous salt: continues a visit that began before
   * the salt rotated. A function is called only when today's hash has no
   * state (a hash costs a SHA-256; most hits are from known visitors).
   */
  previousVisitor?: number | (() => number);
  kind: "pageview" | "event" | "engagement";
  /** Custom event name (kind "event"). */
  name?: string;
  /** Path (with the hash for hash-routed sites), no query string. */
  path: string;
  props?: Record<string, string> | null;
  /** Custom events only: false = does not stop the visit from bouncing. */
  interactive?: boolean;
  /** Used only when this hit starts a visit. */
  visit: VisitAttributes;
}

export type RecordResult = { ok: true; visitId: number; eventId: number | null } | { ok: false; reason: string };

export interface DropCount {
  siteId: number;
  day: number;
  reason: string;
  count: number;
}

type Sqlite = QuireDatabase["sqlite"];
type Totals = [visitors: number, visits: number, pageviews: number, events: number, bounces: number, duration: number];

const VISIT_COLUMNS = VISIT_DIMS.map(([, column]) => column);
const MAX_STRING_CACHE = 200_000;
/** A hash is used on its local day and, to continue a visit, just after: older state is dead. */
const STATE_TTL_MS = 50 * HOUR;
/** Prune the visitor state about this often. */
const PRUNE_EVERY_MS = 10 * 60_000;
/** Keys of `seen`: event names sit above every page id. */
const EVENT_KEY = 2 ** 32;

/** The latest visit of a visitor hash. */
interface Visit {
  id: number;
  siteId: number;
  visitor: number;
  startedAt: number;
  endedAt: number;
  day: number;
  interactions: number;
  pageviews: number;
  events: number;
  exitPage: number;
  /** Visit dimension values, in VISIT_DIMS order. */
  dims: number[];
}

/** What ingestion knows about one visitor hash (it lives about a day). */
interface VisitorState {
  visit: Visit;
  /** Dimension values of the hash's earlier visits (for "visitors per value"). */
  earlier: number[][];
  /** Pages (ids) and event names (EVENT_KEY + id) this hash has had. */
  seen: Set<number>;
  /** Event properties (name, key, value) this hash has had. */
  props: Set<string> | null;
}

/** A 53-bit number from text (stable across processes). */
export function hash53(text: string): number {
  // FNV-1a in two 32-bit halves: enough spread for keys, no crypto needed here.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 2246822519);
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

/**
 * Writes hits into `visits`, `events` and the rollups. Must be called inside
 * a writer unit (`quire.writer.run`): everything it writes commits or rolls
 * back together.
 *
 * The state of the visitor hashes still in use (their latest visit, what they
 * have seen) is kept in memory, loaded from `visits` and `events` on first
 * use and again after any failed unit (`reset()`): a hit costs two or three
 * short writes instead of lookups in random-keyed indexes. One process
 * ingests into a database (the analytics app).
 *
 * Statements are prepared once and run straight on better-sqlite3 — this is
 * the hot path; a drizzle query builder per event would cost more than the
 * write itself.
 */
export class Recorder {
  private readonly stmts;
  private readonly stringIds = new Map<string, number>();
  /** While the strings collector scans: every string id handed out, so it is not collected. */
  private usedStrings: Set<number> | null = null;
  private state = new Map<number, VisitorState>();
  private loaded = false;
  private prunedAt = 0;

  constructor(private readonly sqlite: Sqlite) {
    const p = (text: string) => sqlite.prepare(text);
    this.stmts = {
      findString: p("SELECT id FROM strings WHERE value = ?").pluck(),
      insertString: p("INSERT INTO strings (value) VALUES (?) RETURNING id").pluck(),
      insertVisit: p(
        `INSERT INTO visits (site_id, visitor, started_at, ended_at, day, interactions, pageviews, events, exit_page, ${VISIT_COLUMNS.join(", ")})
         VALUES (${Array.from({ length: 9 + VISIT_COLUMNS.length }, () => "?").join(", ")})`,
      ),
      updateVisit: p("UPDATE visits SET ended_at = ?, interactions = ?, pageviews = ?, events = ?, exit_page = ? WHERE id = ?"),
      // run() + lastInsertRowid rather than RETURNING: one statement step less per event on the hot path.
      insertEvent: p("INSERT INTO events (site_id, visit_id, ts, name, path, props, flags) VALUES (?, ?, ?, ?, ?, ?, ?)"),
      daily: p(
        `INSERT INTO rollup_daily (site_id, dim, day, value, visitors, visits, pageviews, events, bounces, duration)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET visitors = visitors + excluded.visitors, visits = visits + excluded.visits,
           pageviews = pageviews + excluded.pageviews, events = events + excluded.events,
           bounces = bounces + excluded.bounces, duration = duration + excluded.duration`,
      ),
      hourly: p(
        `INSERT INTO rollup_hourly (site_id, hour, visitors, visits, pageviews, events, bounces, duration)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET visitors = visitors + excluded.visitors, visits = visits + excluded.visits,
           pageviews = pageviews + excluded.pageviews, events = events + excluded.events,
           bounces = bounces + excluded.bounces, duration = duration + excluded.duration`,
      ),
      props: p(
        `INSERT INTO rollup_props (site_id, name, key, day, value, visitors, events) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET visitors = visitors + excluded.visitors, events = events + excluded.events`,
      ),
      drop: p(
        `INSERT INTO drops (site_id, day, reason, count) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET count = count + excluded.count`,
      ),
      // Loading the state: visits whose hash may still be in use, then their events.
      liveVisits: p(`SELECT id, site_id, visitor, started_at, ended_at, day, interactions, pageviews, events, exit_page, ${VISIT_COLUMNS.join(", ")}
                       FROM visits WHERE site_id = ? AND started_at >= ? ORDER BY id`),
      liveEvents: p("SELECT visit_id, name, path, props FROM events WHERE site_id = ? AND ts >= ?"),
      sites: p("SELECT id FROM sites").pluck(),
    };
  }

  /**
   * Forget cached string ids and the visitor state. Call after a failed unit:
   * what the rolled-back transaction wrote no longer exists. The state is
   * loaded again from the database by the next record().
   */
  reset(): void {
    this.stringIds.clear();
    this.state = new Map();
    this.loaded = false;
  }

  /** The `strings` id of a value; '' is 0 (none). Inside a writer unit only. */
  id(value: string): number {
    if (value === "") return 0;
    let id = this.stringIds.get(value);
    if (id === undefined) {
      id = (this.stmts.findString.get(value) as number | undefined) ?? (this.stmts.insertString.get(value) as number);
      if (this.stringIds.size >= MAX_STRING_CACHE) this.stringIds.clear();
      this.stringIds.set(value, id);
    }
    this.usedStrings?.add(id);
    return id;
  }

  /**
   * Start noting every string id this recorder hands out (see
   * `collectStrings`): references written while the collector scans in
   * slices are not in what it has read. Returns the live set.
   */
  trackStrings(): Set<number> {
    return (this.usedStrings = new Set());
  }

  /** Forget the cached string ids (some may just have been deleted). Inside a writer unit. */
  forgetStrings(): void {
    this.stringIds.clear();
  }

  /** Stop noting string ids, and forget the cached ones. Inside a writer unit. */
  untrackStrings(): void {
    this.usedStrings = null;
    this.stringIds.clear();
  }

  /** Store hits in order; each result tells what happened to the hit at the same index. */
  record(hits: readonly Hit[]): RecordResult[] {
    const now = hits.reduce((m, h) => Math.max(m, h.ts), 0);
    if (!this.loaded) this.load(Math.max(now, Date.now()));
    const batch = new Batch();
    const results = hits.map((hit) => this.recordOne(hit, batch));
    this.flush(batch);
    if (now - this.prunedAt > PRUNE_EVERY_MS) this.prune(now);
    return results;
  }

  /** Add to the drop counters (events not stored). */
  recordDrops(drops: readonly DropCount[]): void {
    for (const d of drops) this.stmts.drop.run(d.siteId, d.day, d.reason, d.count);
  }

  /** Number of visitor hashes held in memory (for health pages and tests). */
  get liveVisitors(): number {
    return this.state.size;
  }

  private load(now: number): void {
    const state = new Map<number, VisitorState>();
    const byVisit = new Map<number, VisitorState>();
    const since = now - STATE_TTL_MS;
    for (const siteId of this.stmts.sites.all() as number[]) {
      for (const r of this.stmts.liveVisits.all(siteId, since) as Record<string, number>[]) {
        const visit: Visit = {
          id: r.id!,
          siteId: r.site_id!,
          visitor: r.visitor!,
          startedAt: r.started_at!,
          endedAt: r.ended_at!,
          day: r.day!,
          interactions: r.interactions!,
          pageviews: r.pageviews!,
          events: r.events!,
          exitPage: r.exit_page!,
          dims: VISIT_COLUMNS.map((c) => r[c]!),
        };
        // Visits come in id order: the last one of a hash is its latest.
        let s = state.get(visit.visitor);
        if (s) {
          s.earlier.push(s.visit.dims);
          s.visit = visit;
        } else state.set(visit.visitor, (s = { visit, earlier: [], seen: new Set(), props: null }));
        byVisit.set(visit.id, s);
      }
      for (const e of this.stmts.liveEvents.all(siteId, since) as { visit_id: number; name: number; path: number; props: string | null }[]) {
        const s = byVisit.get(e.visit_id);
        if (!s) continue;
        s.seen.add(e.name === 0 ? e.path : EVENT_KEY + e.name);
        if (e.props) {
          for (const [key, value] of Object.entries(JSON.parse(e.props) as Record<string, string>)) {
            (s.props ??= new Set()).add(`${e.name}\u0000${this.id(key)}\u0000${this.id(value)}`);
          }
        }
      }
    }
    this.state = state;
    this.loaded = true;
    this.prunedAt = now;
  }

  private prune(now: number): void {
    for (const [hash, s] of this.state) if (s.visit.endedAt < now - STATE_TTL_MS) this.state.delete(hash);
    this.prunedAt = now;
  }

  private recordOne(hit: Hit, batch: Batch): RecordResult {
    const { siteId, ts } = hit;
    const hour = Math.floor(ts / HOUR);
    const day = localDay(ts, hit.timezone);
    const continues = (s: VisitorState | undefined) =>
      s !== undefined && s.visit.siteId === siteId && ts - s.visit.endedAt <= VISIT_TIMEOUT_MS && ts >= s.visit.startedAt;
    const today = this.state.get(hit.visitor);
    let previous: VisitorState | undefined;
    if (!today && hit.previousVisitor !== undefined) {
      const hash = typeof hit.previousVisitor === "function" ? hit.previousVisitor() : hit.previousVisitor;
      if (hash !== hit.visitor) previous = this.state.get(hash);
    }
    // A visit that began before the salt rotated keeps its hash; otherwise today's hash.
    const current = continues(today) ? today : !today && continues(previous) ? previous : undefined;

    if (hit.kind === "engagement") {
      if (!current) return { ok: false, reason: "engagement without a visit" };
      const v = current.visit;
      const ended = Math.max(v.endedAt, ts);
      if (ended !== v.endedAt) {
        this.stmts.updateVisit.run(ended, v.interactions, v.pageviews, v.events, v.exitPage, v.id);
        this.addVisitDelta(batch, v, 0, 0, 0, ended - v.endedAt);
        v.endedAt = ended;
      }
      return { ok: true, visitId: v.id, eventId: null };
    }

    const isPageview = hit.kind === "pageview";
    const interactive = isPageview || hit.interactive !== false;
    const owner = current ?? today;
    const newVisitor = owner === undefined;
    const newVisitorHour = newVisitor || Math.floor(owner.visit.endedAt / HOUR) !== hour;
    const path = this.id(hit.path);
    const name = isPageview ? 0 : this.id(hit.name ?? "");
    let flags = (newVisitor ? EVENT_FLAGS.newVisitor : 0) | (newVisitorHour ? EVENT_FLAGS.newVisitorHour : 0);
    if (!interactive) flags |= EVENT_FLAGS.nonInteractive;

    let s: VisitorState;
    if (current) {
      s = current;
      const v = s.visit;
      const ended = Math.max(v.endedAt, ts);
      const interactions = v.interactions + (interactive ? 1 : 0);
      const exit = isPageview ? path : v.exitPage;
      this.addVisitDelta(batch, v, isPageview ? 1 : 0, isPageview ? 0 : 1, bounce(interactions) - bounce(v.interactions), ended - v.endedAt);
      if (exit !== v.exitPage) {
        batch.daily(siteId, DIMS.exit_page, v.day, v.exitPage)[1] -= 1;
        batch.daily(siteId, DIMS.exit_page, v.day, exit)[1] += 1;
      }
      v.endedAt = ended;
      v.interactions = interactions;
      v.pageviews += isPageview ? 1 : 0;
      v.events += isPageview ? 0 : 1;
      v.exitPage = exit;
      this.stmts.updateVisit.run(v.endedAt, v.interactions, v.pageviews, v.events, v.exitPage, v.id);
    } else {
      flags |= EVENT_FLAGS.entry;
      const dims = VISIT_DIMS.map(([dim]) => (dim === "entry_page" ? path : this.id(hit.visit[dim] ?? "")));
      const interactions = interactive ? 1 : 0;
      const v: Visit = {
        id: 0,
        siteId,
        visitor: hit.visitor,
        startedAt: ts,
        endedAt: ts,
        day,
        interactions,
        pageviews: isPageview ? 1 : 0,
        events: isPageview ? 0 : 1,
        exitPage: path,
        dims,
      };
      v.id = Number(this.stmts.insertVisit.run(siteId, hit.visitor, ts, ts, day, interactions, v.pageviews, v.events, path, ...dims).lastInsertRowid);
      // A returning hash counts as a visitor of a value only if none of its earlier visits had it.
      const earlier = today ? [...today.earlier, today.visit.dims] : [];
      s = today ? Object.assign(today, { visit: v, earlier }) : { visit: v, earlier, seen: new Set<number>(), props: null };
      this.state.set(hit.visitor, s);
      const b = bounce(interactions);
      for (let i = 0; i < VISIT_DIMS.length; i++) {
        const value = dims[i]!;
        const t = batch.daily(siteId, DIMS[VISIT_DIMS[i]![0]], day, value);
        t[0] += earlier.some((d) => d[i] === value) ? 0 : 1;
        t[1] += 1;
        t[2] += v.pageviews;
        t[3] += v.events;
        t[4] += b;
      }
      batch.daily(siteId, DIMS.exit_page, day, path)[1] += 1;
      const total = batch.daily(siteId, DIMS.total, day, 0);
      total[1] += 1;
      total[4] += b;
      const h = batch.hourly(siteId, hour);
      h[1] += 1;
      h[4] += b;
    }

    // Event-day counters: totals, hourly, the page or event name, properties.
    const total = batch.daily(siteId, DIMS.total, day, 0);
    total[0] += newVisitor ? 1 : 0;
    const h = batch.hourly(siteId, hour);
    h[0] += newVisitorHour ? 1 : 0;
    let propsJson: string | null = null;
    if (isPageview) {
      total[2] += 1;
      h[2] += 1;
      const unique = !s.seen.has(path);
      if (unique) {
        s.seen.add(path);
        flags |= EVENT_FLAGS.unique;
      }
      const t = batch.daily(siteId, DIMS.page, day, path);
      t[0] += unique ? 1 : 0;
      t[2] += 1;
    } else {
      total[3] += 1;
      h[3] += 1;
      const unique = !s.seen.has(EVENT_KEY + name);
      if (unique) {
        s.seen.add(EVENT_KEY + name);
        flags |= EVENT_FLAGS.unique;
      }
      const t = batch.daily(siteId, DIMS.event, day, name);
      t[0] += unique ? 1 : 0;
      t[3] += 1;
      if (hit.props) {
        let any = false;
        for (const key in hit.props) {
          any = true;
          const keyId = this.id(key);
          const valueId = this.id(hit.props[key]!);
          const seenKey = `${name}\u0000${keyId}\u0000${valueId}`;
          const first = !(s.props ??= new Set()).has(seenKey);
          if (first) s.props.add(seenKey);
          const p = batch.prop(siteId, name, keyId, day, valueId);
          p[0] += first ? 1 : 0;
          p[1] += 1;
        }
        if (any) propsJson = JSON.stringify(hit.props);
      }
    }

    const eventId = Number(this.stmts.insertEvent.run(siteId, s.visit.id, ts, name, path, propsJson, flags).lastInsertRowid);
    return { ok: true, visitId: s.visit.id, eventId };
  }

  /** Deltas of a continuing visit, on the rows its visit metrics belong to (its start day and hour). */
  private addVisitDelta(batch: Batch, v: Visit, pageviews: number, events: number, bounces: number, duration: number) {
    for (let i = 0; i < VISIT_DIMS.length; i++) {
      const t = batch.daily(v.siteId, DIMS[VISIT_DIMS[i]![0]], v.day, v.dims[i]!);
      t[2] += pageviews;
      t[3] += events;
      t[4] += bounces;
      t[5] += duration;
    }
    const total = batch.daily(v.siteId, DIMS.total, v.day, 0);
    total[4] += bounces;
    total[5] += duration;
    const h = batch.hourly(v.siteId, Math.floor(v.startedAt / HOUR));
    h[4] += bounces;
    h[5] += duration;
  }

  private flush(batch: Batch) {
    for (const [site, rows] of batch.dailyRows) {
      for (const [key, t] of rows) {
        if (t[0] === 0 && t[1] === 0 && t[2] === 0 && t[3] === 0 && t[4] === 0 && t[5] === 0) continue;
        const { dim, day, value } = Batch.unpack(key);
        this.stmts.daily.run(site, dim, day, value, ...t);
      }
    }
    for (const [key, t] of batch.hourlyRows) {
      const site = Math.floor(key / 2 ** 32);
      this.stmts.hourly.run(site, key % 2 ** 32, ...t);
    }
    for (const [key, t] of batch.propRows) {
      const [site, name, k, day, value] = key.split("|").map(Number);
      this.stmts.props.run(site, name, k, day, value, t[0], t[1]);
    }
  }
}

function bounce(interactions: number): number {
  return interactions === 1 ? 1 : 0;
}

const DAY_BITS = 2 ** 17;
const VALUE_BITS = 2 ** 31;

/**
 * Rollup deltas of one record() call, summed per row before they are
 * written. Daily rows are keyed by one number, dim·2^48 + day·2^31 + value,
 * per site: no string building on the hot path.
 */
class Batch {
  readonly dailyRows = new Map<number, Map<number, Totals>>();
  readonly hourlyRows = new Map<number, Totals>();
  readonly propRows = new Map<string, [number, number]>();

  static unpack(key: number): { dim: number; day: number; value: number } {
    const value = key % VALUE_BITS;
    const rest = (key - value) / VALUE_BITS;
    return { dim: Math.floor(rest / DAY_BITS), day: rest % DAY_BITS, value };
  }

  daily(site: number, dim: number, day: number, value: number): Totals {
    let rows = this.dailyRows.get(site);
    if (!rows) this.dailyRows.set(site, (rows = new Map<number, Totals>()));
    const key = (dim * DAY_BITS + day) * VALUE_BITS + value;
    let t = rows.get(key);
    if (!t) rows.set(key, (t = [0, 0, 0, 0, 0, 0]));
    return t;
  }

  hourly(site: number, hour: number): Totals {
    const key = site * 2 ** 32 + hour;
    let t = this.hourlyRows.get(key);
    if (!t) this.hourlyRows.set(key, (t = [0, 0, 0, 0, 0, 0]));
    return t;
  }

  prop(site: number, name: number, key: number, day: number, value: number): [number, number] {
    const k = `${site}|${name}|${key}|${day}|${value}`;
    let t = this.propRows.get(k);
    if (!t) this.propRows.set(k, (t = [0, 0]));
    return t;
  }
}
