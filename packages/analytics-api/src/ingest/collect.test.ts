import vm from "node:vm";
import { gzipSync } from "node:zlib";

import { DAY } from "@quire/analytics-db";
import { createTestAnalyticsDatabase } from "@quire/analytics-db/testing";
import { Umami } from "@umami/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createSite, updateSite } from "../sites/sites";
import { TRACKER_MAX_GZIP_BYTES, trackerScript } from "../tracker";
import {
  handlePixel,
  handlePixelSnippet,
  handlePlausibleEvent,
  handlePreflight,
  handleTrackerScript,
  handleUmamiSend,
  ingestQueue,
  pruneSalts,
  saltFor,
} from "./index";
import { startCollectServer } from "./node-server";

export const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1";
const IP = "203.0.113.77";

let t: ReturnType<typeof createTestAnalyticsDatabase>;
let siteId: number;
let blogId: number;

beforeAll(async () => {
  t = createTestAnalyticsDatabase();
  siteId = (await createSite(t, { domain: "example.com" })).id;
  blogId = (await createSite(t, { domain: "blog.local" })).id;
  await updateSite(t, siteId, { excludedPaths: ["/admin/**"] });
});

afterAll(async () => {
  await t.cleanup();
});

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return new Request(`http://analytics.test${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "text/plain", "user-agent": CHROME, "x-forwarded-for": IP, ...headers },
  });
}

const event = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  handlePlausibleEvent(t, post("/api/event", JSON.stringify(body), headers));

const count = (sql: string, ...params: unknown[]) => t.sqlite.prepare(sql).pluck().get(...params) as number;
const label = (id: number) => t.sqlite.prepare("SELECT value FROM strings WHERE id = ?").pluck().get(id) as string;
const lastEvent = () => t.sqlite.prepare("SELECT * FROM events ORDER BY id DESC LIMIT 1").get() as Record<string, number | string | null>;
const visitOf = (id: number) => t.sqlite.prepare("SELECT * FROM visits WHERE id = ?").get(id) as Record<string, number>;

describe("Plausible-compatible /api/event", () => {
  test("a pageview is stored (202 ok) with source, UTM, browser, OS, device, screen, language, country", async () => {
    const res = await event(
      {
        n: "pageview",
        u: "https://example.com/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring&utm_content=top&utm_term=sqlite",
        d: "example.com",
        r: "https://www.google.com/search?q=quire",
        w: 390,
      },
      { "user-agent": IPHONE, "cf-ipcountry": "de", "accept-language": "de-DE,de;q=0.9", "x-forwarded-for": "198.51.100.1" },
    );
    expect(res.status).toBe(202);
    expect(await res.text()).toBe("ok");
    expect(res.headers.get("x-plausible-dropped")).toBeNull();
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const e = lastEvent();
    expect(label(e.path as number)).toBe("/pricing");
    expect(e.name).toBe(0);
    const v = visitOf(e.visit_id as number);
    const labels = Object.fromEntries(
      ["source", "referrer", "channel", "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "browser", "os", "device", "screen", "language", "country", "hostname"].map(
        (c) => [c, label(v[c]!) ?? ""],
      ),
    );
    expect(labels).toEqual({
      source: "Google",
      referrer: "google.com/search",
      channel: "Email",
      utm_source: "newsletter",
      utm_medium: "email",
      utm_campaign: "spring",
      utm_content: "top",
      utm_term: "sqlite",
      browser: "Mobile Safari",
      os: "iOS",
      device: "Mobile",
      screen: "Mobile",
      language: "de-DE",
      country: "DE",
      hostname: "example.com",
    });
  });

  test("custom events with props (object or JSON string), non-interactive flag, hash routing", async () => {
    expect((await event({ n: "Signup", u: "https://example.com/#/join", d: "example.com", p: { plan: "pro", seats: 3 }, h: 1 })).status).toBe(202);
    let e = lastEvent();
    expect(label(e.name as number)).toBe("Signup");
    expect(label(e.path as number)).toBe("/#/join");
    expect(JSON.parse(e.props as string)).toEqual({ plan: "pro", seats: "3" });
    await event({ name: "Download", url: "https://example.com/", domain: "example.com", props: '{"file":"a.pdf"}', i: false });
    e = lastEvent();
    expect(JSON.parse(e.props as string)).toEqual({ file: "a.pdf" });
    expect((e.flags as number) & 16).toBe(16);
  });

  test("several domains in d record the event for each known site", async () => {
    const before = count("SELECT count(*) FROM events WHERE site_id = ?", blogId);
    const res = await event({ n: "pageview", u: "https://blog.local/x", d: "example.com,blog.local,unknown.example" });
    expect(res.status).toBe(202);
    expect(count("SELECT count(*) FROM events WHERE site_id = ?", blogId)).toBe(before + 1);
  });

  test("unknown domains, bots, headless browsers and excluded paths are dropped (202 + header), counted, not stored", async () => {
    const before = count("SELECT count(*) FROM events");
    const cases: [Record<string, unknown>, Record<string, string>, string][] = [
      [{ n: "pageview", u: "https://nope.example/", d: "nope.example" }, {}, "unknown site"],
      [{ n: "pageview", u: "https://example.com/", d: "example.com" }, { "user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)" }, "bot: user agent"],
      [{ n: "pageview", u: "https://example.com/", d: "example.com" }, { "user-agent": CHROME.replace("Chrome/", "HeadlessChrome/") }, "bot: user agent"],
      [{ n: "pageview", u: "https://example.com/", d: "example.com" }, { "sec-ch-ua": '"HeadlessChrome";v="131"' }, "bot: headless browser"],
      [{ n: "pageview", u: "https://example.com/", d: "example.com" }, { "user-agent": "" }, "bot: no user agent"],
      [{ n: "pageview", u: "https://example.com/admin/users", d: "example.com" }, {}, "excluded path"],
      [{ n: "pageview", u: "javascript:alert(1)", d: "example.com" }, {}, "invalid url"],
    ];
    for (const [body, headers, reason] of cases) {
      const res = await event(body, headers);
      expect(res.status, reason).toBe(202);
      expect(res.headers.get("x-plausible-dropped"), reason).toBe("1");
      expect(res.headers.get("x-quire-drop-reason"), reason).toBe(reason);
    }
    expect(count("SELECT count(*) FROM events")).toBe(before);
    await t.writer.drain();
    expect(count("SELECT sum(count) FROM drops WHERE reason = 'unknown site' AND site_id = 0")).toBeGreaterThanOrEqual(1);
    expect(count("SELECT sum(count) FROM drops WHERE reason LIKE 'bot:%' AND site_id = ?", siteId)).toBe(4);
    expect(ingestQueue(t).stats.dropsByReason["excluded path"]).toBe(1);
  });

  test("malformed and hostile bodies are 4xx, never 5xx, and store nothing", async () => {
    const before = count("SELECT count(*) FROM events");
    const props10k = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, "v"]));
    const bodies: [string, number][] = [
      ["", 400],
      ["{", 400],
      ["[1,2]", 400],
      ["null", 400],
      ['"pageview"', 400],
      [JSON.stringify({ u: "https://example.com/", d: "example.com" }), 400],
      [JSON.stringify({ n: "pageview", d: "example.com" }), 400],
      [JSON.stringify({ n: "pageview", u: "https://example.com/" }), 400],
      [JSON.stringify({ n: 42, u: "https://example.com/", d: "example.com" }), 400],
      [JSON.stringify({ n: "pageview", u: ["x"], d: "example.com" }), 400],
      [JSON.stringify({ n: "pageview", u: "https://example.com/", d: "example.com", w: "wide" }), 400],
      [JSON.stringify({ n: "x", u: "https://example.com/", d: "example.com", p: { nested: { a: 1 } } }), 400],
      [JSON.stringify({ n: "x", u: "https://example.com/", d: "example.com", p: "not json" }), 400],
      [JSON.stringify({ n: "x".repeat(500), u: "https://example.com/", d: "example.com" }), 400],
      [JSON.stringify({ n: "x", u: "https://example.com/", d: "example.com", p: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i])) }), 400],
      [JSON.stringify({ n: "x", u: "https://example.com/", d: "example.com", p: props10k }), 413],
      ["x".repeat(70 * 1024), 413],
    ];
    for (const [body, status] of bodies) {
      const res = await handlePlausibleEvent(t, post("/api/event", body));
      expect(res.status, body.slice(0, 60)).toBe(status);
      if (status === 400) expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
    expect(count("SELECT count(*) FROM events")).toBe(before);
  });

  test("OPTIONS answers the CORS preflight", () => {
    const res = handlePreflight();
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-headers")).toContain("content-type");
  });
});

describe("visitors, visits and privacy", () => {
  test("the same IP and User-Agent is one visit; another User-Agent is another visitor", async () => {
    const ip = { "x-forwarded-for": "192.0.2.10" };
    await event({ n: "pageview", u: "https://blog.local/a", d: "blog.local" }, ip);
    const first = lastEvent();
    await event({ n: "pageview", u: "https://blog.local/b", d: "blog.local" }, ip);
    expect(lastEvent().visit_id).toBe(first.visit_id);
    await event({ n: "pageview", u: "https://blog.local/b", d: "blog.local" }, { ...ip, "user-agent": IPHONE });
    const other = lastEvent();
    expect(other.visit_id).not.toBe(first.visit_id);
    expect(visitOf(other.visit_id as number).visitor).not.toBe(visitOf(first.visit_id as number).visitor);
  });

  test("no IP address, User-Agent, cookie or header value is stored anywhere", async () => {
    await event({ n: "pageview", u: "https://example.com/p", d: "example.com" }, { cookie: "session=secret-cookie-value", "x-secret": "raw-header-value" });
    await t.writer.drain();
    const tables = t.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
    const needles = [IP, "198.51.100.1", "192.0.2.10", "Windows NT 10.0", "secret-cookie-value", "raw-header-value", "de;q=0.9"];
    for (const table of tables) {
      for (const row of t.sqlite.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
        const text = JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString("latin1") : v));
        for (const needle of needles) expect(text, `${table} holds ${needle}`).not.toContain(needle);
      }
    }
  });

  test("salts rotate: only the last few days' salts exist", async () => {
    const now = Date.now();
    const today = Math.floor(now / DAY);
    await saltFor(t, today - 5, now - 5 * DAY);
    expect(count("SELECT count(*) FROM salts WHERE day = ?", today - 5)).toBe(1);
    await pruneSalts(t, now);
    expect(count("SELECT min(day) FROM salts")).toBeGreaterThanOrEqual(today - 2);
    const a = await saltFor(t, today, now);
    expect(a).toHaveLength(32);
    expect(await saltFor(t, today, now)).toEqual(a);
  });

  test("concurrent requests share writer units (group commit) and each is acknowledged after commit", async () => {
    const before = count("SELECT count(*) FROM events");
    const unitsBefore = ingestQueue(t).stats.units;
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        event({ n: "pageview", u: `https://example.com/load/${i % 7}`, d: "example.com" }, { "x-forwarded-for": `10.1.${i >> 8}.${i & 255}` }),
      ),
    );
    expect(responses.every((r) => r.status === 202 && !r.headers.get("x-plausible-dropped"))).toBe(true);
    // Acknowledged = committed: visible without waiting for anything else.
    expect(count("SELECT count(*) FROM events")).toBe(before + 300);
    expect(ingestQueue(t).stats.units - unitsBefore).toBeLessThan(30);
  });
});

describe("Umami-compatible /api/send", () => {
  test("the real @umami/node client records pageviews and events (website = id or domain)", async () => {
    const server = await startCollectServer(t);
    try {
      const umami = new Umami({ hostUrl: server.url, websiteId: String(blogId), userAgent: CHROME });
      const before = count("SELECT count(*) FROM events WHERE site_id = ?", blogId);
      const page = await umami.track({ url: "/umami-page?utm_campaign=u", hostname: "blog.local", referrer: "https://news.ycombinator.com/item?id=1", language: "fr-FR", screen: "1440x900", title: "Hi" });
      expect(page.status).toBe(200);
      expect(await page.json()).toEqual({ ok: true });
      const e1 = lastEvent();
      expect(label(e1.path as number)).toBe("/umami-page");
      const v = visitOf(e1.visit_id as number);
      expect([label(v.source!), label(v.language!), label(v.screen!), label(v.utm_campaign!)]).toEqual(["Hacker News", "fr-FR", "Desktop", "u"]);

      const byDomain = new Umami({ hostUrl: server.url, websiteId: "blog.local", userAgent: CHROME });
      const ev = await byDomain.track("Newsletter signup", { list: "weekly", at: new Date("2025-01-01T00:00:00Z") });
      expect(ev.status).toBe(200);
      const e2 = lastEvent();
      expect(label(e2.name as number)).toBe("Newsletter signup");
      expect(JSON.parse(e2.props as string)).toEqual({ list: "weekly", at: "2025-01-01T00:00:00.000Z" });
      expect(count("SELECT count(*) FROM events WHERE site_id = ?", blogId)).toBe(before + 2);

      const identify = await umami.identify({ plan: "pro" });
      expect(identify.status).toBe(200);
      const unknown = await new Umami({ hostUrl: server.url, websiteId: "9999", userAgent: CHROME }).track({ url: "/" });
      expect(unknown.headers.get("x-plausible-dropped")).toBe("1");
    } finally {
      await server.close();
    }
  });

  test("bad Umami bodies are 400", async () => {
    for (const body of ["{}", JSON.stringify({ type: "event" }), JSON.stringify({ type: "event", payload: {} }), JSON.stringify({ type: "x", payload: { website: "1" } })]) {
      expect((await handleUmamiSend(t, post("/api/send", body, { "content-type": "application/json" }))).status).toBe(400);
    }
  });
});

describe("seed pixel and scripts", () => {
  test("/a.gif records a pageview and answers a 1×1 GIF that is never cached", async () => {
    const before = count("SELECT count(*) FROM events WHERE site_id = ?", siteId);
    const url = `http://analytics.test/a.gif?id=example.com&url=${encodeURIComponent("https://example.com/pixel")}&ref=${encodeURIComponent("https://lobste.rs/")}&t=Hi`;
    const res = await handlePixel(t, new Request(url, { headers: { "user-agent": CHROME, "x-forwarded-for": "192.0.2.200" } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/gif");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const gif = Buffer.from(await res.arrayBuffer());
    expect(gif.subarray(0, 6).toString()).toBe("GIF89a");
    expect(count("SELECT count(*) FROM events WHERE site_id = ?", siteId)).toBe(before + 1);
    expect(label(visitOf(lastEvent().visit_id as number).source!)).toBe("Lobsters");
  });

  test("/a.gif without url (noscript) uses the Referer; a bad request still gets the GIF", async () => {
    const res = await handlePixel(t, new Request(`http://analytics.test/a.gif?id=${siteId}`, { headers: { "user-agent": CHROME, referer: "https://example.com/noscript" } }));
    expect(res.headers.get("x-plausible-dropped")).toBeNull();
    expect(label(lastEvent().path as number)).toBe("/noscript");
    const bad = await handlePixel(t, new Request("http://analytics.test/a.gif", { headers: { "user-agent": CHROME } }));
    expect(bad.status).toBe(200);
    expect(bad.headers.get("x-plausible-dropped")).toBe("1");
  });

  test("/a.js returns the snippet for the site", async () => {
    const res = handlePixelSnippet(new Request("http://analytics.test/a.js?id=example.com"));
    const js = await res.text();
    expect(js).toContain('"http://analytics.test/a.gif?id=example.com"');
    expect(() => new vm.Script(js)).not.toThrow();
    expect(handlePixelSnippet(new Request("http://analytics.test/a.js")).status).toBe(400);
  });

  test(`/script.js is valid JavaScript of at most ${TRACKER_MAX_GZIP_BYTES} bytes gzipped`, async () => {
    const js = await handleTrackerScript().text();
    expect(js).toBe(trackerScript());
    expect(() => new vm.Script(js)).not.toThrow();
    const gz = gzipSync(js, { level: 9 }).length;
    console.log(`tracker: ${js.length} bytes, ${gz} bytes gzipped (limit ${TRACKER_MAX_GZIP_BYTES})`);
    expect(gz).toBeLessThanOrEqual(TRACKER_MAX_GZIP_BYTES);
  });
});
