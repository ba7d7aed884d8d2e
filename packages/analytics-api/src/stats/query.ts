import { DAY, dayLabel, DIMS, HOUR, tzOffset } from "@quire/analytics-db";
import type { AnalyticsDatabase } from "@quire/analytics-db";
import { TRPCError } from "@quire/trpc";
import { z } from "zod";

import type { DayRange } from "./range";

export const METRICS = ["visitors", "visits", "pageviews", "events", "bounce_rate", "visit_duration", "views_per_visit"] as const;
export const MetricSchema = z.enum(METRICS);
export type Metric = z.infer<typeof MetricSchema>;

/** Visit-level dimensions and their `visits` column (also their rollup dim). */
export const VISIT_DIMENSIONS = {
  "visit:entry_page": "entry_page",
  "visit:exit_page": "exit_page",
  "visit:source": "source",
  "visit:referrer": "referrer",
  "visit:channel": "channel",
  "visit:utm_source": "utm_source",
  "visit:utm_medium": "utm_medium",
  "visit:utm_campaign": "utm_campaign",
  "visit:utm_content": "utm_content",
  "visit:utm_term": "utm_term",
  "visit:browser": "browser",
  "visit:browser_version": "browser_version",
  "visit:os": "os",
  "visit:os_version": "os_version",
  "visit:device": "device",
  "visit:screen": "screen",
  "visit:language": "language",
  "visit:country": "country",
  "visit:hostname": "hostname",
} as const;
export type VisitDimension = keyof typeof VISIT_DIMENSIONS;
export const TIME_DIMENSIONS = ["time:hour", "time:day", "time:month"] as const;
export type TimeDimension = (typeof TIME_DIMENSIONS)[number];
export type Dimension = VisitDimension | TimeDimension | "event:page" | "event:name" | `event:props:${string}`;

const FILTERABLE = [...Object.keys(VISIT_DIMENSIONS), "event:page", "event:name"];

export const DimensionSchema = z
  .string()
  .refine(
    (d) => d in VISIT_DIMENSIONS || (TIME_DIMENSIONS as readonly string[]).includes(d) || d === "event:page" || d === "event:name" || /^event:props:.{1,300}$/.test(d),
    { message: "unknown dimension" },
  ) as z.ZodType<Dimension>;

export const FilterSchema = z.object({
  op: z.enum(["is", "is_not", "contains", "contains_not", "matches"]),
  dimension: z.string().refine((d) => FILTERABLE.includes(d) || /^event:props:.{1,300}$/.test(d), { message: "cannot filter on this dimension" }),
  values: z.array(z.string().max(2000)).min(1).max(100),
});
export type Filter = z.infer<typeof FilterSchema>;

export interface StatsQuery {
  range: DayRange;
  /** Read raw visits and events even when the rollups could answer (tests compare the two). */
  forceRaw?: boolean;
  metrics: Metric[];
  dimensions?: Dimension[];
  filters?: Filter[];
  /** Default: time ascending for time dimensions, else the first metric descending. */
  orderBy?: [Metric | Dimension, "asc" | "desc"][];
  limit?: number;
  offset?: number;
}

export interface StatsRow {
  dimensions: string[];
  metrics: (number | null)[];
}

export interface StatsResult {
  rows: StatsRow[];
  /** Rows before limit/offset. */
  total: number;
  /** Where the numbers came from: the rollups, or raw visits and events (filters, several dimensions). */
  source: "rollups" | "raw";
}

/** Sums every metric is computed from. null = not meaningful for the dimension. */
interface Sums {
  visitors: number | null;
  visits: number | null;
  pageviews: number | null;
  events: number | null;
  bounces: number | null;
  duration: number | null;
  visitPageviews: number | null;
}

const EMPTY: Sums = { visitors: 0, visits: 0, pageviews: 0, events: 0, bounces: 0, duration: 0, visitPageviews: 0 };

function metricOf(m: Metric, s: Sums): number | null {
  switch (m) {
    case "visitors":
      return s.visitors;
    case "visits":
      return s.visits;
    case "pageviews":
      return s.pageviews;
    case "events":
      return s.events === null ? null : (s.pageviews ?? 0) + s.events;
    case "bounce_rate":
      return s.bounces === null || s.visits === null ? null : s.visits ? Math.round((s.bounces * 100) / s.visits) : 0;
    case "visit_duration":
      return s.duration === null || s.visits === null ? null : s.visits ? Math.round(s.duration / s.visits / 1000) : 0;
    case "views_per_visit":
      return s.visitPageviews === null || s.visits === null ? null : s.visits ? Math.round((s.visitPageviews / s.visits) * 100) / 100 : 0;
  }
}

interface Bucket {
  label: string;
  start: number;
  end: number;
}

function localLabel(ts: number, tz: string, hour: boolean): string {
  const iso = new Date(ts + tzOffset(ts, tz)).toISOString();
  return hour ? `${iso.slice(0, 10)} ${iso.slice(11, 13)}:00:00` : iso.slice(0, 10);
}

/** Time buckets of a range: local hours, days or months with their UTC bounds. */
export function timeBuckets(range: DayRange, dimension: TimeDimension): Bucket[] {
  const out: Bucket[] = [];
  if (dimension === "time:hour") {
    for (let t = range.from; t < range.to; t += HOUR) out.push({ label: localLabel(t, range.timezone, true), start: t, end: t + HOUR });
  } else if (dimension === "time:day") {
    for (let d = range.fromDay; d <= range.toDay; d++) {
      const start = d === range.fromDay ? range.from : out[out.length - 1]!.end;
      const end = d === range.toDay ? range.to : start + DAY + (tzOffset(start, range.timezone) - tzOffset(start + DAY, range.timezone));
      out.push({ label: dayLabel(d), start, end });
    }
  } else {
    let d = range.fromDay;
    while (d <= range.toDay) {
      const date = new Date(d * DAY);
      const next = Math.min(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY, range.toDay + 1);
      const start = d === range.fromDay ? range.from : out[out.length - 1]!.end;
      out.push({ label: dayLabel(d).slice(0, 7), start, end: next > range.toDay ? range.to : dayStartOf(next, range) });
      d = next;
    }
  }
  return out;
}

function dayStartOf(day: number, range: DayRange): number {
  const guess = day * DAY;
  return guess - tzOffset(guess - tzOffset(guess, range.timezone), range.timezone);
}

const isTime = (d: Dimension): d is TimeDimension => (TIME_DIMENSIONS as readonly string[]).includes(d);
const isVisit = (d: Dimension): d is VisitDimension => d in VISIT_DIMENSIONS;
const propKey = (d: string) => (d.startsWith("event:props:") ? d.slice("event:props:".length) : null);
const jsonPath = (key: string) => `$."${key.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * Rows for metrics by up to two dimensions over a range, with filters. The
 * common cases — no filter and at most one dimension — are answered from the
 * rollups (a few thousand rows whatever the traffic); the rest from the raw
 * visits and events. Both paths give the same numbers (tested).
 *
 * @example
 * await runQuery(quire, siteId, { range, metrics: ["visitors", "pageviews"], dimensions: ["event:page"], limit: 10 });
 */
export async function runQuery(quire: AnalyticsDatabase, siteId: number, q: StatsQuery): Promise<StatsResult> {
  const dims = q.dimensions ?? [];
  const filters = q.filters ?? [];
  if (dims.length > 2) throw new TRPCError({ code: "BAD_REQUEST", message: "At most two dimensions" });
  if (dims.filter(isTime).length > 1) throw new TRPCError({ code: "BAD_REQUEST", message: "At most one time dimension" });
  const rollup = !q.forceRaw && canUseRollups(dims, filters);
  const grouped = rollup ? await fromRollups(quire, siteId, q.range, dims, filters) : await fromRaw(quire, siteId, q.range, dims, filters);

  let rows: StatsRow[] = grouped.map(({ dimensions, sums }) => ({ dimensions, metrics: q.metrics.map((m) => metricOf(m, sums)) }));
  const order = q.orderBy ?? (dims.some(isTime) ? [[dims.find(isTime)!, "asc"] as [Dimension, "asc"]] : q.metrics.length ? [[q.metrics[0]!, "desc"] as [Metric, "desc"]] : []);
  rows.sort((a, b) => {
    for (const [key, dir] of order) {
      const mi = q.metrics.indexOf(key as Metric);
      const di = dims.indexOf(key as Dimension);
      const av = mi >= 0 ? (a.metrics[mi] ?? -1) : (a.dimensions[di] ?? "");
      const bv = mi >= 0 ? (b.metrics[mi] ?? -1) : (b.dimensions[di] ?? "");
      if (av !== bv) return (av < bv ? -1 : 1) * (dir === "asc" ? 1 : -1);
    }
    return 0;
  });
  const total = rows.length;
  const offset = q.offset ?? 0;
  rows = rows.slice(offset, q.limit === undefined ? undefined : offset + q.limit);
  return { rows, total, source: rollup ? "rollups" : "raw" };
}

/**
 * A filter the rollups can answer for totals and day/month charts: one value
 * of one visit dimension (its `rollup_daily` rows are the visits that started
 * with that value — the same numbers as that row of the dimension's
 * breakdown). The exit page is not one: its rows only count exits.
 */
function rollupFilter(filters: Filter[]): { dim: number; value: string } | null {
  if (filters.length !== 1) return null;
  const f = filters[0]!;
  if (f.op !== "is" || f.values.length !== 1 || !(f.dimension in VISIT_DIMENSIONS) || f.dimension === "visit:exit_page") return null;
  const value = f.values[0]!;
  return { dim: DIMS[VISIT_DIMENSIONS[f.dimension as VisitDimension] as keyof typeof DIMS], value: value === "(none)" ? "" : value };
}

/**
 * The rollups hold one dimension at a time and no filter, except an event
 * name for its properties, and one visit-dimension value for totals and
 * day/month charts (a click on a breakdown row: no scan of the raw events).
 */
export function canUseRollups(dims: Dimension[], filters: Filter[]): boolean {
  if (dims.length > 1) return false;
  const key = dims[0] ? propKey(dims[0]) : null;
  if (key !== null) {
    return filters.length === 1 && filters[0]!.dimension === "event:name" && filters[0]!.op === "is" && filters[0]!.values.length === 1;
  }
  if (filters.length === 0) return true;
  return (dims.length === 0 || dims[0] === "time:day" || dims[0] === "time:month") && rollupFilter(filters) !== null;
}

interface Grouped {
  dimensions: string[];
  sums: Sums;
}

type Row = Record<string, number | string | null>;

async function labels(quire: AnalyticsDatabase, ids: number[]): Promise<Map<number, string>> {
  const map = new Map<number, string>([[0, ""]]);
  const wanted = [...new Set(ids)].filter((id) => id !== 0);
  if (wanted.length === 0) return map;
  const rows = await quire.sql.all<{ id: number; value: string }>(
    "SELECT s.id, s.value FROM json_each(?) j JOIN strings s ON s.id = j.value",
    JSON.stringify(wanted),
  );
  for (const r of rows) map.set(r.id, r.value);
  return map;
}

async function stringId(quire: AnalyticsDatabase, value: string): Promise<number> {
  if (value === "") return 0;
  return (await quire.sql.get<{ id: number }>("SELECT id FROM strings WHERE value = ?", value))?.id ?? -1;
}

const SUM_COLUMNS = "sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews, sum(events) AS events, sum(bounces) AS bounces, sum(duration) AS duration";

function rollupSums(r: Row, dim: number | null): Sums {
  const n = (k: string) => Number(r[k] ?? 0);
  const base: Sums = {
    visitors: n("visitors"),
    visits: n("visits"),
    pageviews: n("pageviews"),
    events: n("events"),
    bounces: n("bounces"),
    duration: n("duration"),
    visitPageviews: n("pageviews"),
  };
  // What each rollup dim knows (see @quire/analytics-db dims.ts).
  if (dim === DIMS.page) return { ...base, visits: null, bounces: null, duration: null, visitPageviews: null, events: null };
  if (dim === DIMS.event) return { ...base, visits: null, bounces: null, duration: null, visitPageviews: null, pageviews: 0 };
  if (dim === DIMS.exit_page) return { visitors: null, visits: base.visits, pageviews: null, events: null, bounces: null, duration: null, visitPageviews: null };
  if (dim === DIMS.total) {
    // Total pageviews are counted on the day they happen; the visits' own pageviews on the day they started.
    return base;
  }
  return base;
}

async function fromRollups(quire: AnalyticsDatabase, siteId: number, range: DayRange, dims: Dimension[], filters: Filter[]): Promise<Grouped[]> {
  const dim = dims[0];
  // The totals rows (dim 0, value 0), or the rows of the one visit-dimension value filtered on.
  const filter = propKey(dim ?? "time:day") === null ? rollupFilter(filters) : null;
  const rowDim = filter ? filter.dim : DIMS.total;
  const rowValue = filter ? await stringId(quire, filter.value) : 0;
  if (!dim) {
    const r = await quire.sql.get<Row>(
      `SELECT ${SUM_COLUMNS} FROM rollup_daily WHERE site_id = ? AND dim = ? AND day BETWEEN ? AND ? AND value = ?`,
      siteId,
      rowDim,
      range.fromDay,
      range.toDay,
      rowValue,
    );
    return [{ dimensions: [], sums: rollupSums(r ?? {}, rowDim) }];
  }
  if (dim === "time:day") {
    // date_series fills the days without traffic, so the chart has no gaps.
    const rows = await quire.sql.all<Row>(
      `SELECT d.value AS label, ${SUM_COLUMNS}
         FROM date_series(?, ?, '1 day') d
         LEFT JOIN rollup_daily r ON r.site_id = ? AND r.dim = ? AND r.value = ? AND r.day = unixepoch(d.value) / 86400
        GROUP BY d.value ORDER BY d.value`,
      dayLabel(range.fromDay),
      dayLabel(range.toDay),
      siteId,
      rowDim,
      rowValue,
    );
    return rows.map((r) => ({ dimensions: [String(r.label)], sums: rollupSums(r, rowDim) }));
  }
  if (dim === "time:month") {
    const rows = await quire.sql.all<Row>(
      `SELECT substr(d.value, 1, 7) AS label, ${SUM_COLUMNS}
         FROM date_series(?, ?, '1 day') d
         LEFT JOIN rollup_daily r ON r.site_id = ? AND r.dim = ? AND r.value = ? AND r.day = unixepoch(d.value) / 86400
        GROUP BY label ORDER BY label`,
      dayLabel(range.fromDay),
      dayLabel(range.toDay),
      siteId,
      rowDim,
      rowValue,
    );
    return rows.map((r) => ({ dimensions: [String(r.label)], sums: rollupSums(r, rowDim) }));
  }
  if (dim === "time:hour") {
    const buckets = timeBuckets(range, "time:hour");
    const rows = await quire.sql.all<Row>(
      `SELECT b.key AS i, ${SUM_COLUMNS}
         FROM json_each(?) b
         LEFT JOIN rollup_hourly r ON r.site_id = ? AND r.hour = b.value
        GROUP BY b.key ORDER BY b.key`,
      JSON.stringify(buckets.map((b) => Math.floor(b.start / HOUR))),
      siteId,
    );
    return rows.map((r) => ({ dimensions: [buckets[Number(r.i)]!.label], sums: rollupSums(r, DIMS.total) }));
  }
  const key = propKey(dim);
  if (key !== null) {
    const name = await stringId(quire, filters[0]!.values[0]!);
    const keyId = await stringId(quire, key);
    const rows = await quire.sql.all<Row>(
      `SELECT value, sum(visitors) AS visitors, sum(events) AS events FROM rollup_props
        WHERE site_id = ? AND name = ? AND key = ? AND day BETWEEN ? AND ? GROUP BY value`,
      siteId,
      name,
      keyId,
      range.fromDay,
      range.toDay,
    );
    const names = await labels(quire, rows.map((r) => Number(r.value)));
    return rows.map((r) => ({
      dimensions: [names.get(Number(r.value)) ?? ""],
      sums: { ...EMPTY, visitors: Number(r.visitors), events: Number(r.events), pageviews: 0, visits: null, bounces: null, duration: null, visitPageviews: null },
    }));
  }
  const code = dim === "event:page" ? DIMS.page : dim === "event:name" ? DIMS.event : DIMS[VISIT_DIMENSIONS[dim as VisitDimension] as keyof typeof DIMS];
  const rows = await quire.sql.all<Row>(
    `SELECT value, ${SUM_COLUMNS} FROM rollup_daily WHERE site_id = ? AND dim = ? AND day BETWEEN ? AND ? GROUP BY value`,
    siteId,
    code,
    range.fromDay,
    range.toDay,
  );
  const names = await labels(quire, rows.map((r) => Number(r.value)));
  return rows
    .map((r) => ({ dimensions: [names.get(Number(r.value)) ?? ""], sums: rollupSums(r, code) }))
    .filter((g) => (code === DIMS.exit_page ? (g.sums.visits ?? 0) > 0 : true));
}

/** SQL condition + params for filters on `e` (events) and `v` (visits). */
async function filterSql(quire: AnalyticsDatabase, filters: Filter[], scope: "all" | "visit" | "event"): Promise<{ sql: string; params: unknown[] }> {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const f of filters) {
    const key = propKey(f.dimension);
    const isEventFilter = f.dimension === "event:page" || f.dimension === "event:name" || key !== null;
    if ((scope === "visit" && isEventFilter) || (scope === "event" && !isEventFilter)) continue;
    const negate = f.op === "is_not" || f.op === "contains_not";
    const contains = f.op === "contains" || f.op === "contains_not";
    if (key !== null) {
      if (f.op === "matches") throw new TRPCError({ code: "BAD_REQUEST", message: "matches is not supported on properties" });
      const expr = "json_extract(e.props, ?)";
      const cond = contains ? f.values.map(() => `instr(lower(${expr}), lower(?)) > 0`).join(" OR ") : `${expr} IN (SELECT value FROM json_each(?))`;
      parts.push(negate ? `NOT coalesce(${cond}, 0)` : `(${cond})`);
      if (contains) for (const v of f.values) params.push(jsonPath(key), v);
      else params.push(jsonPath(key), JSON.stringify(f.values));
      continue;
    }
    const column =
      f.dimension === "event:page" ? "e.path" : f.dimension === "event:name" ? "e.name" : `v.${VISIT_DIMENSIONS[f.dimension as VisitDimension]}`;
    let cond: string;
    if (f.op === "matches") {
      // Regular expressions through the `regexp` SQL function of @quire/db.
      cond = `${column} IN (SELECT id FROM strings WHERE ${f.values.map(() => "value REGEXP ?").join(" OR ")})`;
      params.push(...f.values);
    } else if (contains) {
      // The string ids of every value that contains one of the needles (case-insensitive).
      cond = `${column} IN (SELECT id FROM strings WHERE ${f.values.map(() => "instr(lower(value), lower(?)) > 0").join(" OR ")})`;
      params.push(...f.values);
    } else {
      const values = f.values.map((v) => (f.dimension === "event:name" && v === "pageview" ? "" : v === "(none)" ? "" : v));
      // '' is id 0 (none): matched without a strings lookup.
      cond = `(${column} IN (SELECT id FROM strings WHERE value IN (SELECT value FROM json_each(?)))${values.includes("") ? ` OR ${column} = 0` : ""})`;
      params.push(JSON.stringify(values.filter((v) => v !== "")));
    }
    parts.push(negate ? `NOT ${cond}` : cond);
  }
  return { sql: parts.length ? parts.map((p) => ` AND ${p}`).join("") : "", params };
}

async function fromRaw(quire: AnalyticsDatabase, siteId: number, range: DayRange, dims: Dimension[], filters: Filter[]): Promise<Grouped[]> {
  const time = dims.find(isTime);
  const buckets = time ? timeBuckets(range, time) : [];
  const eventFilter = await filterSql(quire, filters, "all");
  const visitFilter = await filterSql(quire, filters, "visit");
  // Inside the visits query's subquery only the event filters apply (visit ones would correlate it with the outer row).
  const eventOnlyFilter = await filterSql(quire, filters, "event");
  const hasEventFilter = filters.some((f) => !isVisit(f.dimension as Dimension));

  // Dimension expressions in each query (null: the dimension has no meaning there).
  const eventExpr = (d: Dimension) => (isTime(d) ? "b.key" : d === "event:page" ? "e.path" : d === "event:name" ? "e.name" : propKey(d) !== null ? "json_extract(e.props, ?)" : `v.${VISIT_DIMENSIONS[d as VisitDimension]}`);
  const visitExpr = (d: Dimension) => (isTime(d) ? "b.key" : isVisit(d) ? `v.${VISIT_DIMENSIONS[d]}` : null);
  const dimParams = (d: Dimension) => (propKey(d) !== null ? [jsonPath(propKey(d)!)] : []);
  const select = (exprs: string[]) => exprs.map((x, i) => `${x} AS d${i}`).join(", ");
  const groupBy = dims.length ? ` GROUP BY ${dims.map((_, i) => `d${i}`).join(", ")}` : "";
  const bucketJoin = (column: string) => (time ? ` JOIN json_each(?) b ON ${column} >= b.value ->> 0 AND ${column} < b.value ->> 1` : "");
  const bucketParam = time ? [JSON.stringify(buckets.map((b) => [b.start, b.end]))] : [];

  const eventRows = await quire.sql.all<Row>(
    `SELECT ${dims.length ? `${select(dims.map(eventExpr))}, ` : ""}count(DISTINCT v.visitor) AS visitors, sum(e.name = 0) AS pageviews,
            sum(e.name != 0) AS events, count(DISTINCT e.visit_id) AS visits
       FROM events e JOIN visits v ON v.id = e.visit_id${bucketJoin("e.ts")}
      WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ?${dims.includes("event:name") ? " AND e.name != 0" : ""}${dims
        .filter((d) => propKey(d) !== null)
        .map(() => " AND json_extract(e.props, ?) IS NOT NULL")
        .join("")}${eventFilter.sql}${groupBy}`,
    ...dims.flatMap(dimParams),
    ...bucketParam,
    siteId,
    range.from,
    range.to,
    ...dims.flatMap(dimParams),
    ...eventFilter.params,
  );

  const visitDims = dims.map(visitExpr);
  let visitRows: Row[] = [];
  if (visitDims.every((x) => x !== null)) {
    visitRows = await quire.sql.all<Row>(
      `SELECT ${dims.length ? `${select(visitDims)}, ` : ""}count(*) AS visits, sum(v.interactions = 1) AS bounces,
              sum(v.ended_at - v.started_at) AS duration, sum(v.pageviews) AS visit_pageviews
         FROM visits v${bucketJoin("v.started_at")}
        WHERE v.site_id = ? AND v.started_at >= ? AND v.started_at < ?${visitFilter.sql}${
          hasEventFilter ? ` AND v.id IN (SELECT e.visit_id FROM events e WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ?${eventOnlyFilter.sql})` : ""
        }${groupBy}`,
      ...bucketParam,
      siteId,
      range.from,
      range.to,
      ...visitFilter.params,
      ...(hasEventFilter ? [siteId, range.from, range.to, ...eventOnlyFilter.params] : []),
    );
  }

  const key = (r: Row) => JSON.stringify(dims.map((_, i) => r[`d${i}`] ?? null));
  const merged = new Map<string, { raw: (string | number | null)[]; sums: Sums }>();
  const get = (r: Row) => {
    const k = key(r);
    let m = merged.get(k);
    if (!m) {
      const visitLevel = visitDims.every((x) => x !== null);
      m = {
        raw: dims.map((_, i) => r[`d${i}`] ?? null),
        sums: visitLevel ? { ...EMPTY } : { ...EMPTY, bounces: null, duration: null, visitPageviews: null },
      };
      merged.set(k, m);
    }
    return m;
  };
  const visitLevel = visitDims.every((x) => x !== null);
  for (const r of eventRows) {
    const m = get(r);
    m.sums.visitors = Number(r.visitors ?? 0);
    m.sums.pageviews = Number(r.pageviews ?? 0);
    m.sums.events = Number(r.events ?? 0);
    if (!visitLevel) m.sums.visits = Number(r.visits ?? 0);
  }
  for (const r of visitRows) {
    const m = get(r);
    m.sums.visits = Number(r.visits ?? 0);
    m.sums.bounces = Number(r.bounces ?? 0);
    m.sums.duration = Number(r.duration ?? 0);
    m.sums.visitPageviews = Number(r.visit_pageviews ?? 0);
  }
  if (dims.length === 0 && merged.size === 0) merged.set("[]", { raw: [], sums: { ...EMPTY } });

  // Time: every bucket, empty ones as zeros.
  const timeIndex = time ? dims.indexOf(time) : -1;
  if (time && dims.length === 1) {
    for (let i = 0; i < buckets.length; i++) {
      if (!merged.has(JSON.stringify([i]))) merged.set(JSON.stringify([i]), { raw: [i], sums: { ...EMPTY, ...(visitLevel ? {} : { bounces: null, duration: null, visitPageviews: null }) } });
    }
  }
  const ids = [...merged.values()].flatMap((m) => m.raw.filter((v, i) => i !== timeIndex && propKey(dims[i]!) === null && typeof v === "number") as number[]);
  const names = await labels(quire, ids);
  return [...merged.values()].map((m) => ({
    dimensions: m.raw.map((v, i) => (i === timeIndex ? buckets[Number(v)]!.label : propKey(dims[i]!) !== null ? String(v ?? "") : (names.get(Number(v)) ?? ""))),
    sums: m.sums,
  }));
}
