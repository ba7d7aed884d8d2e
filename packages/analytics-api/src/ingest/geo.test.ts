import http from "node:http";

import { createTestAnalyticsDatabase } from "@quire/analytics-db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createSite } from "../sites/sites";
import { clientFromHeaders } from "./client";
import { collect } from "./collect";
import { countryOfIp } from "./geo";
import { createCollectHandler } from "./node-handler";
import { startCollectServer } from "./node-server";

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let t: ReturnType<typeof createTestAnalyticsDatabase>;

beforeAll(async () => {
  t = createTestAnalyticsDatabase();
  await createSite(t, { domain: "geo.example" });
});

afterAll(async () => {
  await t.cleanup();
});

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
const countryOfLastVisit = () =>
  t.sqlite.prepare("SELECT s.value FROM visits v LEFT JOIN strings s ON s.id = v.country ORDER BY v.id DESC LIMIT 1").pluck().get() as string | null;

describe("GeoIP country from the shipped CC0 database", () => {
  // Expected codes read from geo-whois-asn-country.mmdb itself (mmdb-lib), for well-known public resolvers and hosts.
  test.each([
    ["8.8.8.8", "US"],
    ["1.1.1.1", "AU"],
    ["193.99.144.80", "DE"],
    ["81.2.69.142", "GB"],
    ["133.242.0.3", "JP"],
    ["2001:4860:4860::8888", "US"],
  ])("%s → %s", (ip, country) => {
    expect(countryOfIp(ip)).toBe(country);
    // Again, from the cache.
    expect(countryOfIp(ip)).toBe(country);
  });

  // 192.168/16, 172.16/12, 203.0.113/24 and 2001:db8::/32 have a country in the whois data: special ranges are refused first.
  test.each(["127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.4", "203.0.113.9", "100.64.0.1", "::1", "fd00::1", "fe80::1", "2001:db8::1", "", "not an ip", "999.1.1.1"])("%j → unknown, not an error", (ip) => {
    expect(countryOfIp(ip)).toBe("");
  });

  test("the ingestion function stores the country of the client IP, never the IP", async () => {
    const client = clientFromHeaders(headers({ "user-agent": CHROME }), { socketIp: "8.8.8.8", trustProxy: false });
    expect(await collect(t, { sites: ["geo.example"], kind: "pageview", url: "https://geo.example/a" }, client)).toEqual({ recorded: true });
    expect(countryOfLastVisit()).toBe("US");
    const dump = JSON.stringify(t.sqlite.prepare("SELECT * FROM visits").all()) + JSON.stringify(t.sqlite.prepare("SELECT value FROM strings").all());
    expect(dump).not.toContain("8.8.8.8");
  });

  test("a proxy's country header wins over the database", async () => {
    const client = clientFromHeaders(headers({ "user-agent": CHROME, "cf-ipcountry": "fr", "x-forwarded-for": "1.1.1.1" }), { socketIp: "127.0.0.1", trustProxy: true });
    expect(await collect(t, { sites: ["geo.example"], kind: "pageview", url: "https://geo.example/b" }, client)).toEqual({ recorded: true });
    expect(countryOfLastVisit()).toBe("FR");
  });

  test("a loopback client is recorded with no country", async () => {
    const client = clientFromHeaders(headers({ "user-agent": CHROME }), { socketIp: "::ffff:127.0.0.1", trustProxy: false });
    expect(client.ip).toBe("127.0.0.1");
    expect(await collect(t, { sites: ["geo.example"], kind: "pageview", url: "https://geo.example/c" }, client)).toEqual({ recorded: true });
    expect(countryOfLastVisit()).toBeNull();
  });
});

describe("client IP: X-Forwarded-For only behind a trusted proxy", () => {
  test("clientFromHeaders", () => {
    const h = headers({ "x-forwarded-for": "8.8.8.8, 10.0.0.1", "user-agent": CHROME });
    expect(clientFromHeaders(h, { socketIp: "192.0.2.1", trustProxy: false }).ip).toBe("192.0.2.1");
    expect(clientFromHeaders(h, { socketIp: "192.0.2.1", trustProxy: true }).ip).toBe("8.8.8.8");
    // Fetch route handlers have no socket: the headers are all there is (the custom server strips client-written ones).
    expect(clientFromHeaders(h).ip).toBe("8.8.8.8");
  });

  test.each([
    [false, null],
    [true, "US"],
  ])("over HTTP with trustProxy=%s, X-Forwarded-For 8.8.8.8 gives country %s", async (trustProxy, country) => {
    const server = await startCollectServer(t, 0, { trustProxy });
    try {
      const res = await fetch(`${server.url}/api/event`, {
        method: "POST",
        // A user agent of its own: a new visitor, so a new visit row to read the country from.
        headers: { "content-type": "text/plain", "user-agent": CHROME.replace("131.0", trustProxy ? "130.0" : "129.0"), "x-forwarded-for": "8.8.8.8" },
        body: JSON.stringify({ n: "pageview", u: `https://geo.example/proxy-${trustProxy}`, d: "geo.example" }),
      });
      expect([res.status, res.headers.get("x-quire-drop-reason")]).toEqual([202, null]);
      expect(countryOfLastVisit()).toBe(country);
    } finally {
      await server.close();
    }
  });
});

describe("the collection fast path on node:http", () => {
  let url = "";
  let server: http.Server;
  let started = true;

  beforeAll(async () => {
    const handle = createCollectHandler({
      getDb: () => {
        if (!started) throw new Error("not started");
        return t;
      },
      trustProxy: false,
    });
    server = http.createServer((req, res) => {
      if (handle(req, res)) return;
      res.writeHead(418).end("not collection");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { "content-type": "text/plain", "user-agent": CHROME, ...(init.headers as Record<string, string>) } });

  test("answers only the collection endpoints; anything else is left to Next", async () => {
    expect((await send("/api/event", { method: "POST", body: JSON.stringify({ n: "pageview", u: "https://geo.example/", d: "geo.example" }) })).status).toBe(202);
    expect((await send("/api/send", { method: "POST", body: JSON.stringify({ type: "event", payload: { website: "geo.example", url: "/u" } }) })).status).toBe(200);
    const gif = await send(`/a.gif?id=geo.example&url=${encodeURIComponent("https://geo.example/pixel")}`);
    expect([gif.status, gif.headers.get("content-type")]).toEqual([200, "image/gif"]);
    for (const path of ["/api/event", "/api/send", "/a.gif"]) {
      const pre = await send(path, { method: "OPTIONS" });
      expect([pre.status, pre.headers.get("access-control-allow-origin")]).toEqual([204, "*"]);
    }
    expect((await send("/api/event")).status).toBe(418); // GET: Next answers 405
    expect((await send("/api/events", { method: "POST", body: "{}" })).status).toBe(418);
    expect((await send("/login")).status).toBe(418);
  });

  test("bad input is a JSON 4xx, never a 500", async () => {
    const big = await send("/api/event", { method: "POST", body: "x".repeat(70_000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: expect.stringContaining("larger") as unknown });
    const junk = await send("/api/event", { method: "POST", body: "{not json" });
    expect(junk.status).toBe(400);
    expect(await junk.json()).toEqual({ error: expect.any(String) as unknown });
    // The connection is still usable after a refused body.
    expect((await send("/api/event", { method: "POST", body: JSON.stringify({ n: "pageview", u: "https://geo.example/after", d: "geo.example" }) })).status).toBe(202);
  });

  test("before the database is open: 503 JSON", async () => {
    started = false;
    try {
      const res = await send("/api/event", { method: "POST", body: "{}" });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: expect.any(String) as unknown });
    } finally {
      started = true;
    }
  });
});
