export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** Whether `tz` is an IANA time zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * Offset of `tz` from UTC at instant `ts`, in ms (UTC+2 → 7_200_000).
 * Cached per zone and UTC quarter hour: Intl is slow, and offsets only
 * change on those boundaries.
 */
export function tzOffset(ts: number, tz: string): number {
  if (tz === "UTC") return 0;
  const slot = Math.floor(ts / (15 * 60_000));
  const key = `${tz}|${slot}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const at = slot * 15 * 60_000;
    const parts: Record<string, number> = {};
    for (const p of formatter(tz).formatToParts(at)) if (p.type !== "literal") parts[p.type] = Number(p.value);
    const local = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute);
    offset = local - at;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The local calendar day of `ts` in `tz`, as days since 1970-01-01. */
export function localDay(ts: number, tz: string): number {
  return Math.floor((ts + tzOffset(ts, tz)) / DAY);
}

/** UTC instant at which local day `day` starts in `tz` (local midnight). */
export function dayStart(day: number, tz: string): number {
  const guess = day * DAY;
  // Two rounds settle DST: the offset at the instant, then at the corrected instant.
  let ts = guess - tzOffset(guess, tz);
  ts = guess - tzOffset(ts, tz);
  return ts;
}

/** 'YYYY-MM-DD' of a day number. */
export function dayLabel(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Day number of 'YYYY-MM-DD' (NaN when malformed). */
export function parseDay(label: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(label)) return NaN;
  const ms = Date.parse(`${label}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== label ? NaN : ms / DAY;
}
