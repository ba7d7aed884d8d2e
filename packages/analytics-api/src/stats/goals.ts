import { DIMS, schema } from "@quire/analytics-db";
import type { AnalyticsDatabase } from "@quire/analytics-db";
import { TRPCError } from "@quire/trpc";
import { and, eq } from "drizzle-orm";

import { isPattern, patternToRegExpSource } from "../sites/patterns";
import { runQuery } from "./query";
import type { Filter } from "./query";
import type { DayRange } from "./range";

const { goals } = schema;
export type Goal = typeof goals.$inferSelect;

export function listGoals(quire: AnalyticsDatabase, siteId: number): Goal[] {
  return quire.db.select().from(goals).where(eq(goals.siteId, siteId)).orderBy(goals.id).all();
}

/** Add a goal: a page path or pattern (`/signup`, `/blog/**`), or a custom event name. */
export async function createGoal(quire: AnalyticsDatabase, siteId: number, data: { kind: "page" | "event"; value: string }): Promise<Goal> {
  const value = data.value.trim();
  if (!value) throw new TRPCError({ code: "BAD_REQUEST", message: "A goal needs a page or an event name" });
  if (data.kind === "page" && !value.startsWith("/")) throw new TRPCError({ code: "BAD_REQUEST", message: "A page goal starts with /" });
  const goal = await quire.writer.run((db) => {
    if (db.select().from(goals).where(and(eq(goals.siteId, siteId), eq(goals.kind, data.kind), eq(goals.value, value))).get()) return null;
    return db.insert(goals).values({ siteId, kind: data.kind, value }).returning().get();
  });
  if (!goal) throw new TRPCError({ code: "CONFLICT", message: "That goal exists" });
  return goal;
}

export async function deleteGoal(quire: AnalyticsDatabase, siteId: number, id: number): Promise<void> {
  await quire.writer.run((db) => db.delete(goals).where(and(eq(goals.siteId, siteId), eq(goals.id, id))).run());
}

export interface GoalConversion {
  id: number;
  kind: "page" | "event";
  value: string;
  /** Unique visitors who converted. */
  visitors: number;
  /** Pageviews of the goal's pages, or the event's count. */
  events: number;
  /** visitors / all visitors, in percent (one decimal). */
  conversionRate: number;
}

/**
 * Conversions of every goal. Without filters they come from the rollups
 * (a page pattern sums its pages: a visitor who converted on two matching
 * pages counts twice there); with filters from the raw events, where the
 * pattern is matched with the `regexp` SQL function.
 */
export async function goalConversions(
  quire: AnalyticsDatabase,
  siteId: number,
  { range, filters = [] }: { range: DayRange; filters?: Filter[] },
): Promise<GoalConversion[]> {
  const list = listGoals(quire, siteId);
  if (list.length === 0) return [];
  const total = (await runQuery(quire, siteId, { range, metrics: ["visitors"], filters })).rows[0]?.metrics[0] ?? 0;
  const out: GoalConversion[] = [];
  for (const goal of list) {
    let visitors = 0;
    let events = 0;
    if (filters.length === 0) {
      const r =
        goal.kind === "event"
          ? await quire.sql.get<{ visitors: number; events: number }>(
              `SELECT coalesce(sum(r.visitors), 0) AS visitors, coalesce(sum(r.events), 0) AS events
                 FROM rollup_daily r JOIN strings s ON s.id = r.value
                WHERE r.site_id = ? AND r.dim = ? AND r.day BETWEEN ? AND ? AND s.value = ?`,
              siteId,
              DIMS.event,
              range.fromDay,
              range.toDay,
              goal.value,
            )
          : await quire.sql.get<{ visitors: number; events: number }>(
              `SELECT coalesce(sum(r.visitors), 0) AS visitors, coalesce(sum(r.pageviews), 0) AS events
                 FROM rollup_daily r JOIN strings s ON s.id = r.value
                WHERE r.site_id = ? AND r.dim = ? AND r.day BETWEEN ? AND ? AND ${isPattern(goal.value) ? "s.value REGEXP ?" : "s.value = ?"}`,
              siteId,
              DIMS.page,
              range.fromDay,
              range.toDay,
              isPattern(goal.value) ? patternToRegExpSource(goal.value) : goal.value,
            );
      visitors = r?.visitors ?? 0;
      events = r?.events ?? 0;
    } else {
      const goalFilter: Filter =
        goal.kind === "event"
          ? { op: "is", dimension: "event:name", values: [goal.value] }
          : isPattern(goal.value)
            ? { op: "matches", dimension: "event:page", values: [patternToRegExpSource(goal.value)] }
            : { op: "is", dimension: "event:page", values: [goal.value] };
      const r = await runQuery(quire, siteId, { range, metrics: ["visitors", "events"], filters: [...filters, goalFilter] });
      visitors = r.rows[0]?.metrics[0] ?? 0;
      events = r.rows[0]?.metrics[1] ?? 0;
    }
    out.push({ id: goal.id, kind: goal.kind, value: goal.value, visitors, events, conversionRate: total ? Math.round((visitors * 1000) / total) / 10 : 0 });
  }
  return out;
}
