import type { Metric } from "@quire/analytics-api";
import { formatNumber } from "@quire/ui";

const regions = new Intl.DisplayNames(["en"], { type: "region" });
const languages = new Intl.DisplayNames(["en"], { type: "language" });

export const DIMENSION_LABELS: Record<string, string> = {
  "event:page": "Page",
  "event:name": "Event",
  "visit:entry_page": "Entry page",
  "visit:exit_page": "Exit page",
  "visit:source": "Source",
  "visit:referrer": "Referrer",
  "visit:channel": "Channel",
  "visit:utm_source": "UTM source",
  "visit:utm_medium": "UTM medium",
  "visit:utm_campaign": "UTM campaign",
  "visit:utm_content": "UTM content",
  "visit:utm_term": "UTM term",
  "visit:browser": "Browser",
  "visit:browser_version": "Browser version",
  "visit:os": "Operating system",
  "visit:os_version": "OS version",
  "visit:device": "Device",
  "visit:screen": "Screen size",
  "visit:language": "Language",
  "visit:country": "Country",
  "visit:hostname": "Hostname",
};

export function dimensionLabel(d: string): string {
  return DIMENSION_LABELS[d] ?? (d.startsWith("event:props:") ? `Property ${d.slice(12)}` : d);
}

export const METRIC_LABELS: Record<Metric, string> = {
  visitors: "Visitors",
  visits: "Visits",
  pageviews: "Pageviews",
  events: "Events",
  bounce_rate: "Bounce rate",
  visit_duration: "Visit duration",
  views_per_visit: "Views per visit",
};

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m < 60 ? `${m}m ${s}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function formatMetric(metric: Metric, value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (metric === "bounce_rate") return `${value}%`;
  if (metric === "visit_duration") return formatDuration(value);
  if (metric === "views_per_visit") return value.toFixed(2);
  return formatNumber(value);
}

/** How a raw value reads: country and language names, "Direct / None" for no source. */
export function displayValue(dimension: string, value: string): string {
  if (value === "") return dimension === "visit:source" || dimension === "visit:referrer" ? "Direct / None" : "(none)";
  try {
    if (dimension === "visit:country") return `${regions.of(value) ?? value} (${value})`;
    if (dimension === "visit:language") return `${languages.of(value) ?? value}`;
  } catch {
    // not a code Intl knows
  }
  return value;
}
