import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  fetchApp,
  launchBrowser,
  loginAdmin,
  REPO_ROOT,
  screenshot,
  startQuire,
  submitLogin,
  usePage,
} from "../src";
import type { AdminClient, QuirePlatform } from "../src";

/** The blog's site-level behaviour: typed-in URLs, old tag links, session controls, settings. */

const CONTENT_KEY = "e2e-content-key-0123456789";
let quire: QuirePlatform;
let browser: Browser;
let cookie = "";
let mutate: AdminClient["mutate"];

const get = (p: string, init?: RequestInit) => fetchApp(quire.urls.blog, p, init);

beforeAll(async () => {
  quire = await startQuire({ env: { BLOG_CONTENT_API_KEY: CONTENT_KEY } });
  browser = await launchBrowser();
  const admin = await loginAdmin(quire.urls.blog, quire.password);
  cookie = admin.cookie;
  mutate = admin.mutate;
});

afterAll(async () => {
  await browser?.close();
  await quire?.stop();
});

/** Every file under the built app's .next/server whose name contains `token`. */
function builtFilesNamed(token: string): string[] {
  const root = path.join(REPO_ROOT, "apps/blog/.next/server");
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.includes(token));
}

describe("URLs a reader can type", () => {
  test("broken percent-escapes are a 400 page, never a 500", async () => {
    for (const url of [
      "/posts/%E0%A4%A",
      "/post/%E0%A4%A",
      "/tag/%",
      "/tag/%E0%A4%A/feed.xml",
      "/%",
      "/%zz",
      "/a/b/%C3%28",
      "/page/%ff",
      "/search/%",
      "/admin/%",
      "/api/%",
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(400);
      expect(res.headers.get("content-type"), url).toContain("text/html");
      const html = await res.text();
      expect(html, url).toContain("<h1>Bad address</h1>");
      expect(html, url).toContain('href="/"');
    }
    // Well-formed escapes still reach their pages.
    expect((await get("/search?q=%25")).status).toBe(200);
    expect((await get("/posts/one-writer-no-sqlite-busy")).status).toBe(200);
    expect((await get("/tag/sqlite")).status).toBe(200);
  });

  test("unknown posts, pages and page numbers are a cheap 404 that leaves no cache entry", async () => {
    // Made up here, so never asked for before: a render would be a cache MISS that stores a new
    // entry; the one prerendered 404 answers them all straight from the cache instead.
    const token = `junk${randomBytes(6).toString("hex")}`;
    for (const url of [
      `/posts/${token}`,
      `/posts/${token}%20x`,
      `/${token}`,
      `/page/${token}`,
      "/page/0",
      "/page/1000",
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get("x-nextjs-cache"), url).toBe("HIT");
      expect(await res.text(), url).toContain("Page not found");
    }
    // Unknown tags: the tag page is rendered per request (it reads ?page=) and never cached.
    const tag = await get(`/tag/${token}`);
    expect(tag.status).toBe(404);
    expect(tag.headers.get("x-nextjs-cache")).toBeNull();
    // A real post's first visit is the MISS that caches it (the header tells the two apart).
    const post = await mutate<{ slug: string }>("admin.posts.create", {
      title: `Cached ${token}`,
      status: "published",
    });
    expect((await get(`/posts/${post.slug}`)).headers.get("x-nextjs-cache")).toBe("MISS");
    expect((await get(`/posts/${post.slug}`)).headers.get("x-nextjs-cache")).toBe("HIT");
    // Cached pages stay in memory: nothing is written under the build (a restarted app with
    // another database must not serve them).
    expect(builtFilesNamed(post.slug)).toEqual([]);
  });

  test("the proxy lets every route of the app through", async () => {
    // One URL per top-level folder of apps/blog/src/app, with the status it must answer. A new
    // route without an entry here fails this test: check src/proxy.ts's matcher for it.
    const samples: Record<string, [string, number]> = {
      admin: ["/admin", 307],
      api: ["/api/health", 200],
      archive: ["/archive?page=2", 200],
      "atom.xml": ["/atom.xml", 200],
      "feed.xml": ["/feed.xml", 200],
      ghost: [`/ghost/api/content/settings?key=${CONTENT_KEY}`, 200],
      login: ["/login", 200],
      media: ["/media/nothing.png", 404],
      missing: ["/missing", 404],
      page: ["/page/1", 200],
      popular: ["/popular", 200],
      posts: ["/posts/writing-in-markdown", 200],
      "robots.txt": ["/robots.txt", 200],
      search: ["/search?q=sqlite", 200],
      "sitemap.xml": ["/sitemap.xml", 200],
      tag: ["/tag/sqlite", 200],
      tags: ["/tags", 200],
      "[slug]": ["/about", 200],
    };
    const dirs = fs
      .readdirSync(path.join(REPO_ROOT, "apps/blog/src/app"), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith("_"))
      .map((d) => d.name)
      .sort();
    expect(Object.keys(samples).sort()).toEqual(dirs);
    for (const [url, status] of Object.values(samples)) {
      expect((await get(url)).status, url).toBe(status);
    }
  });
});

describe("old tag links", () => {
  test("a renamed tag answers its old slug (page and feeds) with a 301; a merged tag goes to its target", async () => {
    const tag = await mutate<{ id: number; slug: string }>("admin.tags.create", {
      name: "Marsupials",
    });
    await mutate("admin.posts.create", {
      title: "Wombats",
      status: "published",
      tags: ["Marsupials"],
    });
    await mutate("admin.tags.update", { id: tag.id, data: { slug: "pouched" } });
    for (const [from, to] of [
      ["/tag/marsupials", "/tag/pouched"],
      ["/tag/marsupials/feed.xml", "/tag/pouched/feed.xml"],
      ["/tag/marsupials/atom.xml", "/tag/pouched/atom.xml"],
    ]) {
      const res = await get(from!);
      expect(res.status, from).toBe(301);
      expect(new URL(res.headers.get("location")!, quire.urls.blog).pathname).toBe(to);
    }
    expect(await (await get("/tag/pouched")).text()).toContain("Wombats");

    const source = await mutate<{ id: number }>("admin.tags.create", { name: "Kangaroos" });
    await mutate("admin.tags.merge", { sourceId: source.id, targetId: tag.id });
    const merged = await get("/tag/kangaroos");
    expect(merged.status).toBe(301);
    expect(new URL(merged.headers.get("location")!, quire.urls.blog).pathname).toBe("/tag/pouched");
    // A tag that never existed is still a plain 404.
    expect((await get("/tag/platypus")).status).toBe(404);
  });
});

describe("in Chromium", () => {
  const chromium = usePage(() => browser);

  test("the admin sees 'Admin · Log out' on cached public pages; readers never do", async () => {
    const { page } = chromium;
    // The controls ask /api/session once the page has hydrated; wait for that answer.
    const visitHome = () =>
      Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === "/api/session"),
        page.goto(quire.urls.blog),
      ]);
    await visitHome();
    expect(await page.getByTestId("session-controls").count()).toBe(0);
    expect(await page.getByRole("link", { name: "Log in" }).isVisible()).toBe(true);

    await page.goto(`${quire.urls.blog}/login?next=/posts/writing-in-markdown`);
    await submitLogin(page, quire.password);
    const controls = page.getByRole("region", { name: "Admin session" });
    await controls.waitFor();
    expect(await controls.getByRole("link", { name: "Admin" }).getAttribute("href")).toBe("/admin");
    expect(await page.getByRole("link", { name: "Log in" }).isVisible()).toBe(false);
    await page.goto(quire.urls.blog);
    await controls.waitFor();
    await screenshot(page, "blog-session-controls");

    // The page itself is the same cached document for the admin and for a reader.
    const asAdmin = await get("/", { headers: { cookie } });
    const asReader = await get("/");
    expect(asAdmin.headers.get("x-nextjs-cache")).toMatch(/HIT|STALE/);
    expect(await asAdmin.text()).toBe(await asReader.text());
    expect((await (await get("/api/session", { headers: { cookie } })).json()) as unknown).toEqual({
      admin: true,
    });
    expect((await (await get("/api/session")).json()) as unknown).toEqual({ admin: false });

    await Promise.all([
      page.waitForURL(/\/login\?loggedOut=1$/),
      controls.getByRole("button", { name: "Log out" }).click(),
    ]);
    await visitHome();
    expect(await page.getByTestId("session-controls").count()).toBe(0);
    expect(await page.getByRole("link", { name: "Log in" }).isVisible()).toBe(true);
  });

  test("admin tags page: a slug changed in its row and a merge made in its form leave 301s behind", async () => {
    await mutate("admin.tags.create", { name: "Numbats" });
    await mutate("admin.tags.create", { name: "Anteaters" });
    const { page } = chromium;
    await page.goto(`${quire.urls.blog}/login?next=/admin/tags`);
    await submitLogin(page, quire.password);
    const row = page.locator("form").filter({ has: page.getByLabel("Slug of Numbats") });
    await row.getByLabel("Slug of Numbats").fill("banded-anteaters");
    await Promise.all([
      page.waitForURL(/\/admin\/tags\?saved=1$/),
      row.getByRole("button", { name: "Save" }).click(),
    ]);
    await page.getByLabel("Merge", { exact: true }).selectOption({ label: "Anteaters" });
    await page.getByLabel("into", { exact: true }).selectOption({ label: "Numbats" });
    await Promise.all([
      page.waitForURL(/\/admin\/tags\?merged=1$/),
      page.getByRole("button", { name: "Merge", exact: true }).click(),
    ]);
    expect(await page.getByLabel("Slug of Anteaters").count()).toBe(0);
    for (const from of ["/tag/numbats", "/tag/anteaters"]) {
      const res = await get(from);
      expect(res.status, from).toBe(301);
      expect(new URL(res.headers.get("location")!, quire.urls.blog).pathname, from).toBe(
        "/tag/banded-anteaters",
      );
    }
  });

  test("site settings: inline errors, then title, language and navigation on every page, feed and API", async () => {
    const { page } = chromium;
    await page.goto(`${quire.urls.blog}/login?next=/admin/settings`);
    await submitLogin(page, quire.password);
    const field = (label: string) => page.getByLabel(label, { exact: true });

    await field("Site title").fill("   ");
    await field("Language").fill("not a language");
    await field("Navigation links").fill("Docs /docs\nEvil | javascript:alert(1)");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("alert").filter({ hasText: "Nothing was saved" }).waitFor();
    expect(await page.getByTestId("error-title").textContent()).toBe("Give the site a title");
    expect(await page.getByTestId("error-lang").textContent()).toContain("is not a language tag");
    expect(await page.getByTestId("error-navigation").textContent()).toContain("Line 1");
    expect(await field("Language").getAttribute("aria-invalid")).toBe("true");
    // What was typed is still there to correct.
    expect(await field("Language").inputValue()).toBe("not a language");
    expect(await (await get("/")).text()).toContain("<title>Quire blog</title>");

    await field("Site title").fill("Carnet de bord");
    await field("Description").fill("Notes sur SQLite");
    await field("Language").fill("fr-ca");
    await field("Navigation links").fill(
      "Écrire | /posts/writing-in-markdown\nAilleurs | https://example.org/",
    );
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").filter({ hasText: "Settings saved." }).waitFor();
    expect(await field("Language").inputValue()).toBe("fr-CA");
    await screenshot(page, "blog-settings");

    // The cached public pages were dropped: the very next visit shows the new settings.
    await page.goto(quire.urls.blog);
    expect(await page.title()).toBe("Carnet de bord");
    expect(await page.locator("html").getAttribute("lang")).toBe("fr-CA");
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link", { name: "Écrire" }).getAttribute("href")).toBe(
      "/posts/writing-in-markdown",
    );
    expect(await nav.getByRole("link", { name: "Ailleurs" }).getAttribute("href")).toBe(
      "https://example.org/",
    );
    expect(await (await get("/")).text()).toContain(
      'property="og:site_name" content="Carnet de bord"',
    );
    const post = await (await get("/posts/writing-in-markdown")).text();
    expect(post).toContain('<html lang="fr-CA"');
    expect(post).toContain('property="og:site_name" content="Carnet de bord"');
    expect(post).toContain('property="og:locale" content="fr_CA"');
    const rss = await (await get("/feed.xml")).text();
    expect(rss).toContain("<title>Carnet de bord</title>");
    expect(rss).toContain("<language>fr-CA</language>");
    const api = (await (await get(`/ghost/api/content/settings?key=${CONTENT_KEY}`)).json()) as {
      settings: { title: string; lang: string; navigation: { label: string }[] };
    };
    expect(api.settings).toMatchObject({ title: "Carnet de bord", lang: "fr-CA" });
    expect(api.settings.navigation.map((n) => n.label)).toContain("Ailleurs");
  });
});
