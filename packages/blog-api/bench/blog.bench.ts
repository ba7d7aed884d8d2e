/**
 * `pnpm bench:blog`: throughput and latency of the blog's home page and a post page, from the
 * production build (`pnpm build` first) under autocannon, over a blog of 10k posts. Baselines in
 * the same run: a bare node:http server in its own process (what this machine serves at best,
 * with the load generator competing for the same cores) and /robots.txt (a route handler doing
 * almost nothing: what Next itself costs per request). Each page's ratio to the bare server is
 * printed, so runs on a loaded machine stay comparable. The blog runs as `pnpm start` runs it
 * (server.mjs: Next behind the page cache). Cached pages are measured twice: as readers get them
 * (replayed by the page cache, `x-quire-page-cache: HIT`) and through Next's own pipeline (a
 * conditional request passes the page cache; Next answers from its ISR cache, `x-nextjs-cache:
 * HIT`), so the page cache's gain and Next's floor are both in the same run.
 *
 * The targets are measured in ROUNDS interleaved rounds and each row shows the median round, so a
 * burst of other work on a shared machine hits every target alike instead of one.
 *
 *   POSTS=10000 DURATION=5 ROUNDS=3 CONNECTIONS=32 pnpm bench:blog
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { openBlogDatabase, posts as postsTable, postTags, tags as tagsTable } from "@quire/blog-db";
import autocannon from "autocannon";

import { renderMarkdown } from "../src/markdown/render";

const POSTS = Number(process.env.POSTS ?? 10_000);
const DURATION = Number(process.env.DURATION ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const APP_DIR = fileURLToPath(new URL("../../../apps/blog/", import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function fillBlog(file: string) {
  const quire = openBlogDatabase(file, { createDirectory: true });
  const body = await renderMarkdown(
    "## A heading\n\nSome text with **bold** and a [link](https://example.com).\n\n```ts\nconst x: number = 1;\n```\n\n" +
      "Lorem ipsum dolor sit amet. ".repeat(60),
  );
  const DAY = 86_400_000;
  const now = Date.now();
  await quire.writer.run((db) => {
    const tagIds = Array.from(
      { length: 50 },
      (_, i) =>
        db
          .insert(tagsTable)
          .values({ slug: `tag-${i}`, name: `Tag ${i}` })
          .returning({ id: tagsTable.id })
          .get().id,
    );
    for (let i = 0; i < POSTS; i++) {
      const at = new Date(now - (i + 1) * (DAY / 4));
      const { id } = db
        .insert(postsTable)
        .values({
          uuid: randomUUID(),
          slug: `post-${i}`,
          title: `Post number ${i}`,
          status: "published",
          bodyMarkdown: "…",
          bodyHtml: body.html,
          plaintext: body.plaintext,
          excerpt: body.excerpt,
          readingMinutes: body.readingMinutes,
          publishedAt: at,
          createdAt: at,
          updatedAt: at,
        })
        .returning({ id: postsTable.id })
        .get();
      for (let k = 0; k < 3; k++)
        db.insert(postTags)
          .values({ postId: id, tagId: tagIds[(i * 7 + k * 13) % 50]!, sortOrder: k })
          .onConflictDoNothing()
          .run();
    }
  });
  await quire.close();
}

async function waitHealthy(url: string, deadline = Date.now() + 60_000) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the blog did not become healthy within 60 s");
}

/** A bare node:http server in its own process, answering a small fixed body. */
function startBareServer(port: number) {
  const source = `require("node:http").createServer((req, res) => { res.writeHead(200, { "content-type": "text/plain" }); res.end("ok"); }).listen(${port}, "127.0.0.1");`;
  return spawn(process.execPath, ["-e", source], { stdio: "ignore", detached: true });
}

/** autocannon's typings leave `throughput` unresolved: read it through a declared shape. */
const bytesPerSecond = (r: autocannon.Result) =>
  (r as unknown as { throughput: { average: number } }).throughput.average;

function run(
  url: string,
  duration = DURATION,
  headers: Record<string, string> = {},
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

async function main() {
  if (!fs.existsSync(path.join(APP_DIR, ".next", "BUILD_ID"))) {
    console.error(
      "apps/blog is not built: run `pnpm build` (or `pnpm --filter @quire/blog build`) first.",
    );
    process.exit(1);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-bench-blog-"));
  console.log(`filling a blog with ${POSTS} posts…`);
  await fillBlog(path.join(dir, "blog.db"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Peers point at a closed port: their calls fail fast and never touch the measured pages.
  const dead = `http://127.0.0.1:${await freePort()}`;
  // The blog as `pnpm start` runs it: Next behind the custom server and its page cache.
  const child = spawn(
    process.execPath,
    [path.join(APP_DIR, "server.mjs"), "-p", String(port)],
    {
      cwd: APP_DIR,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        QUIRE_DATA_DIR: dir,
        QUIRE_SEED_DEMO: "0",
        QUIRE_ADMIN_PASSWORD: "bench-password",
        BLOG_URL: url,
        SEARCH_URL: dead,
        ANALYTICS_URL: dead,
      },
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    },
  );
  const barePort = await freePort();
  const bare = startBareServer(barePort);
  try {
    await waitHealthy(url);
    // A conditional request (If-None-Match that never matches) passes the page cache and is
    // answered by Next from its ISR cache: the same page, through Next's request pipeline.
    const viaNext = { "if-none-match": '"bench"' };
    const targets: {
      name: string;
      url: string;
      cached?: "next" | "page";
      headers?: Record<string, string>;
    }[] = [
      { name: "baseline node:http", url: `http://127.0.0.1:${barePort}/` },
      { name: "baseline /robots.txt", url: `${url}/robots.txt`, headers: viaNext },
      { name: "home / (via Next)", url: `${url}/`, cached: "next", headers: viaNext },
      { name: "home /", url: `${url}/`, cached: "page" },
      { name: "home /?page=200", url: `${url}/?page=200`, cached: "page" },
      // Past page 999: the per-request /archive (rendered from the database every time).
      { name: "archive ?page=400", url: `${url}/archive?page=400` },
      { name: "post (via Next)", url: `${url}/posts/post-123`, cached: "next", headers: viaNext },
      { name: "post /posts/post-123", url: `${url}/posts/post-123`, cached: "page" },
    ];
    for (const t of targets) {
      await run(t.url, 3, t.headers).catch(() => null); // warm-up (JIT, ISR entry, page cache)
      // Asked as autocannon asks (no compression), so it checks the answers it measures.
      const res = await fetch(t.url, { headers: { "accept-encoding": "identity", ...t.headers } });
      const next = res.headers.get("x-nextjs-cache") ?? "-";
      const page = res.headers.get("x-quire-page-cache") ?? "-";
      if (t.cached && next !== "HIT")
        throw new Error(`${t.url} is not served from Next's full-route cache (x-nextjs-cache: ${next})`);
      if (t.cached === "page" && page !== "HIT")
        throw new Error(`${t.url} is not replayed by the page cache (x-quire-page-cache: ${page})`);
      if (t.cached === "next" && page !== "-")
        throw new Error(`${t.url} should have gone through Next, not the page cache`);
    }
    const results = targets.map(() => [] as autocannon.Result[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, t] of targets.entries()) results[i]!.push(await run(t.url, DURATION, t.headers));
    }
    const median = (rs: autocannon.Result[]) =>
      [...rs].sort((a, b) => a.requests.average - b.requests.average)[Math.floor(rs.length / 2)]!;
    const bareRps = median(results[0]!).requests.average;
    for (const [i, t] of targets.entries()) {
      const r = median(results[i]!);
      const errors = results[i]!.reduce((n, x) => n + x.errors + x.timeouts + (x.non2xx ?? 0), 0);
      const rps = r.requests.average;
      const all = results[i]!.map((x) => x.requests.average.toFixed(0)).join("/");
      console.log(
        `${t.name.padEnd(22)} ${rps.toFixed(0).padStart(6)} req/s (${all.padEnd(17)}) ${((100 * rps) / bareRps).toFixed(1).padStart(5)}% of node:http   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   ${(bytesPerSecond(r) / rps / 1024).toFixed(1).padStart(5)} KB   ${t.cached === "page" ? "page cache" : t.cached === "next" ? "Next ISR  " : "          "}   errors ${errors}`,
      );
    }
    console.log(
      `\n${POSTS} posts, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s per target (median shown), ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}, Node ${process.version}`,
    );
  } finally {
    for (const pid of [child.pid, bare.pid]) {
      try {
        process.kill(-pid!, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
