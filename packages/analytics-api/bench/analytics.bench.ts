/**
 * `pnpm bench:analytics`: the analytics service's figures, in one run.
 *
 *  1. Raw ceiling: better-sqlite3 inserting event rows in batched transactions (no HTTP, no logic).
 *  2. Ingestion over HTTP: autocannon (this process) → the collection endpoint on node:http (a child
 *     process, the same `collectPlausible` the Next.js route calls) → group-committed writer.
 *     Every acknowledged (202) event is counted in the database afterwards.
 *  3. Dashboard queries for a 30-day range at 1M and 10M events (generated with realistic skew
 *     through the same recorder as live traffic; the databases are cached in the temp dir).
 *  4. Storage per raw event.
 *
 * Options (env): BENCH_SIZES=1000000,10000000  BENCH_SECONDS=10  BENCH_CONNECTIONS=64  BENCH_NEXT_URL=http://…
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { DAY, generateHits, openAnalyticsDatabase, recordHits } from "@quire/analytics-db";
import { openDatabase } from "@quire/db";
import type { AnalyticsDatabase } from "@quire/analytics-db";
import autocannon from "autocannon";

import { aggregate, breakdown, createGoal, durationStats, ensureSites, findSite, goalConversions, realtime, resolveRange, runQuery, timeseries } from "../src";
import type { Dimension } from "../src";

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZES = (process.env.BENCH_SIZES ?? "1000000,10000000").split(",").map(Number).filter((n) => n > 0);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "quire-analytics-bench-"));
const fmt = (n: number, d = 0) => n.toLocaleString("en", { maximumFractionDigits: d, minimumFractionDigits: d });
const lines: string[] = [];
function report(line: string) {
  console.log(line);
  lines.push(line);
}

// ── 1. raw better-sqlite3 ceiling ────────────────────────────────────────────
function rawCeiling(rows = 500_000, batch = 1000): number {
  // The same pragmas as every Quire database (WAL, synchronous=NORMAL), none of the logic.
  const quire = openDatabase(path.join(work, "raw.db"));
  const db = quire.sqlite;
  db.exec(`CREATE TABLE events (id INTEGER PRIMARY KEY, site_id INTEGER NOT NULL, visit_id INTEGER NOT NULL, ts INTEGER NOT NULL,
           name INTEGER NOT NULL, path INTEGER NOT NULL, props TEXT, flags INTEGER NOT NULL);
           CREATE INDEX events_site_ts_idx ON events (site_id, ts);`);
  const insert = db.prepare("INSERT INTO events (site_id, visit_id, ts, name, path, props, flags) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const many = db.transaction((from: number) => {
    for (let i = from; i < from + batch; i++) insert.run(1, i >> 2, 1_700_000_000_000 + i * 10, 0, i % 500, null, 0);
  });
  const t0 = performance.now();
  for (let i = 0; i < rows; i += batch) many(i);
  const seconds = (performance.now() - t0) / 1000;
  void quire.close();
  return rows / seconds;
}

// ── 2. HTTP ingestion ────────────────────────────────────────────────────────
const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
];
const REFERRERS = [null, null, null, "https://www.google.com/", "https://news.ycombinator.com/", "https://github.com/quire", "https://duckduckgo.com/"];

function requestPool(domain: string, size = 4000) {
  return Array.from({ length: size }, (_, i) => {
    const custom = i % 25 === 0;
    return {
      method: "POST" as const,
      path: "/api/event",
      headers: {
        "content-type": "text/plain",
        "user-agent": AGENTS[i % AGENTS.length]!,
        "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      },
      body: JSON.stringify({
        n: custom ? "Signup" : "pageview",
        u: `https://${domain}/${i % 7 === 0 ? "" : `blog/post-${(i * 7919) % 300}`}${i % 11 === 0 ? "?utm_source=newsletter" : ""}`,
        d: domain,
        r: REFERRERS[i % REFERRERS.length],
        w: i % 3 === 0 ? 390 : 1440,
        p: custom ? { plan: i % 2 ? "pro" : "free" } : undefined,
      }),
    };
  });
}

function startServer(file: string, domain: string): Promise<{ url: string; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "collect-server.ts"), file, domain], {
      stdio: ["ignore", "pipe", "inherit"],
      cwd: path.join(here, ".."),
    });
    child.once("error", reject);
    child.stdout.on("data", (chunk: Buffer) => {
      const m = /ready (\d+)/.exec(chunk.toString());
      if (m)
        resolve({
          url: `http://127.0.0.1:${m[1]}`,
          stop: () =>
            new Promise<void>((done) => {
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
    });
  });
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, domain: string, seconds: number, connections: number): Promise<LoadResult> {
  const pool = requestPool(domain);
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{ method: "POST", path: "/api/event", setupRequest: (req) => ({ ...req, ...pool[i++ % pool.length]! }) }],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function ingestion() {
  const file = path.join(work, "ingest.db");
  const domain = "bench.example";
  const server = await startServer(file, domain);
  // Warm-up (JIT, caches), then the measured run on the same database.
  await load(server.url, domain, 2, CONNECTIONS);
  const before = countEvents(file);
  const r = await load(server.url, domain, SECONDS, CONNECTIONS);
  await server.stop();
  const stored = countEvents(file) - before;
  return { ...r, stored };
}

function countEvents(file: string): number {
  const quire = openDatabase(file);
  try {
    return quire.sqlite.prepare("SELECT count(*) FROM events").pluck().get() as number;
  } finally {
    void quire.close();
  }
}

// ── 3. dashboard queries ─────────────────────────────────────────────────────
const GENERATOR_VERSION = 1;
const NOW = Date.UTC(2025, 5, 30, 12);

async function dataset(events: number): Promise<{ quire: AnalyticsDatabase; file: string; seconds: number | null }> {
  const file = path.join(os.tmpdir(), `quire-analytics-bench-${events}-v${GENERATOR_VERSION}.db`);
  const done = `${file}.done`;
  if (!fs.existsSync(done)) {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    const quire = openAnalyticsDatabase(file);
    await ensureSites(quire, ["big.example"]);
    const site = findSite(quire, "big.example")!;
    const today = Math.floor(NOW / DAY) * DAY;
    const t0 = performance.now();
    let n = 0;
    // 90 days: the 30-day range and its previous period both have data, older data sits beside.
    for (const batch of generateHits({ siteId: site.id, from: today - 89 * DAY, to: NOW, events, seed: 11 }, 5000)) {
      await recordHits(quire, batch);
      n += batch.length;
      if (n % 1_000_000 < 5000) process.stdout.write(`\r  generating ${fmt(events)}: ${fmt(n)} events…`);
    }
    await createGoal(quire, site.id, { kind: "event", value: "Signup" });
    await createGoal(quire, site.id, { kind: "page", value: "/blog/**" });
    await quire.writer.run(() => quire.sqlite.pragma("optimize"));
    await quire.close();
    fs.writeFileSync(done, "");
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(`\r  generated ${fmt(n)} events in ${fmt(seconds, 1)} s (${fmt(n / seconds)} events/s through the recorder)\n`);
    return { quire: openAnalyticsDatabase(file), file, seconds };
  }
  return { quire: openAnalyticsDatabase(file), file, seconds: null };
}

const BREAKDOWNS: Dimension[] = [
  "event:page",
  "visit:entry_page",
  "visit:exit_page",
  "visit:source",
  "visit:referrer",
  "visit:channel",
  "visit:utm_source",
  "visit:utm_medium",
  "visit:utm_campaign",
  "visit:utm_content",
  "visit:utm_term",
  "visit:browser",
  "visit:os",
  "visit:device",
  "visit:screen",
  "visit:language",
  "visit:country",
  "event:name",
];

async function timed<T>(fn: () => Promise<T>, runs = 5): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)]!, value };
}

async function dashboard(events: number) {
  const { quire, file, seconds } = await dataset(events);
  const site = findSite(quire, "big.example")!;
  const stored = quire.sqlite.prepare("SELECT count(*) FROM events").pluck().get() as number;
  const { range, previous } = resolveRange({ period: "30d" }, site.timezone, NOW);
  const one = async (name: string, fn: () => Promise<unknown>) => {
    const { ms } = await timed(fn);
    return { name, ms };
  };
  const parts = [
    await one("top stats + previous period", () => aggregate(quire, site.id, { range, previous })),
    await one("chart (30 days)", () => timeseries(quire, site.id, { range })),
    await one(`${BREAKDOWNS.length} breakdowns (top 10 each)`, () => Promise.all(BREAKDOWNS.map((dimension) => breakdown(quire, site.id, { range, dimension, limit: 10 })))),
    await one("goals (event + page pattern)", () => goalConversions(quire, site.id, { range })),
    await one("realtime", () => realtime(quire, site.id, NOW)),
  ];
  const total = await timed(() =>
    Promise.all([
      aggregate(quire, site.id, { range, previous }),
      timeseries(quire, site.id, { range }),
      ...BREAKDOWNS.map((dimension) => breakdown(quire, site.id, { range, dimension, limit: 10 })),
      goalConversions(quire, site.id, { range }),
      realtime(quire, site.id, NOW),
    ]),
  );
  const filtered = await timed(() => runQuery(quire, site.id, { range, metrics: ["visitors", "visits", "pageviews", "bounce_rate"], filters: [{ op: "is", dimension: "visit:country", values: ["DE"] }] }), 3);
  const filteredPages = await timed(() => breakdown(quire, site.id, { range, dimension: "event:page", limit: 10, filters: [{ op: "is", dimension: "visit:source", values: ["Google"] }] }), 3);
  const median = await timed(() => durationStats(quire, site.id, range), 3);
  const size = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
  const tables = dbstat(quire);
  await quire.close();
  return { events: stored, seconds, parts, total: total.ms, filtered: filtered.ms, filteredPages: filteredPages.ms, median: median.ms, size, tables };
}

function dbstat(quire: AnalyticsDatabase): { name: string; bytes: number }[] {
  try {
    return quire.sqlite
      .prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 12")
      .all() as { name: string; bytes: number }[];
  } catch {
    return [];
  }
}

// ── run ──────────────────────────────────────────────────────────────────────
console.log(`Quire analytics benchmark — ${os.cpus().length} cores, Node ${process.version}\n`);

const ceiling = rawCeiling();
report(`raw better-sqlite3 ceiling (1000-row transactions, one index): ${fmt(ceiling)} rows/s`);

console.log(`\nHTTP ingestion: autocannon, ${CONNECTIONS} connections, ${SECONDS} s, POST /api/event (Plausible format), server in its own process`);
const http = await ingestion();
// Requests still in flight when autocannon stops are stored but not counted as answered: stored ≥ acknowledged.
const allStored = http.stored >= http.ok && http.stored - http.ok <= CONNECTIONS;
report(
  `ingestion over HTTP: ${fmt(http.rps)} events/s, latency p50 ${fmt(http.p50)} ms, p99 ${fmt(http.p99)} ms; ` +
    `${fmt(http.ok)} acknowledged, ${fmt(http.stored)} stored (${fmt(http.stored - http.ok)} more: in flight at the end), ${http.non2xx} non-2xx, ${http.errors} errors`,
);
report(`  = ${fmt((http.rps / ceiling) * 100, 1)} % of the raw insert ceiling, with HTTP, parsing, hashing, visits and rollups`);
report(`  targets: ≥ 10,000 events/s ${http.rps >= 10_000 ? "✓" : "✗"}, p99 ≤ 20 ms ${http.p99 <= 20 ? "✓" : "✗"}, every acknowledged event stored ${allStored ? "✓" : "✗"}`);

if (process.env.BENCH_NEXT_URL) {
  const next = await load(process.env.BENCH_NEXT_URL, "bench.example", SECONDS, CONNECTIONS);
  report(`through the Next.js app at ${process.env.BENCH_NEXT_URL}: ${fmt(next.rps)} events/s, p99 ${fmt(next.p99)} ms`);
}

for (const size of SIZES) {
  console.log(`\nDashboard queries, 30-day range, ${fmt(size)} events (median of 5 runs):`);
  const d = await dashboard(size);
  for (const p of d.parts) report(`  ${p.name.padEnd(34)} ${fmt(p.ms, 1).padStart(8)} ms`);
  const limit = size >= 10_000_000 ? 1000 : 200;
  report(`  whole dashboard (${BREAKDOWNS.length + 4} queries) at ${fmt(d.events)} events: ${fmt(d.total, 1)} ms  (target ≤ ${limit} ms ${d.total <= limit ? "✓" : "✗"})`);
  report(`  filtered (raw events): country=DE totals ${fmt(d.filtered, 1)} ms, pages from Google ${fmt(d.filteredPages, 1)} ms; median/p75/p95 visit duration ${fmt(d.median, 1)} ms`);
  report(`  storage: ${fmt(d.size / 1024 / 1024, 1)} MiB = ${fmt(d.size / d.events, 1)} bytes per raw event, visits and rollups included (target ≤ 150 ${d.size / d.events <= 150 ? "✓" : "✗"})`);
  if (d.tables.length) report(`    ${d.tables.map((t) => `${t.name} ${fmt(t.bytes / d.events, 1)}`).join(", ")} (bytes/event)`);
}

fs.rmSync(work, { recursive: true, force: true });
console.log("\nSummary:");
for (const line of lines.filter((l) => !l.startsWith("  ") || l.includes("whole dashboard") || l.includes("storage:"))) console.log(line);
