import { dayLabel, localDay } from "@quire/analytics-db";
import type { AnalyticsDatabase } from "@quire/analytics-db";
import { TRPCError } from "@quire/trpc";
import { z } from "zod";

import { apiKeysConfigured, verifyApiKey } from "./api-keys";
import { readBody } from "./ingest/handlers";
import { findSite } from "./sites";
import { DimensionSchema, MetricSchema, resolveRange, runQuery } from "./stats";
import type { Filter, RangeInput } from "./stats";

const DateRangeSchema = z.union([
  z.enum(["day", "7d", "28d", "30d", "month", "6mo", "12mo", "year", "all"]),
  z.tuple([z.string(), z.string()]),
]);

const FilterTupleSchema = z.tuple([z.enum(["is", "is_not", "contains", "contains_not"]), z.string(), z.array(z.union([z.string(), z.number()])).min(1).max(100)]);

/** The subset of Plausible's Stats API v2 query that Quire answers. */
export const StatsApiQuerySchema = z.object({
  site_id: z.string().min(1).max(253),
  metrics: z.array(MetricSchema).min(1).max(7),
  date_range: DateRangeSchema,
  dimensions: z.array(DimensionSchema).max(2).default([]),
  filters: z.array(FilterTupleSchema).max(20).default([]),
  order_by: z
    .array(z.tuple([z.string(), z.enum(["asc", "desc"])]))
    .max(5)
    .optional(),
  pagination: z.object({ limit: z.number().int().min(1).max(10_000).default(10_000), offset: z.number().int().min(0).default(0) }).optional(),
  include: z.object({ total_rows: z.boolean().optional() }).optional(),
});
export type StatsApiQuery = z.infer<typeof StatsApiQuerySchema>;

function rangeOf(dateRange: StatsApiQuery["date_range"], timezone: string, firstDay: () => number, now: number): RangeInput {
  if (Array.isArray(dateRange)) return { period: "custom", from: dateRange[0].slice(0, 10), to: dateRange[1].slice(0, 10) };
  const today = localDay(now, timezone);
  switch (dateRange) {
    case "day":
    case "7d":
    case "30d":
    case "month":
    case "12mo":
      return { period: dateRange };
    case "28d":
      return { period: "custom", from: dayLabel(today - 27), to: dayLabel(today) };
    case "6mo": {
      const d = new Date(today * 86_400_000);
      return { period: "custom", from: dayLabel(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 5, 1) / 86_400_000), to: dayLabel(today) };
    }
    case "year":
      return { period: "custom", from: `${dayLabel(today).slice(0, 4)}-01-01`, to: dayLabel(today) };
    case "all":
      return { period: "custom", from: dayLabel(Math.min(firstDay(), today)), to: dayLabel(today) };
  }
}

/**
 * Answer a Stats API v2 query (`POST /api/v2/query`, Plausible's format):
 * metrics by dimensions over a date range with `is`/`contains` filters.
 */
export async function statsApiQuery(quire: AnalyticsDatabase, body: unknown, now = Date.now()) {
  const parsed = StatsApiQuerySchema.safeParse(body);
  if (!parsed.success) {
    throw new TRPCError({ code: "BAD_REQUEST", message: parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ") });
  }
  const q = parsed.data;
  const site = findSite(quire, q.site_id);
  if (!site) throw new TRPCError({ code: "NOT_FOUND", message: `Site ${q.site_id} does not exist` });
  const firstDay = () => {
    const ts = quire.sqlite.prepare("SELECT min(ts) FROM events WHERE site_id = ?").pluck().get(site.id) as number | null;
    return ts === null ? localDay(now, site.timezone) : localDay(ts, site.timezone);
  };
  const { range } = resolveRange(rangeOf(q.date_range, site.timezone, firstDay, now), site.timezone, now);
  const filters: Filter[] = q.filters.map(([op, dimension, values]) => ({ op, dimension, values: values.map(String) }));
  for (const f of filters) {
    const ok = DimensionSchema.safeParse(f.dimension).success && !f.dimension.startsWith("time:");
    if (!ok) throw new TRPCError({ code: "BAD_REQUEST", message: `Cannot filter by ${f.dimension}` });
  }
  const orderBy = q.order_by?.map(([key, dir]) => {
    if (!q.metrics.includes(key as never) && !q.dimensions.includes(key as never)) {
      throw new TRPCError({ code: "BAD_REQUEST", message: `order_by ${key} is not among the metrics or dimensions` });
    }
    return [key, dir] as [never, "asc" | "desc"];
  });
  const result = await runQuery(quire, site.id, {
    range,
    metrics: q.metrics,
    dimensions: q.dimensions,
    filters,
    orderBy,
    limit: q.pagination?.limit ?? 10_000,
    offset: q.pagination?.offset ?? 0,
  });
  return {
    results: result.rows.map((r) => ({ metrics: r.metrics, dimensions: r.dimensions })),
    meta: q.include?.total_rows ? { total_rows: result.total } : {},
    query: { ...q, date_range: [new Date(range.from).toISOString(), new Date(range.to - 1).toISOString()] },
  };
}

function bearerOf(header: string | null): string {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1]! : "";
}

const STATUS: Partial<Record<TRPCError["code"], number>> = { BAD_REQUEST: 400, NOT_FOUND: 404, UNAUTHORIZED: 401 };

/**
 * Route handler of `POST /api/v2/query`: bearer API key (one made in the
 * dashboard, or `ANALYTICS_API_KEY`), JSON in, JSON out; errors as
 * `{ "error": "…" }` with the right 4xx.
 */
export async function handleStatsApi(quire: AnalyticsDatabase, request: Request, apiKey: string | undefined): Promise<Response> {
  const bearer = bearerOf(request.headers.get("authorization"));
  if (!(await verifyApiKey(quire, bearer, apiKey))) {
    const off = !apiKeysConfigured(quire, apiKey);
    return Response.json(
      { error: off ? "The Stats API is off: create an API key in the dashboard (API keys) or set ANALYTICS_API_KEY" : "Invalid API key" },
      { status: 401, headers: { "www-authenticate": 'Bearer realm="Quire analytics"' } },
    );
  }
  const text = await readBody(request, 64 * 1024);
  if (text === null) return Response.json({ error: "The query is too large" }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json({ error: "The body is not valid JSON" }, { status: 400 });
  }
  try {
    return Response.json(await statsApiQuery(quire, body), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof TRPCError && STATUS[error.code]) return Response.json({ error: error.message }, { status: STATUS[error.code] });
    throw error;
  }
}
