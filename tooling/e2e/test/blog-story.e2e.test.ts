import http from "node:http";
import type { AddressInfo } from "node:net";

import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { fetchApp, launchBrowser, screenshot, startQuire, submitLogin } from "../src";
import type { QuirePlatform } from "../src";

/**
 * The blog issue's whole story, in one browser session against the three built apps: write,
 * publish, read through search, count the view in analytics, unpublish, and gone everywhere.
 */

/** A desktop Chrome: the analytics service drops HeadlessChrome as a bot, as it should. */
const CHROME_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let quire: QuirePlatform;
let browser: Browser;
let provider: http.Server;
let providerUrl: string;
const oembedRequests: string[] = [];

/**
 * A local oEmbed provider found by discovery: a "video" page that links its oEmbed endpoint, and
 * the endpoint answering a rich card. No internet here, and the blog is told it may fetch
 * 127.0.0.1 (BLOG_OEMBED_ALLOW_PRIVATE=1).
 */
function startProvider(): Promise<string> {
  provider = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://provider");
    oembedRequests.push(url.pathname);
    if (url.pathname === "/videos/sqlite-talk") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(
        `<!doctype html><html><head><title>SQLite talk</title>` +
          `<link rel="alternate" type="application/json+oembed" href="/oembed?format=json&amp;id=sqlite-talk">` +
          `</head><body>video</body></html>`,
      );
    } else if (url.pathname === "/oembed") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          version: "1.0",
          type: "rich",
          title: "Lightning talk on SQLite",
          author_name: "Fake Speaker",
          provider_name: "FakeTube",
          // Only its text may survive: the blog never copies a provider's HTML.
          html: `<div onclick="window.__xss=1"><p>Twelve minutes on WAL mode.</p><script>window.__xss=1</script></div>`,
        }),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    provider.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(provider.address() as AddressInfo).port}`),
    ),
  );
}

beforeAll(async () => {
  providerUrl = await startProvider();
  quire = await startQuire({
    // The documented opt-ins of a local/test deployment: count visits on localhost and from
    // automated browsers, and let oEmbed discovery reach the fake provider on 127.0.0.1.
    env: { BLOG_TRACK_LOCAL_VISITS: "1", BLOG_OEMBED_ALLOW_PRIVATE: "1" },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await quire?.stop();
  await new Promise((resolve) => provider?.close(resolve));
});

const get = (path: string) => fetchApp(quire.urls.blog, path);
const textOf = async (path: string) => (await get(path)).text();

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ userAgent: CHROME_UA });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** The views of one path in the admin dashboard's "last 7 days" table (0 when not listed). */
async function viewsInAdmin(page: Page, path: string): Promise<number> {
  await page.goto(`${quire.urls.blog}/admin`);
  const table = page.getByRole("table", { name: "Top posts, last 7 days" });
  if ((await table.count()) === 0) return 0;
  const row = table
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: path, exact: true }) });
  if ((await row.count()) === 0) return 0;
  return Number((await row.getByRole("cell").nth(1).textContent())?.replace(/\D/g, ""));
}

test("write with code and an embed, publish, find through search, count the view, unpublish: gone everywhere", async () => {
  const title = "Quokkas and the write-ahead log";
  const slug = "quokkas-and-the-write-ahead-log";
  const admin = await newPage();
  const reader = await newPage();
  const pageErrors: string[] = [];
  reader.page.on("pageerror", (e) => pageErrors.push(e.message));
  try {
    // 1. Log in and write the post in the editor.
    const { page } = admin;
    await page.goto(`${quire.urls.blog}/login?next=/admin/posts/new`);
    await submitLogin(page, quire.password);
    await page.getByLabel("Title").fill(title);
    await page
      .getByLabel("Body (Markdown)")
      .fill(
        [
          "Quokkas checkpoint the WAL on Sundays.",
          "```sql\nPRAGMA journal_mode = WAL;\nSELECT count(*) FROM quokkas;\n```",
          `${providerUrl}/videos/sqlite-talk`,
          "That is all.",
        ].join("\n\n"),
      );
    // The live preview shows both the highlighted code and the embed, fetched by the server.
    await expect
      .poll(() => page.getByTestId("preview").innerHTML(), { timeout: 15_000 })
      .toContain("Lightning talk on SQLite");
    await page.waitForURL(/\/admin\/posts\/\d+$/, { timeout: 15_000 });
    await page.getByLabel("Tags (comma-separated)").fill("SQLite, Marsupials");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect
      .poll(() => page.getByTestId("save-state").textContent(), { timeout: 15_000 })
      .toContain("(published)");
    expect(oembedRequests).toContain("/oembed");

    // 2. A reader sees it on the home page.
    const r = reader.page;
    await r.goto(quire.urls.blog);
    expect(await r.getByRole("link", { name: title }).count()).toBe(1);

    // 3. …finds it through /search (answered by the search app; the outbox delivers it).
    await expect
      .poll(
        async () => {
          await r.goto(`${quire.urls.blog}/search?q=quokkas`);
          return r.locator(".q-hits").getByRole("link", { name: title }).count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    // …and opens it from the results.
    await Promise.all([
      r.waitForURL(new RegExp(`/posts/${slug}$`)),
      r.locator(".q-hits").getByRole("link", { name: title }).click(),
    ]);
    await r.getByRole("heading", { level: 1, name: title }).waitFor();
    const body = r.getByTestId("post-body");
    // Highlighted by shiki at save time: coloured spans, no client-side highlighter.
    const code = body.locator("pre.shiki code.language-sql");
    expect(await code.textContent()).toContain("PRAGMA journal_mode = WAL;");
    expect(await code.locator("span[style*='color']").count()).toBeGreaterThan(3);
    // The URL alone on its line became an embed card (text only from the provider's answer).
    const embed = body.locator("figure.q-embed");
    expect(await embed.textContent()).toContain("Lightning talk on SQLite");
    expect(await embed.textContent()).toContain("Twelve minutes on WAL mode.");
    expect(await embed.locator("figcaption a").getAttribute("href")).toBe(
      `${providerUrl}/videos/sqlite-talk`,
    );
    expect(await r.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await screenshot(r, "blog-story-post");

    // 4. The tracker on the page posted the view to analytics; the admin dashboard (its
    // numbers come from the analytics app over tRPC) shows exactly that one view.
    await expect
      .poll(() => viewsInAdmin(page, `/posts/${slug}`), { timeout: 30_000, interval: 1000 })
      .toBe(1);
    await screenshot(page, "blog-story-admin");

    // 5. Unpublish in the editor.
    await page.goto(`${quire.urls.blog}/admin/posts`);
    await Promise.all([
      page.waitForURL(/\/admin\/posts\/\d+$/),
      page.getByRole("link", { name: title }).first().click(),
    ]);
    // The editor is a client component: a press before it hydrates does nothing, so press until
    // the save lands (pressing twice only saves the same draft twice).
    await expect
      .poll(
        async () => {
          const unpublish = page.getByRole("button", { name: "Unpublish", exact: true });
          if ((await unpublish.count()) > 0)
            await unpublish.click({ timeout: 2000 }).catch(() => {});
          return page.getByTestId("save-state").textContent();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toContain("(draft)");

    // 6. Gone at once from the post URL, home, the feeds and the sitemap…
    expect((await get(`/posts/${slug}`)).status).toBe(404);
    await r.goto(quire.urls.blog);
    expect(await r.getByRole("link", { name: title }).count()).toBe(0);
    for (const path of ["/", "/feed.xml", "/atom.xml", "/sitemap.xml", "/tag/marsupials"]) {
      expect(await textOf(path), path).not.toContain(slug);
    }
    // …and from search once the outbox has delivered the removal.
    await expect
      .poll(
        async () => {
          await r.goto(`${quire.urls.blog}/search?q=quokkas`);
          return (await r.locator("main").textContent()) ?? "";
        },
        { timeout: 30_000, interval: 500 },
      )
      .not.toContain(title);
    expect(await r.locator("main").textContent()).not.toContain("Search is unavailable");
    expect(pageErrors).toEqual([]);
  } catch (error) {
    await screenshot(admin.page, "blog-story-failed-admin").catch(() => {});
    await screenshot(reader.page, "blog-story-failed-reader").catch(() => {});
    throw new Error(
      `${(error as Error).message}\n--- blog log ---\n${quire.logs.blog.slice(-3000)}\n--- analytics log ---\n${quire.logs.analytics.slice(-2000)}`,
      { cause: error },
    );
  } finally {
    await admin.context.close();
    await reader.context.close();
  }
}, 180_000);
