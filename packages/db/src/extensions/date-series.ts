import type { TableFunction } from "./registry";

const UNITS = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 0,
  year: 0,
} as const;
type Unit = keyof typeof UNITS;

/** Most rows one call may produce: a typo in a step must not hang the process. */
export const DATE_SERIES_MAX_ROWS = 1_000_000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/;

/** SQL values arrive as string, number, bigint, Buffer or null. */
function asText(value: unknown, fallback: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  return fallback;
}

function parseDate(value: unknown, what: string): { ms: number; dateOnly: boolean } {
  const text = asText(value, "").trim();
  if (!DATE_ONLY.test(text) && !DATE_TIME.test(text)) {
    throw new Error(`date_series: ${what} must be 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS', got '${text}'`);
  }
  const iso = DATE_ONLY.test(text) ? `${text}T00:00:00Z` : `${text.replace(" ", "T").replace(/Z$/, "")}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`date_series: ${what} '${text}' is not a valid date`);
  return { ms, dateOnly: DATE_ONLY.test(text) };
}

function parseStep(value: unknown): { n: number; unit: Unit } {
  const text = asText(value, "1 day").trim().toLowerCase();
  const m = /^\+?(\d+)\s*(second|minute|hour|day|week|month|year)s?$/.exec(text);
  if (!m || Number(m[1]) <= 0) {
    throw new Error(`date_series: step must look like '1 day', '6 hours' or '1 month', got '${text}'`);
  }
  return { n: Number(m[1]), unit: m[2] as Unit };
}

/** The k-th point after `start`; months clamp to the month's last day (Jan 31 + 1 month = Feb 29). */
function pointAt(start: number, k: number, n: number, unit: Unit): number {
  if (unit === "month" || unit === "year") {
    const d = new Date(start);
    const months = d.getUTCMonth() + k * n * (unit === "year" ? 12 : 1);
    const year = d.getUTCFullYear() + Math.floor(months / 12);
    const month = ((months % 12) + 12) % 12;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  }
  return start + k * n * UNITS[unit];
}

function format(ms: number, dateOnly: boolean): string {
  const iso = new Date(ms).toISOString();
  return dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * `date_series(start, stop, step)`: one row per point from start to stop
 * inclusive, in UTC, column `value`. Dates keep the shape of `start`
 * ('YYYY-MM-DD' in, 'YYYY-MM-DD' out). Handy to fill empty days in charts:
 *
 * @example
 * SELECT d.value AS day, count(e.id) FROM date_series('2024-01-01', '2024-01-31', '1 day') d
 * LEFT JOIN events e ON date(e.ts) = d.value GROUP BY d.value
 */
export const dateSeries: TableFunction = {
  kind: "table",
  name: "date_series",
  columns: ["value"],
  parameters: ["start", "stop", "step"],
  *rows(start, stop, step) {
    const from = parseDate(start, "start");
    const to = parseDate(stop, "stop");
    const { n, unit } = parseStep(step);
    const dateOnly = from.dateOnly && ["day", "week", "month", "year"].includes(unit);
    for (let k = 0; ; k++) {
      const t = pointAt(from.ms, k, n, unit);
      if (t > to.ms) break;
      if (k >= DATE_SERIES_MAX_ROWS) {
        throw new Error(`date_series: more than ${DATE_SERIES_MAX_ROWS} rows; use a larger step`);
      }
      yield [format(t, dateOnly)];
    }
  },
};
