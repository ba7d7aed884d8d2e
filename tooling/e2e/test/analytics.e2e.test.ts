/**
 * The analytics service end to end: real trackers (ours, plausible-tracker
 * 0.3.9, @plausible-analytics/tracker 0.4.6, the seed pixel) in Chromium on
 * pages served from another origin, then the numbers through the Stats API,
 * the dashboard (login, filters, CSV, realtime) and the public share link.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { launchBrowser, startQuire, submitLogin, usePage } from "../src";
import type { QuirePlatform } from "../src";

const require = createRequire(import.meta.url);
const API_KEY = "e2e-stats-api-key-0123456789";
/** A desktop Chrome: the analytics service drops HeadlessChrome as a bot, as it should. */
const CHROME_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let quire: QuirePlatform;
let browser: Browser;
let fixture: http.Server;
let site: string; // the fixture's origin: another origin than analytics

const PLAUSIBLE_OLD_DIR = path.dirname(require.resolve("plausible-tracker/package.json"));
const PLAUSIBLE_NEW_FILE = require.resolve("@plausible-analytics/tracker");

function pages(analytics: string): Record<string, string> {
  const shell = (head: string, body = "") =>
    `<!doctype html><html><head><meta charset="utf-8"><title>Fixture</title>${head}</head><body><h1>Fixture</h1>${body}</body></html>`;
  return {
    "/own.html": shell(
      `<script>window.quire=window.quire||function(){(window.quire.q=window.quire.q||[]).push(arguments)};quire("Queued",{props:{early:"yes"}});</script>` +
        `<script defer src="${analytics}/script.js" data-domain="tracked.local" data-localhost data-webdriver></script>`,
      `<button id="spa" onclick="history.pushState({}, '', '/own/spa-page')">SPA</button>` +
        `<button id="replace" onclick="history.replaceState({}, '', '/own/replaced')">Replace</button>` +
        `<button id="signup" data-quire-event="Signup" data-quire-prop-plan="pro">Sign up</button>` +
        `<button id="custom" onclick="quire('Video play', {props: {title: 'Intro'}})">Play</button>` +
        `<a id="out" href="https://example.org/elsewhere" onclick="event.preventDefault()">Out</a>` +
        `<a id="dl" href="/files/guide.pdf" onclick="event.preventDefault()">Guide</a>`,
    ),
    "/plausible-old.html": shell(
      `<script type="module">import Plausible from "/vendor/plausible-tracker/build/module/index.js";` +
        `const p = Plausible({ domain: "tracked.local", apiHost: "${analytics}", trackLocalhost: true });` +
        `p.trackPageview(); p.trackEvent("Old tracker event", { props: { version: "0.3.9" }, callback: () => { document.title = "sent"; } });</script>`,
    ),
    "/plausible-new.html": shell(
      `<script>window.__plausible = true;</script><script type="module">import { init, track } from "/vendor/plausible-new/plausible.js";` +
        `init({ domain: "tracked.local", endpoint: "${analytics}/api/event", captureOnLocalhost: true, logging: false });` +
        `track("New tracker event", { props: { version: "0.4.6" }, callback: () => { document.title = "sent"; } });</script>`,
    ),
    "/pixel.html": shell(`<script src="${analytics}/a.js?id=tracked.local"></script>`),
    // No data-localhost / data-webdriver: this page is on 127.0.0.1 and driven by automation.
    "/skip.html": shell(
      `<script defer src="${analytics}/script.js" data-domain="tracked.local"></script>`,
      `<button id="b" onclick="quire('Should not count', {callback: () => document.title = 'skipped'})">b</button>`,
    ),
  };
}

function startFixture(analytics: string): Promise<string> {
  const html = pages(analytics);
  fixture = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture");
    let file: string | null = null;
    if (url.pathname.startsWith("/vendor/plausible-tracker/")) {
      // The package's ES build imports "./lib/tracker" without an extension.
      file = path.join(PLAUSIBLE_OLD_DIR, url.pathname.slice("/vendor/plausible-tracker/".length));
      if (!file.endsWith(".js")) file += ".js";
    } else if (url.pathname === "/vendor/plausible-new/plausible.js") file = PLAUSIBLE_NEW_FILE;
    if (file && fs.existsSync(file)) {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(fs.readFileSync(file));
    } else if (html[url.pathname] || url.pathname.startsWith("/own/")) {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(html[url.pathname] ?? html["/own.html"]);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => fixture.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(fixture.address() as AddressInfo).port}`)));
}

interface QueryResult {
  results: { metrics: number[]; dimensions: string[] }[];
}

async function stats(body: Record<string, unknown>): Promise<QueryResult> {
  const res = await fetch(`${quire.urls.analytics}/api/v2/query`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ site_id: "tracked.local", date_range: "day", ...body }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as QueryResult;
}

async function eventCount(name: string): Promise<number> {
  const { results } = await stats({ metrics: ["events"], dimensions: ["event:name"] });
  return results.find((r) => r.dimensions[0] === name)?.metrics[0] ?? 0;
}

async function pageviewsOf(page: string): Promise<number> {
  const { results } = await stats({ metrics: ["pageviews"], dimensions: ["event:page"] });
  return results.find((r) => r.dimensions[0] === page)?.metrics[0] ?? 0;
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  quire = await startQuire({ env: { ANALYTICS_SITES: "tracked.local", ANALYTICS_API_KEY: API_KEY } });
  site = await startFixture(quire.urls.analytics);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (fixture ? fixture.close(r) : r(null)));
  await quire?.stop();
});

const chromium = usePage(() => browser);

async function visit(page: Page, pathname: string) {
  await page.goto(`${site}${pathname}`);
}

describe("trackers in a real browser, from another origin", () => {

  test("our /script.js: pageview, SPA navigation, queued and custom events, data attributes, outbound links, downloads", async () => {
    const context = await browser.newContext({ userAgent: CHROME_UA });
    const page = await context.newPage();
    try {
      await visit(page, "/own.html");
      await eventually(async () => (await pageviewsOf("/own.html")) === 1, "the pageview");
      await page.click("#spa");
      await eventually(async () => (await pageviewsOf("/own/spa-page")) === 1, "the pushState pageview");
      await page.click("#replace");
      await eventually(async () => (await pageviewsOf("/own/replaced")) === 1, "the replaceState pageview");
      await page.goBack();
      await eventually(async () => (await pageviewsOf("/own.html")) === 2, "the popstate pageview");
      await page.click("#signup");
      await page.click("#custom");
      await page.click("#out");
      await page.click("#dl");
      await eventually(async () => (await eventCount("Signup")) === 1 && (await eventCount("Video play")) === 1, "custom events");
      await eventually(async () => (await eventCount("Outbound Link: Click")) === 1 && (await eventCount("File Download")) === 1, "link events");
      expect(await eventCount("Queued")).toBe(1);
      const plans = await stats({ metrics: ["events"], dimensions: ["event:props:plan"], filters: [["is", "event:name", ["Signup"]]] });
      expect(plans.results).toEqual([{ metrics: [1], dimensions: ["pro"] }]);

      // Opt-out in this browser: nothing more is sent.
      await page.evaluate(() => localStorage.setItem("quire_ignore", "true"));
      await page.click("#custom");
      await new Promise((r) => setTimeout(r, 500));
      expect(await eventCount("Video play")).toBe(1);
    } finally {
      await context.close();
    }
  });

  test("our tracker skips navigator.webdriver and localhost unless told", async () => {
    const context = await browser.newContext({ userAgent: CHROME_UA });
    const page = await context.newPage();
    try {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => errors.push(m.text()));
      await page.goto(`${site}/skip.html`);
      await page.click("#b");
      await page.waitForFunction(() => document.title === "skipped", undefined, { timeout: 5000 }).catch(() => {
        throw new Error(`not skipped: ${errors.join("; ")}`);
      });
      expect(await eventCount("Should not count")).toBe(0);
    } finally {
      await context.close();
    }
  });

  test("plausible-tracker 0.3.9 (XHR, props as a JSON string) works unchanged", async () => {
    const context = await browser.newContext({ userAgent: CHROME_UA });
    const page = await context.newPage();
    try {
      await page.goto(`${site}/plausible-old.html`);
      await page.waitForFunction(() => document.title === "sent");
      await eventually(async () => (await pageviewsOf("/plausible-old.html")) === 1, "the old tracker's pageview");
      expect(await eventCount("Old tracker event")).toBe(1);
      const version = await stats({ metrics: ["events"], dimensions: ["event:props:version"], filters: [["is", "event:name", ["Old tracker event"]]] });
      expect(version.results[0]?.dimensions).toEqual(["0.3.9"]);
    } finally {
      await context.close();
    }
  });

  test("@plausible-analytics/tracker 0.4.6 (fetch keepalive, engagement events) works unchanged", async () => {
    const context = await browser.newContext({ userAgent: CHROME_UA });
    const page = await context.newPage();
    try {
      await page.goto(`${site}/plausible-new.html`);
      await page.waitForFunction(() => document.title === "sent");
      await eventually(async () => (await pageviewsOf("/plausible-new.html")) === 1, "the new tracker's pageview");
      expect(await eventCount("New tracker event")).toBe(1);
      // Leaving the page sends an "engagement" event: it lengthens the visit, it is not an event of its own.
      await page.goto(`${site}/pixel.html`);
      expect(await eventCount("engagement")).toBe(0);
    } finally {
      await context.close();
    }
  });

  test("the seed pixel (a.js + a.gif) records a pageview with the page's URL", async () => {
    const context = await browser.newContext({ userAgent: CHROME_UA });
    const page = await context.newPage();
    try {
      const gif = page.waitForResponse((r) => r.url().includes("/a.gif?"));
      await page.goto(`${site}/pixel.html`);
      const res = await gif;
      expect(res.headers()["content-type"]).toBe("image/gif");
      expect(res.headers()["cache-control"]).toContain("no-store");
      await eventually(async () => (await pageviewsOf("/pixel.html")) >= 1, "the pixel's pageview");
    } finally {
      await context.close();
    }
  });

  test("a headless browser with its own user agent is dropped as a bot", async () => {
    const { page } = chromium;
    const before = await pageviewsOf("/plausible-old.html");
    await page.goto(`${site}/plausible-old.html`);
    await page.waitForFunction(() => document.title === "sent");
    expect(await pageviewsOf("/plausible-old.html")).toBe(before);
  });
});

describe("the dashboard", () => {
  async function login(page: Page, next: string) {
    await page.goto(`${quire.urls.analytics}/login?next=${encodeURIComponent(next)}`);
    await submitLogin(page, quire.password);
  }

  async function trackedSiteId(page: Page): Promise<number> {
    await page.goto(quire.urls.analytics);
    const href = await page.getByRole("link", { name: "tracked.local", exact: true }).getAttribute("href");
    return Number(href!.split("/").pop());
  }

  test("top stats, chart, breakdowns, click-to-filter, CSV and realtime", async () => {
    const { page } = chromium;
    await login(page, "/");
    const id = await trackedSiteId(page);
    await page.goto(`${quire.urls.analytics}/sites/${id}?period=day`);
    await expect.poll(() => page.getByTestId("site-domain").textContent()).toBe("tracked.local");
    const visitors = Number(await page.getByTestId("stat-visitors").locator(".q-stat").getAttribute("data-value"));
    expect(visitors).toBeGreaterThan(0);
    expect(await page.getByTestId("chart").locator("circle").count()).toBe(24);
    await expect.poll(() => page.getByTestId("realtime-visitors").textContent(), { timeout: 15_000 }).toMatch(/^[1-9]/);

    const pages = page.getByTestId("breakdown-event:page");
    await pages.getByRole("link", { name: "/own/spa-page" }).click();
    await page.waitForURL((url) => url.searchParams.getAll("f").includes("event:page|is|/own/spa-page"));
    expect(await page.getByTestId("filters").textContent()).toContain("/own/spa-page");
    expect(Number(await page.getByTestId("stat-pageviews").locator(".q-stat").getAttribute("data-value"))).toBe(1);

    const csv = await page.request.get(`${quire.urls.analytics}/sites/${id}/export?period=day&dimension=event:name`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe("Event,Visitors,Events");
    expect(text).toContain("Signup,1,1");

    // Click an event: its properties appear.
    await page.goto(`${quire.urls.analytics}/sites/${id}?period=day`);
    await page.getByTestId("breakdown-event:name").getByRole("link", { name: "Signup" }).click();
    await expect.poll(() => page.getByTestId("breakdown-event:props:plan").textContent()).toContain("pro");
  });

  test("settings: goals, the public share link (read-only, no login)", async () => {
    const { page } = chromium;
    await login(page, "/");
    const id = await trackedSiteId(page);
    await page.goto(`${quire.urls.analytics}/sites/${id}/settings`);
    await page.getByLabel("Goal page or event").fill("Signup");
    await page.getByLabel("Goal kind").selectOption("event");
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole("button", { name: "Add goal" }).click()]);
    await page.goto(`${quire.urls.analytics}/sites/${id}/settings`);
    await page.getByLabel(/Public share link/).check();
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole("button", { name: "Save" }).click()]);
    const shareHref = await page.getByTestId("share-link").getByRole("link").getAttribute("href");
    expect(shareHref).toMatch(/^\/share\/[\w-]+$/);

    await page.goto(`${quire.urls.analytics}/sites/${id}?period=day`);
    expect(await page.getByTestId("goals").textContent()).toContain("Signup");

    const anonymous = await browser.newContext();
    try {
      const shared = await anonymous.newPage();
      await shared.goto(`${quire.urls.analytics}${shareHref}?period=day`);
      expect(new URL(shared.url()).pathname).toBe(shareHref);
      expect(await shared.getByTestId("site-domain").textContent()).toBe("tracked.local");
      expect(Number(await shared.getByTestId("stat-pageviews").locator(".q-stat").getAttribute("data-value"))).toBeGreaterThan(0);
      expect(await shared.getByRole("link", { name: "Settings" }).count()).toBe(0);
      // The same page without the token is the login page.
      await shared.goto(`${quire.urls.analytics}/sites/${id}`);
      expect(new URL(shared.url()).pathname).toBe("/login");
    } finally {
      await anonymous.close();
    }
  });
});
