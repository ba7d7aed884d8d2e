import { VISIT_TIMEOUT_MS } from "./dims";
import type { Hit, VisitAttributes } from "./ingest";
import { DAY } from "./time";

/** Deterministic pseudo-random numbers, so generated data is the same on every machine. */
export function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

/** Pick from weighted choices. */
function weighted<T>(choices: readonly (readonly [T, number])[]): (r: Random) => T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  return (r) => {
    let x = r() * total;
    for (const [value, w] of choices) if ((x -= w) < 0) return value;
    return choices[choices.length - 1]![0];
  };
}

/** Zipf-like pick among n items (rank 0 most popular). */
function zipf(n: number, s = 1.1): (r: Random) => number {
  const cdf: number[] = [];
  let sum = 0;
  for (let k = 1; k <= n; k++) cdf.push((sum += 1 / k ** s));
  return (r) => {
    const x = r() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const SOURCES = weighted<[string, string, string]>([
  // [source, referrer, channel]
  [["", "", "Direct"], 40],
  [["Google", "google.com", "Organic Search"], 24],
  [["DuckDuckGo", "duckduckgo.com", "Organic Search"], 4],
  [["Bing", "bing.com", "Organic Search"], 3],
  [["Hacker News", "news.ycombinator.com", "Organic Social"], 8],
  [["Reddit", "reddit.com", "Organic Social"], 4],
  [["Mastodon", "mastodon.social", "Organic Social"], 3],
  [["Twitter", "t.co", "Organic Social"], 3],
  [["GitHub", "github.com", "Referral"], 4],
  [["Lobsters", "lobste.rs", "Organic Social"], 2],
  [["Newsletter", "", "Email"], 2],
  [["dev.to", "dev.to", "Referral"], 3],
]);
const BROWSERS = weighted<[string, string, string, string, string]>([
  // [browser, version, os, os version, device]
  [["Chrome", "131", "Windows", "10", "Desktop"], 28],
  [["Chrome", "131", "macOS", "10.15", "Desktop"], 10],
  [["Chrome", "130", "Android", "14", "Mobile"], 16],
  [["Mobile Safari", "18", "iOS", "18.1", "Mobile"], 14],
  [["Safari", "18", "macOS", "10.15", "Desktop"], 7],
  [["Firefox", "133", "Windows", "10", "Desktop"], 5],
  [["Firefox", "133", "Linux", "", "Desktop"], 3],
  [["Edge", "131", "Windows", "10", "Desktop"], 8],
  [["Mobile Safari", "17", "iOS", "17.6", "Tablet"], 3],
  [["Samsung Internet", "26", "Android", "13", "Mobile"], 3],
  [["Opera", "114", "Windows", "11", "Desktop"], 1],
]);
const SCREENS: Record<string, (r: Random) => string> = {
  Desktop: weighted([
    ["Desktop", 55],
    ["Laptop", 45],
  ]),
  Mobile: () => "Mobile",
  Tablet: () => "Tablet",
};
const COUNTRIES = ["US", "DE", "GB", "FR", "IN", "NL", "CA", "BR", "JP", "SE", "PL", "ES", "IT", "AU", "CH", "AT", "BE", "DK", "FI", "NO", "CZ", "PT", "IE", "KR", "CN", "RU", "UA", "MX", "AR", "ZA", "NZ", "SG", "IL", "TR", "RO", "HU", "GR", "ID", "VN", "PH"];
const LANGUAGES = weighted([
  ["en-US", 40],
  ["en-GB", 8],
  ["de-DE", 12],
  ["fr-FR", 7],
  ["es-ES", 5],
  ["ja-JP", 3],
  ["pt-BR", 4],
  ["nl-NL", 3],
  ["pl-PL", 2],
  ["sv-SE", 2],
  ["zh-CN", 3],
  ["ru-RU", 2],
  ["it-IT", 3],
]);
const UTM = weighted<[string, string, string] | null>([
  [null, 90],
  [["newsletter", "email", "weekly"], 4],
  [["twitter", "social", "launch"], 3],
  [["google", "cpc", "brand"], 3],
]);

/** Mean events (pageviews + custom events) per generated visit, measured. */
const EVENTS_PER_VISIT = 2.3;

export interface GenerateOptions {
  siteId: number;
  timezone?: string;
  /** First and last day (inclusive) as UTC ms; hits fall between `from` and `to`. */
  from: number;
  to: number;
  /** About this many events in total (pageviews + custom events). */
  events: number;
  /** Page paths, most popular first (Zipf); default: 400 generated paths. */
  pages?: string[];
  seed?: number;
}

/**
 * Realistic, skewed, deterministic traffic as hits, in time order per visit
 * and visits in order of start: a daily rhythm, Zipf-distributed pages and
 * countries, a few big referrers, ~45 % bounces, returning visitors within a
 * day, some UTM campaigns and custom events with properties. Feeds the demo
 * seed and the benchmarks through the same recorder as live traffic.
 *
 * @example
 * for (const batch of generateHits({ siteId, from, to, events: 1_000_000 })) await recordHits(quire, batch);
 */
export function* generateHits(options: GenerateOptions, batchSize = 5000): Generator<Hit[]> {
  const r = mulberry32(options.seed ?? 42);
  const tz = options.timezone ?? "UTC";
  const pages =
    options.pages ??
    Array.from({ length: 400 }, (_, i) =>
      i === 0 ? "/" : i < 10 ? `/${["blog", "about", "pricing", "docs", "signup", "contact", "changelog", "tags", "search"][i - 1]}` : `/blog/post-${i}`,
    );
  const pickPage = zipf(pages.length);
  const pickCountry = zipf(COUNTRIES.length, 1.3);
  const days = Math.max(1, Math.ceil((options.to - options.from) / DAY));
  const visitsTotal = Math.max(1, Math.round(options.events / EVENTS_PER_VISIT));
  // Traffic grows slowly over the range, with a weekly rhythm and random wiggle.
  const weights = Array.from({ length: days }, (_, d) => (1 + d / days) * (d % 7 >= 5 ? 0.75 : 1) * (0.85 + r() * 0.3));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let batch: Hit[] = [];

  for (let d = 0; d < days; d++) {
    const dayStart = options.from + d * DAY;
    const visitsToday = Math.max(1, Math.round((visitsTotal * weights[d]!) / weightSum));
    // Start times, sorted: a daily rhythm peaking mid-afternoon UTC.
    const starts = Array.from({ length: visitsToday }, () => {
      const hour = (14 + (r() + r() + r() - 1.5) * 9 + 24) % 24;
      return dayStart + Math.floor((hour / 24) * DAY);
    }).sort((a, b) => a - b);
    const pool: { visitor: number; endedAt: number; attrs: VisitAttributes }[] = [];
    for (const start of starts) {
      if (start > options.to) break;
      // ~12 % of visits come from someone already seen today (same hash).
      let visitor = Math.floor(r() * 2 ** 53);
      let attrs: VisitAttributes | undefined;
      if (pool.length > 0 && r() < 0.12) {
        const back = pool[Math.floor(r() * pool.length)]!;
        if (start - back.endedAt > VISIT_TIMEOUT_MS + 60_000) {
          visitor = back.visitor;
          attrs = { ...back.attrs };
        }
      }
      if (!attrs) {
        const [browser, browserVersion, os, osVersion, device] = BROWSERS(r);
        attrs = {
          browser,
          browser_version: `${browser} ${browserVersion}`,
          os,
          os_version: osVersion ? `${os} ${osVersion}` : "",
          device,
          screen: SCREENS[device]!(r),
          language: LANGUAGES(r),
          country: COUNTRIES[pickCountry(r)]!,
          hostname: "",
        };
      }
      const [source, referrer, channel] = SOURCES(r);
      const utm = UTM(r);
      attrs = {
        ...attrs,
        source: utm ? (source || utm[0]) : source,
        referrer,
        channel: utm?.[1] === "cpc" ? "Paid Search" : utm?.[1] === "email" ? "Email" : channel,
        utm_source: utm?.[0] ?? "",
        utm_medium: utm?.[1] ?? "",
        utm_campaign: utm?.[2] ?? "",
        utm_content: "",
        utm_term: "",
      };
      // Pageviews per visit: ~45 % single-page visits, a long tail.
      let views = 1;
      if (r() >= 0.45) {
        views = 2;
        while (views < 30 && r() < 0.55) views++;
      }
      let ts = start;
      const visitHits: Hit[] = [];
      let path = pages[pickPage(r)]!;
      for (let v = 0; v < views; v++) {
        visitHits.push({ siteId: options.siteId, timezone: tz, ts, visitor, kind: "pageview", path, visit: attrs });
        if (r() < 0.03) {
          visitHits.push({
            siteId: options.siteId,
            timezone: tz,
            ts: ts + 2000,
            visitor,
            kind: "event",
            name: r() < 0.5 ? "Signup" : "Outbound Link: Click",
            path,
            props: r() < 0.5 ? { plan: r() < 0.3 ? "pro" : "free" } : { url: "https://github.com/quire" },
            visit: attrs,
          });
        }
        ts += 5_000 + Math.floor(r() * r() * 240_000);
        path = pages[pickPage(r)]!;
      }
      pool.push({ visitor, endedAt: ts, attrs });
      for (const hit of visitHits) {
        if (hit.ts > options.to) break;
        batch.push(hit);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
  }
  if (batch.length > 0) yield batch;
}
