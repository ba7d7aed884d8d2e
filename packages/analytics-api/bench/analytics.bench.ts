/**
 * `pnpm bench:analytics`: the analytics service's figures, in one run.
 *
 *  1. Raw ceiling: better-sqlite3 inserting event rows in batched transactions (no HTTP, no logic).
 *  2. Ingestion over HTTP: autocannon (this process) → the REAL built analytics app (`apps/analytics/server.mjs`,
 *     the custom server `pnpm start` runs, in a child process): its collection fast path → group-committed
 *     writer. Every acknowledged (202) event is counted in the app's database afterwards. Same-run
 *     baselines through the same autocannon settings: a node:http hello-world (the HTTP floor on this
 *     machine) and the same collect handler on a bare node:http server (bench/collect-server.ts).
 *  3. Dashboard queries for a 30-day range at 1M and 10M events (generated with realistic skew
 *     through the same recorder as live traffic; the databases are cached in the temp dir).
 *  4. Storage per raw event.
 *
 * Needs a build of the app: `pnpm --filter @quire/analytics build`.
 * Options (env): BENCH_SIZES=1000000,10000000  BENCH_SECONDS=10  BENCH_CONNECTIONS=64  BENCH_NEXT_URL=http://…
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { DAY, generateHits, openAnalyticsDatabase, recordHits } from "@quire/analytics-db";
import { openDatabase } from "@quire/db";
import type { AnalyticsDatabase } from "@quire/analytics-db";
import autocannon from "autocannon";

import { aggregate, breakdown, createGoal, durationStats, ensureSites, findSite, goalConversions, realtime, resolveRange, runQuery, timeseries } from "../src";
import type { Dimension, Metric } from "../src";

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

interface Target {
  url: string;
  /** CPU seconds the server process has used so far (user + system, from /proc; NaN elsewhere). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** utime + stime of a Linux process, in seconds (clock ticks are 100 Hz on Linux). */
function processCpuSeconds(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Spawn a server process and resolve once its stdout matches `ready` (the first group is the port, when it has one). */
function startProcess(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; ready: RegExp; port?: number }): Promise<Target> {
  const env = { ...process.env, ...options.env };
  // Nothing from the caller's shell may point the server at another database or port.
  for (const key of ["PORT", "ANALYTICS_DATABASE_PATH", "QUIRE_DB_KEY", "ANALYTICS_DB_KEY", "NODE_OPTIONS", "VITEST"]) if (!options.env?.[key]) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], cwd: options.cwd, env });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${path.basename(args[args.length - 1] ?? command)} was not ready within 60 s:\n${output.slice(-2000)}`));
    }, 60_000);
    let output = "";
    let started = false;
    child.once("error", reject);
    child.once("exit", (code) => {
      if (!started) reject(new Error(`${path.basename(args[args.length - 1] ?? command)} exited with ${code} before it was ready:\n${output.slice(-2000)}`));
    });
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = options.ready.exec(output);
      if (!m || started) return;
      started = true;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${m[1] ?? options.port}`,
        cpuSeconds: () => processCpuSeconds(child.pid),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The HTTP floor: node:http reading the body and answering 202 "ok" with the same headers, no work at all. */
const HELLO = `
const http = require("node:http");
const headers = { "access-control-allow-origin": "*", "content-type": "text/plain", "cache-control": "no-cache, no-store, must-revalidate, max-age=0", "content-length": "2" };
const server = http.createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => { res.writeHead(202, headers); res.end("ok"); });
});
server.keepAliveTimeout = 30000;
server.listen(0, "127.0.0.1", () => console.log("ready " + server.address().port));
process.on("SIGTERM", () => process.exit(0));
`;

const startHello = () => startProcess(process.execPath, ["-e", HELLO], { cwd: here, ready: /ready (\d+)/ });

/** The collect handler on a bare node:http server (no Next.js), in a process of its own. */
const startBareCollect = (file: string, domain: string) =>
  startProcess(process.execPath, ["--import", "tsx", path.join(here, "collect-server.ts"), file, domain], { cwd: path.join(here, ".."), ready: /ready (\d+)/ });

const APP_DIR = path.resolve(here, "../../../apps/analytics");

/** The built analytics app, started as `pnpm start` does (its custom server), on a fresh data dir. */
async function startApp(dataDir: string, domain: string): Promise<Target> {
  if (!fs.existsSync(path.join(APP_DIR, ".next", "BUILD_ID"))) {
    throw new Error(`the analytics app is not built (${APP_DIR}/.next/BUILD_ID is missing): run \`pnpm --filter @quire/analytics build\` first`);
  }
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    QUIRE_DATA_DIR: dataDir,
    QUIRE_SEED_DEMO: "0",
    QUIRE_ADMIN_PASSWORD: "bench-password-not-used",
    ANALYTICS_SITES: domain,
    // The load generator stands in for many visitors through X-Forwarded-For, as a reverse proxy would.
    QUIRE_TRUST_PROXY: "1",
  };
  const app = await startProcess(process.execPath, [path.join(APP_DIR, "server.mjs"), "-p", String(port)], {
    cwd: APP_DIR,
    env,
    port,
    // Without the fast path the app would be measuring Next's pipeline: not ready for this benchmark.
    ready: /\[quire:analytics\] ready \(collection fast path on\)/,
  });
  return app;
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

/**
 * One measured run: throughput and latency, plus the CPU the server and the
 * load generator each used. On a shared machine the CPU time per request is
 * the steadier figure: 1 / (CPU seconds per request) is what one core of its
 * own would sustain.
 */
async function measured(target: Target, domain: string) {
  const cpu0 = target.cpuSeconds();
  const own0 = process.cpuUsage();
  const r = await load(target.url, domain, SECONDS, CONNECTIONS);
  const own = process.cpuUsage(own0);
  const requests = r.ok + r.non2xx;
  const serverCpu = target.cpuSeconds() - cpu0;
  return {
    ...r,
    serverCpuUsPerRequest: (serverCpu * 1e6) / requests,
    serverCores: serverCpu / SECONDS,
    loadgenCores: (own.user + own.system) / 1e6 / SECONDS,
  };
}

async function measure(target: Target, domain: string) {
  // Warm-up (JIT, caches, salts), then the measured run.
  await load(target.url, domain, 2, CONNECTIONS);
  return measured(target, domain);
}

async function ingestion() {
  const domain = "bench.example";

  const hello = await startHello();
  const floor = await measure(hello, domain);
  await hello.stop();

  const bareFile = path.join(work, "bare.db");
  const bare = await startBareCollect(bareFile, domain);
  const bareResult = await measure(bare, domain);
  await bare.stop();

  const dataDir = path.join(work, "app");
  fs.mkdirSync(dataDir, { recursive: true });
  const app = await startApp(dataDir, domain);
  const file = path.join(dataDir, "analytics.db");
  await load(app.url, domain, 2, CONNECTIONS);
  // Let the warm-up's last requests (in flight when it stopped) commit before counting.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = countEvents(file);
  const r = await measured(app, domain);
  await app.stop();
  const stored = countEvents(file) - before;
  return { app: { ...r, stored }, floor, bare: bareResult };
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
  const de = { range, metrics: ["visitors", "visits", "pageviews", "bounce_rate"] as Metric[], filters: [{ op: "is" as const, dimension: "visit:country", values: ["DE"] }] };
  // One visit-dimension value (a click on a breakdown row) is answered from the rollups; forced onto the raw events for comparison.
  const filtered = await timed(() => runQuery(quire, site.id, de), 3);
  const filteredRaw = await timed(() => runQuery(quire, site.id, { ...de, forceRaw: true }), 3);
  const filteredPages = await timed(() => breakdown(quire, site.id, { range, dimension: "event:page", limit: 10, filters: [{ op: "is", dimension: "visit:source", values: ["Google"] }] }), 3);
  const median = await timed(() => durationStats(quire, site.id, range), 3);
  const size = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
  const tables = dbstat(quire);
  await quire.close();
  return { events: stored, seconds, parts, total: total.ms, filtered: filtered.ms, filteredRaw: filteredRaw.ms, filteredPages: filteredPages.ms, median: median.ms, size, tables };
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

console.log(
  `\nHTTP ingestion: autocannon (this process), ${CONNECTIONS} connections, ${SECONDS} s after a 2 s warm-up, POST /api/event (Plausible format); ` +
    `each server in its own process, sharing the ${os.cpus().length} cores with autocannon`,
);
const ingest = await ingestion();
const { app: http, floor, bare } = ingest;
// Requests still in flight when autocannon stops are stored but not counted as answered: stored ≥ acknowledged.
const allStored = http.stored >= http.ok && http.stored - http.ok <= CONNECTIONS;
report(`baseline node:http hello-world (reads the body, answers 202): ${fmt(floor.rps)} req/s, p50 ${fmt(floor.p50)} ms, p99 ${fmt(floor.p99)} ms`);
report(`baseline collect handler on bare node:http (no Next.js): ${fmt(bare.rps)} events/s, p50 ${fmt(bare.p50)} ms, p99 ${fmt(bare.p99)} ms`);
report(
  `ingestion over HTTP, the real app (server.mjs fast path): ${fmt(http.rps)} events/s, latency p50 ${fmt(http.p50)} ms, p99 ${fmt(http.p99)} ms; ` +
    `${fmt(http.ok)} acknowledged, ${fmt(http.stored)} stored (${fmt(http.stored - http.ok)} more: in flight at the end), ${http.non2xx} non-2xx, ${http.errors} errors`,
);
report(
  `  = ${fmt((http.rps / floor.rps) * 100, 1)} % of the hello-world floor, ${fmt((http.rps / bare.rps) * 100, 1)} % of the bare collect server, ` +
    `${fmt((http.rps / ceiling) * 100, 1)} % of the raw insert ceiling`,
);
const cpuLine = (name: string, r: Awaited<ReturnType<typeof measured>>) =>
  `${name} ${fmt(r.serverCpuUsPerRequest)} µs (${fmt(1e6 / r.serverCpuUsPerRequest)}/s on a core of its own; it got ${fmt(r.serverCores, 2)} cores, autocannon ${fmt(r.loadgenCores, 2)})`;
report(`  server CPU per request: ${[cpuLine("hello-world", floor), cpuLine("bare collect", bare), cpuLine("real app", http)].join("; ")}`);
report(`  targets: ≥ 10,000 events/s ${http.rps >= 10_000 ? "✓" : "✗"}, p99 ≤ 20 ms ${http.p99 <= 20 ? "✓" : "✗"}, every acknowledged event stored ${allStored ? "✓" : "✗"}`);

if (process.env.BENCH_NEXT_URL) {
  const next = await load(process.env.BENCH_NEXT_URL, "bench.example", SECONDS, CONNECTIONS);
  report(`through ${process.env.BENCH_NEXT_URL}: ${fmt(next.rps)} events/s, p99 ${fmt(next.p99)} ms`);
}

for (const size of SIZES) {
  console.log(`\nDashboard queries, 30-day range, ${fmt(size)} events (median of 5 runs):`);
  const d = await dashboard(size);
  for (const p of d.parts) report(`  ${p.name.padEnd(34)} ${fmt(p.ms, 1).padStart(8)} ms`);
  const limit = size >= 10_000_000 ? 1000 : 200;
  report(`  whole dashboard (${BREAKDOWNS.length + 4} queries) at ${fmt(d.events)} events: ${fmt(d.total, 1)} ms  (target ≤ ${limit} ms ${d.total <= limit ? "✓" : "✗"})`);
  report(
    `  filtered: country=DE totals ${fmt(d.filtered, 1)} ms from rollups (${fmt(d.filteredRaw, 1)} ms forced onto raw events); ` +
      `pages from Google (raw) ${fmt(d.filteredPages, 1)} ms; median/p75/p95 visit duration ${fmt(d.median, 1)} ms`,
  );
  report(`  storage: ${fmt(d.size / 1024 / 1024, 1)} MiB = ${fmt(d.size / d.events, 1)} bytes per raw event, visits and rollups included (target ≤ 150 ${d.size / d.events <= 150 ? "✓" : "✗"})`);
  if (d.tables.length) report(`    ${d.tables.map((t) => `${t.name} ${fmt(t.bytes / d.events, 1)}`).join(", ")} (bytes/event)`);
}

fs.rmSync(work, { recursive: true, force: true });
console.log("\nSummary:");
for (const line of lines.filter((l) => !l.startsWith("  ") || l.includes("whole dashboard") || l.includes("storage:"))) console.log(line);
