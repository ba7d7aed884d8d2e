/**
 * Dimension codes of `rollup_daily.dim` and the `visits` column each visit
 * dimension lives in. What the metrics mean per kind:
 *
 * - `total` (value 0): every metric of the site.
 * - `page` (event-level): visitors (unique per visitor hash), pageviews.
 * - `event` (custom event names): visitors, events.
 * - `exit_page`: visits = exits.
 * - visit dimensions (entry page, source, UTM, browser, …): visitors,
 *   visits, pageviews, events, bounces and duration of the visits that
 *   started with that value, on the day they started.
 */
export const DIMS = {
  total: 0,
  page: 1,
  entry_page: 2,
  exit_page: 3,
  source: 4,
  referrer: 5,
  channel: 6,
  utm_source: 7,
  utm_medium: 8,
  utm_campaign: 9,
  utm_content: 10,
  utm_term: 11,
  browser: 12,
  browser_version: 13,
  os: 14,
  os_version: 15,
  device: 16,
  screen: 17,
  language: 18,
  country: 19,
  hostname: 20,
  event: 21,
} as const;

export type DimName = keyof typeof DIMS;

/** Dimensions fixed for the whole visit, with their `visits` column. */
export const VISIT_DIMS = [
  ["entry_page", "entry_page"],
  ["hostname", "hostname"],
  ["source", "source"],
  ["referrer", "referrer"],
  ["channel", "channel"],
  ["utm_source", "utm_source"],
  ["utm_medium", "utm_medium"],
  ["utm_campaign", "utm_campaign"],
  ["utm_content", "utm_content"],
  ["utm_term", "utm_term"],
  ["browser", "browser"],
  ["browser_version", "browser_version"],
  ["os", "os"],
  ["os_version", "os_version"],
  ["device", "device"],
  ["screen", "screen"],
  ["language", "language"],
  ["country", "country"],
] as const satisfies readonly (readonly [DimName, string])[];

export type VisitDim = (typeof VISIT_DIMS)[number][0];

/** `events.flags` bits. */
export const EVENT_FLAGS = {
  /** First event of its visit. */
  entry: 1,
  /** First event of this visitor hash (a new visitor for the day). */
  newVisitor: 2,
  /** First event of this visitor in this UTC hour. */
  newVisitorHour: 4,
  /** First view of this page (or first time of this event name) by this visitor. */
  unique: 8,
  /** A custom event that does not count against bouncing. */
  nonInteractive: 16,
} as const;

/** A visit ends after this long without events. */
export const VISIT_TIMEOUT_MS = 30 * 60_000;
