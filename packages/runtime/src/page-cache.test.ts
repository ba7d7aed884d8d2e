/**
 * The page cache in front of Next, over real HTTP: an upstream that answers like Next (with or
 * without `x-nextjs-cache: HIT`, gzip for clients that accept it) stands behind a node:http
 * server wired the way next-server.mjs wires the cache.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

import { afterEach, beforeEach, expect, test } from "vitest";

import { createPageCache } from "./page-cache.mjs";
import type { PageCache } from "./page-cache.mjs";

let server: http.Server;
let base: string;
let cache: PageCache;
let clock: number;
let upstreamCalls: number;
/** What the upstream answers: version bumps show which answer a client got. */
let version: number;

function upstream(req: http.IncomingMessage, res: http.ServerResponse) {
  upstreamCalls++;
  const url = req.url ?? "/";
  const body = `<html>${url} v${version}</html>`;
  if (url.startsWith("/cookie")) res.setHeader("set-cookie", "a=1");
  if (url.startsWith("/missing")) res.statusCode = 404;
  // Next marks answers from its ISR cache; dynamic pages get no mark (or MISS/STALE).
  if (!url.startsWith("/dynamic")) res.setHeader("x-nextjs-cache", url.startsWith("/stale") ? "STALE" : "HIT");
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("vary", "rsc, accept-encoding");
  if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
    res.setHeader("content-encoding", "gzip");
    res.end(zlib.gzipSync(body));
  } else if (url.startsWith("/chunked")) {
    // Written in pieces, headers passed to writeHead (not setHeader).
    res.writeHead(200, { "x-extra": "yes" });
    res.write("<html>");
    res.write(Buffer.from(`${url} `));
    res.end(`v${version}</html>`);
  } else {
    res.end(body);
  }
}

beforeEach(async () => {
  clock = 1_000_000;
  upstreamCalls = 0;
  version = 1;
  cache = createPageCache({ ttlMs: 10_000, maxEntries: 3, now: () => clock });
  server = http.createServer((req, res) => {
    if (cache.handle(req, res)) return;
    upstream(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}${path}`, { headers: { "accept-encoding": "identity", ...headers } });
  return { status: res.status, text: await res.text(), headers: res.headers };
};

test("a page Next served from its cache is replayed byte for byte, headers included", async () => {
  const first = await get("/posts/a");
  version = 2;
  const second = await get("/posts/a");
  expect(second.text).toBe(first.text);
  expect(second.text).toBe("<html>/posts/a v1</html>");
  expect(second.headers.get("x-quire-page-cache")).toBe("HIT");
  expect(second.headers.get("x-nextjs-cache")).toBe("HIT");
  expect(second.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(second.headers.get("vary")).toBe("rsc, accept-encoding");
  expect(upstreamCalls).toBe(1);
  expect(cache.stats()).toMatchObject({ hits: 1, stored: 1 });

  // Pieces written one by one, headers given to writeHead: kept whole.
  await get("/chunked");
  const chunked = await get("/chunked");
  expect(chunked.text).toBe("<html>/chunked v2</html>");
  expect(chunked.headers.get("x-extra")).toBe("yes");
  expect(chunked.headers.get("x-quire-page-cache")).toBe("HIT");
});

test("clear() drops everything; entries expire after the TTL", async () => {
  await get("/");
  version = 2;
  cache.clear();
  expect((await get("/")).text).toBe("<html>/ v2</html>");
  version = 3;
  clock += 9_999;
  expect((await get("/")).text).toBe("<html>/ v2</html>");
  clock += 2;
  expect((await get("/")).text).toBe("<html>/ v3</html>");
});

test("an answer captured while a clear happened is not kept", async () => {
  const slow = http.createServer((req, res) => {
    if (cache.handle(req, res)) return;
    res.setHeader("x-nextjs-cache", "HIT");
    res.write("<html>old");
    // The page changes (clear) while this answer is still being written.
    cache.clear();
    setTimeout(() => res.end("</html>"), 20);
  });
  await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/posts/x`;
  await (await fetch(url)).text();
  expect(cache.stats().entries).toBe(0);
  await new Promise((resolve) => slow.close(resolve));
});

test("only plain document GETs of cached pages take part", async () => {
  const notKept = async (path: string, headers: Record<string, string> = {}, method = "GET") => {
    const before = upstreamCalls;
    await fetch(`${base}${path}`, { method, headers: { "accept-encoding": "identity", ...headers } });
    await fetch(`${base}${path}`, { method, headers: { "accept-encoding": "identity", ...headers } });
    expect(upstreamCalls - before, `${method} ${path} ${JSON.stringify(headers)}`).toBe(2);
  };
  await notKept("/dynamic"); // rendered per request by Next: no HIT mark
  await notKept("/stale"); // Next is regenerating it
  await notKept("/missing"); // not a 200
  await notKept("/cookie"); // sets a cookie
  await notKept("/posts/a", { rsc: "1" }); // the client router's payload, not the document
  await notKept("/posts/a?_rsc=abc");
  await notKept("/posts/a", { "next-router-prefetch": "1" });
  await notKept("/posts/a", { "if-none-match": '"x"' });
  await notKept("/posts/a", { range: "bytes=0-3" });
  await notKept("/posts/a", { authorization: "Bearer x" });
  await notKept("/posts/a", {}, "HEAD");
  await notKept("/posts/a", {}, "POST");
  expect(cache.stats().entries).toBe(0);
});

test("gzip and plain answers are kept apart", async () => {
  await get("/posts/a", { "accept-encoding": "gzip, deflate, br" });
  await get("/posts/a");
  version = 2;
  const gz = await fetch(`${base}/posts/a`, { headers: { "accept-encoding": "gzip" } });
  expect(gz.headers.get("content-encoding")).toBe("gzip");
  expect(await gz.text()).toBe("<html>/posts/a v1</html>"); // fetch inflates it
  const plain = await get("/posts/a");
  expect(plain.headers.get("content-encoding")).toBeNull();
  expect(plain.text).toBe("<html>/posts/a v1</html>");
  expect(upstreamCalls).toBe(2);
});

test("the number of entries is bounded, oldest out first", async () => {
  for (const p of ["/1", "/2", "/3", "/4"]) await get(p);
  expect(cache.stats().entries).toBe(3);
  version = 2;
  expect((await get("/1")).text).toBe("<html>/1 v2</html>"); // evicted, fetched again
  expect((await get("/4")).text).toBe("<html>/4 v1</html>");
});
