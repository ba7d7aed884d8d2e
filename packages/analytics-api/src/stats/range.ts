import { DAY, dayLabel, dayStart, localDay, parseDay } from "@quire/analytics-db";
import { TRPCError } from "@quire/trpc";
import { z } from "zod";

export const PeriodSchema = z.enum(["day", "7d", "30d", "month", "12mo", "custom"]);
export type Period = z.infer<typeof PeriodSchema>;

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date is YYYY-MM-DD");

export const RangeInputSchema = z.object({
  period: PeriodSchema.default("30d"),
  /** The day of "day", the month of "month" (any day in it); default today. */
  date: DateSchema.optional(),
  /** For "custom": first and last day, inclusive. */
  from: DateSchema.optional(),
  to: DateSchema.optional(),
});
export type RangeInput = z.input<typeof RangeInputSchema>;

/** Local days `fromDay`..`toDay` (inclusive) of a site, with their UTC instants. */
export interface DayRange {
  fromDay: number;
  toDay: number;
  /** UTC ms of the first day's local midnight. */
  from: number;
  /** UTC ms of the local midnight after the last day (exclusive). */
  to: number;
  timezone: string;
}

export const MAX_RANGE_DAYS = 3660;

export function dayRange(fromDay: number, toDay: number, timezone: string): DayRange {
  return { fromDay, toDay, from: dayStart(fromDay, timezone), to: dayStart(toDay + 1, timezone), timezone };
}

function day(label: string | undefined, fallback: number): number {
  if (label === undefined) return fallback;
  const d = parseDay(label);
  if (Number.isNaN(d)) throw new TRPCError({ code: "BAD_REQUEST", message: `Not a date: ${label}` });
  return d;
}

/**
 * A dashboard period as local days of the site: today, the last 7 or 30
 * days (today included), a calendar month, the last 12 months, or custom
 * dates. `previous` is the same number of days just before (for comparisons).
 *
 * @example
 * resolveRange({ period: "7d" }, "Europe/Berlin").range // { fromDay: …, toDay: today }
 */
export function resolveRange(input: RangeInput, timezone: string, now = Date.now()): { range: DayRange; previous: DayRange } {
  const parsed = RangeInputSchema.parse(input);
  const today = localDay(now, timezone);
  let fromDay: number;
  let toDay: number;
  switch (parsed.period) {
    case "day":
      fromDay = toDay = day(parsed.date, today);
      break;
    case "7d":
      toDay = today;
      fromDay = today - 6;
      break;
    case "30d":
      toDay = today;
      fromDay = today - 29;
      break;
    case "month": {
      const d = new Date(day(parsed.date, today) * DAY);
      fromDay = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY;
      toDay = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / DAY;
      break;
    }
    case "12mo": {
      const d = new Date(today * DAY);
      fromDay = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 11, 1) / DAY;
      toDay = today;
      break;
    }
    case "custom":
      if (!parsed.from || !parsed.to) throw new TRPCError({ code: "BAD_REQUEST", message: "A custom range needs from and to" });
      fromDay = day(parsed.from, today);
      toDay = day(parsed.to, today);
      break;
  }
  if (toDay < fromDay) throw new TRPCError({ code: "BAD_REQUEST", message: "The range ends before it starts" });
  if (toDay - fromDay + 1 > MAX_RANGE_DAYS) throw new TRPCError({ code: "BAD_REQUEST", message: `At most ${MAX_RANGE_DAYS} days` });
  const length = toDay - fromDay + 1;
  return { range: dayRange(fromDay, toDay, timezone), previous: dayRange(fromDay - length, fromDay - 1, timezone) };
}

export function describeRange(range: DayRange): string {
  return range.fromDay === range.toDay ? dayLabel(range.fromDay) : `${dayLabel(range.fromDay)} – ${dayLabel(range.toDay)}`;
}
