import { schema } from "@quire/analytics-db";
import type { AnalyticsDatabase, FunnelStep } from "@quire/analytics-db";
import { TRPCError } from "@quire/trpc";
import { and, eq } from "drizzle-orm";

import { patternToRegExp, patternToRegExpSource } from "../sites/patterns";
import type { DayRange } from "./range";

const { funnels } = schema;
export type Funnel = typeof funnels.$inferSelect;

export function listFunnels(quire: AnalyticsDatabase, siteId: number): Funnel[] {
  return quire.db.select().from(funnels).where(eq(funnels.siteId, siteId)).orderBy(funnels.id).all();
}

/** A funnel of 2–8 steps (pages or custom events), completed in order within one visit. */
export async function createFunnel(quire: AnalyticsDatabase, siteId: number, data: { name: string; steps: FunnelStep[] }): Promise<Funnel> {
  const name = data.name.trim();
  if (!name) throw new TRPCError({ code: "BAD_REQUEST", message: "A funnel needs a name" });
  if (data.steps.length < 2 || data.steps.length > 8) throw new TRPCError({ code: "BAD_REQUEST", message: "A funnel has 2 to 8 steps" });
  const steps = data.steps.map((s) => ({ kind: s.kind, value: s.value.trim() }));
  if (steps.some((s) => !s.value || (s.kind === "page" && !s.value.startsWith("/")))) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Every step needs a page (starting with /) or an event name" });
  }
  return quire.writer.run((db) => db.insert(funnels).values({ siteId, name, steps }).returning().get());
}

export async function deleteFunnel(quire: AnalyticsDatabase, siteId: number, id: number): Promise<void> {
  await quire.writer.run((db) => db.delete(funnels).where(and(eq(funnels.siteId, siteId), eq(funnels.id, id))).run());
}

export interface FunnelReport {
  id: number;
  name: string;
  steps: {
    kind: "page" | "event";
    value: string;
    visitors: number;
    /** Percent of the first step's visitors. */
    conversionRate: number;
    /** Percent of the previous step's visitors. */
    stepRate: number;
    dropoff: number;
  }[];
}

/**
 * How many visitors completed each step of a funnel in order, within one
 * visit. The raw events that match any step are read in visit and time
 * order (pages matched with `regexp`), and each visit advances through the
 * steps in JavaScript.
 */
export async function funnelReport(quire: AnalyticsDatabase, siteId: number, funnelId: number, range: DayRange): Promise<FunnelReport> {
  const funnel = listFunnels(quire, siteId).find((f) => f.id === funnelId);
  if (!funnel) throw new TRPCError({ code: "NOT_FOUND", message: `No funnel ${funnelId}` });
  const pageSteps = funnel.steps.filter((s) => s.kind === "page");
  const eventSteps = funnel.steps.filter((s) => s.kind === "event").map((s) => s.value);
  const pagePattern = pageSteps.length ? pageSteps.map((s) => `(?:${patternToRegExpSource(s.value)})`).join("|") : "^$.";
  const rows = await quire.sql.all<{ visit: number; visitor: number; name: string | null; path: string }>(
    `SELECT e.visit_id AS visit, v.visitor, n.value AS name, p.value AS path
       FROM events e JOIN visits v ON v.id = e.visit_id JOIN strings p ON p.id = e.path LEFT JOIN strings n ON n.id = e.name
      WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ?
        AND ((e.name = 0 AND e.path IN (SELECT id FROM strings WHERE value REGEXP ?))
          OR e.name IN (SELECT id FROM strings WHERE value IN (SELECT value FROM json_each(?))))
      ORDER BY e.visit_id, e.ts, e.id`,
    siteId,
    range.from,
    range.to,
    pagePattern,
    JSON.stringify(eventSteps),
  );
  const matchers = funnel.steps.map((s) =>
    s.kind === "page" ? ((r: { name: string | null; path: string }) => r.name === null && patternToRegExp(s.value).test(r.path)) : (r: { name: string | null }) => r.name === s.value,
  );
  const reached = funnel.steps.map(() => new Set<number>());
  let visit = -1;
  let next = 0;
  for (const r of rows) {
    if (r.visit !== visit) {
      visit = r.visit;
      next = 0;
    }
    if (next < matchers.length && matchers[next]!(r)) {
      reached[next]!.add(r.visitor);
      next++;
    }
  }
  const first = reached[0]!.size;
  return {
    id: funnel.id,
    name: funnel.name,
    steps: funnel.steps.map((s, i) => {
      const visitors = reached[i]!.size;
      const prev = i === 0 ? visitors : reached[i - 1]!.size;
      return {
        kind: s.kind,
        value: s.value,
        visitors,
        conversionRate: first ? Math.round((visitors * 1000) / first) / 10 : 0,
        stepRate: prev ? Math.round((visitors * 1000) / prev) / 10 : 0,
        dropoff: prev - visitors,
      };
    }),
  };
}
