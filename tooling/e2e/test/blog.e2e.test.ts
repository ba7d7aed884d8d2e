import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  fetchApp,
  launchBrowser,
  loginAdmin,
  screenshot,
  startQuire,
  submitLogin,
  usePage,
} from "../src";
import type { AdminClient, QuirePlatform } from "../src";

let quire: QuirePlatform;
let browser: Browser;
let cookie = "";
let mutate: AdminClient["mutate"];

const get = (path: string, init?: RequestInit) => fetchApp(quire.urls.blog, path, init);

beforeAll(async () => {
  quire = await startQuire();
  browser = await launchBrowser();
  const admin = await loginAdmin(quire.urls.blog, quire.password);
  cookie = admin.cookie;
  mutate = admin.mutate;
});

afterAll(async () => {
  await browser?.close();
  await quire?.stop();
});

describe("reading", () => {
  test("feeds, sitemap and robots answer with their types and hide drafts", async () => {
    for (const [path, type] of [
      ["/feed.xml", "application/rss+xml"],
      ["/atom.xml", "application/atom+xml"],
      ["/tag/programming/feed.xml", "application/rss+xml"],
      ["/sitemap.xml", "application/xml"],
      ["/robots.txt", "text/plain"],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toContain(type);
      const text = await res.text();
      expect(text, path).not.toContain("draft-ideas");
    }
    expect(await (await get("/feed.xml")).text()).toContain("<content:encoded><![CDATA[");
    expect((await get("/posts/draft-ideas")).status).toBe(404);
    expect((await get("/tag/no-such-tag")).status).toBe(404);
  });

  test("the server's page cache replays cached pages and forgets them when a post changes", async () => {
    const home = () => get("/", { headers: { "accept-encoding": "identity" } });
    // Next renders the page once (MISS), then serves it from its cache (HIT), which the page
    // cache keeps and replays from then on.
    await expect
      .poll(async () => (await home()).headers.get("x-quire-page-cache"), { interval: 100 })
      .toBe("HIT");
    expect((await home()).headers.get("x-nextjs-cache")).toBe("HIT");
    await mutate("admin.posts.create", {
      title: "Fresh past the page cache",
      bodyMarkdown: "New.",
      status: "published",
    });
    const after = await home();
    expect(after.headers.get("x-quire-page-cache")).toBeNull();
    expect(await after.text()).toContain("Fresh past the page cache");
  });

  test("bad page numbers are an inline error, past the end an empty page with a way back", async () => {
    const bad = await (await get("/?page=abc")).text();
    expect(bad).toContain("is not a page number");
    const past = await (await get("/?page=500")).text();
    expect(past).toMatch(/No posts on page (<!-- -->)?500/);
  });

  test("a post page: tags, reading time, related posts, previous/next, canonical and OpenGraph", async () => {
    const html = await (await get("/posts/one-writer-no-sqlite-busy")).text();
    expect(html).toContain('<html lang="en"');
    expect(html).toMatch(
      /<link rel="canonical" href="http:\/\/localhost:\d+\/posts\/one-writer-no-sqlite-busy"/,
    );
    expect(html).toContain('property="og:type" content="article"');
    expect(html).toContain("min read");
    expect(html).toContain("Related posts");
    expect(html).toContain('rel="prev"');
    expect(html).toContain('class="shiki github-light"');
  });
});

describe("writing", () => {
  test("a renamed post answers its old slug with a 301", async () => {
    const post = await mutate<{ id: number; slug: string }>("admin.posts.create", {
      title: "Rename me",
      status: "published",
    });
    await mutate("admin.posts.update", { id: post.id, data: { slug: "renamed" } });
    const res = await get("/posts/rename-me");
    expect(res.status).toBe(301);
    expect(new URL(res.headers.get("location")!, quire.urls.blog).pathname).toBe("/posts/renamed");
    expect((await get("/posts/renamed")).status).toBe(200);
  });

  test("unpublishing takes a cached post off at once: the very next reader gets a 404", async () => {
    const post = await mutate<{ id: number; slug: string }>("admin.posts.create", {
      title: "Briefly public",
      status: "published",
    });
    for (let i = 0; i < 3; i++) expect((await get(`/posts/${post.slug}`)).status).toBe(200); // now cached
    expect(await (await get("/")).text()).toContain("Briefly public");
    await mutate("admin.posts.update", { id: post.id, data: { status: "draft" } });
    expect((await get(`/posts/${post.slug}`)).status).toBe(404);
    expect(await (await get("/")).text()).not.toContain("Briefly public");
  });

  test("a scheduled post stays hidden until its time, then appears", async () => {
    const at = new Date(Date.now() + 2500);
    const post = await mutate<{ slug: string; status: string }>("admin.posts.create", {
      title: "Scheduled for later",
      status: "published",
      publishedAt: at.toISOString(),
    });
    expect(post.status).toBe("scheduled");
    expect((await get(`/posts/${post.slug}`)).status).toBe(404);
    expect(await (await get("/feed.xml")).text()).not.toContain(post.slug);
    await expect
      .poll(async () => (await get(`/posts/${post.slug}`)).status, {
        timeout: 10_000,
        interval: 250,
      })
      .toBe(200);
  });

  test("images upload (type and size checked) and are served with caching headers", async () => {
    const png = Buffer.from(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b9a6f30000000049454e44ae426082",
      "hex",
    );
    const upload = (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.set("file", new Blob([new Uint8Array(bytes)]), name);
      return fetch(`${quire.urls.blog}/api/admin/upload`, {
        method: "POST",
        body: form,
        headers: { cookie },
      });
    };
    expect(
      (await fetch(`${quire.urls.blog}/api/admin/upload`, { method: "POST", body: new FormData() }))
        .status,
    ).toBe(401);
    expect((await upload(Buffer.from("<svg onload=alert(1)>"), "x.svg")).status).toBe(415);
    expect((await upload(Buffer.alloc(6 * 1024 * 1024, 1), "big.png")).status).toBe(413);
    const res = await upload(png, "dot.png");
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    const image = await get(url);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(image.headers.get("cache-control")).toContain("immutable");
    expect(
      (await get(url, { headers: { "if-none-match": image.headers.get("etag")! } })).status,
    ).toBe(304);
  });
});

describe("wired to search, analytics and Ghost tools", () => {
  test("the public search finds published posts; with search down it says so, and catches up after", async () => {
    // Matched words come back wrapped in <mark>: compare the text without them.
    const search = async (q: string) =>
      (await (await get(`/search?q=${encodeURIComponent(q)}`)).text()).replace(/<\/?mark>/g, "");
    await expect
      .poll(() => search("writer"), { timeout: 20_000, interval: 500 })
      .toContain("One writer, no SQLITE_BUSY");
    expect(await search("ideas")).not.toContain("Ideas (draft)");
    await quire.stopApp("search");
    try {
      expect(await search("writer")).toContain("Search is unavailable right now");
      expect((await get("/")).status).toBe(200);
      await mutate("admin.posts.create", {
        title: "Penguins while search was down",
        bodyMarkdown: "Flightless birds.",
        status: "published",
      });
    } finally {
      await quire.startApp("search");
    }
    await expect
      .poll(() => search("penguins"), { timeout: 60_000, interval: 1000 })
      .toContain("Penguins while search was down");
  });

  test("the Ghost Content API answers with a key from the admin, in Ghost's shapes", async () => {
    const { secret } = await mutate<{ secret: string }>("admin.keys.create", { name: "e2e" });
    const res = await fetch(
      `${quire.urls.blog}/ghost/api/content/posts/?key=${secret}&limit=2&include=tags`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      posts: { slug: string; tags: unknown[] }[];
      meta: { pagination: { limit: number } };
    };
    expect(body.posts).toHaveLength(2);
    expect(body.meta.pagination.limit).toBe(2);
    const bad = await fetch(
      `${quire.urls.blog}/ghost/api/content/posts/?key=ffffffffffffffffffffffffff`,
    );
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { errors: { type: string }[] }).errors[0]!.type).toBe(
      "UnauthorizedError",
    );
    const filter = await fetch(
      `${quire.urls.blog}/ghost/api/content/posts/?key=${secret}&filter=${encodeURIComponent("tag:(")}`,
    );
    expect(filter.status).toBe(400);
  });

  test("public pages carry the analytics tracker; admin pages do not", async () => {
    const home = await (await get("/")).text();
    expect(home).toContain(`src="${quire.urls.analytics}/script.js"`);
    expect(home).toContain('data-domain="localhost"');
    const post = await (await get("/posts/writing-in-markdown")).text();
    expect(post).toContain("/script.js");
    const admin = await (await get("/admin", { headers: { cookie } })).text();
    expect(admin).not.toContain("/script.js");
    expect(admin).toMatch(/Most read|Analytics is unavailable/);
  });
});

describe("in Chromium", () => {
  const chromium = usePage(() => browser);

  test("hostile markdown published by the admin runs no script for a reader", async () => {
    const payloads = [
      `<script>window.__xss = 1</script>`,
      `<img src=x onerror="window.__xss=1">`,
      `<svg onload="window.__xss=1"></svg>`,
      `[a](javascript:window.__xss=1)`,
      `![b](x" onerror="window.__xss=1)`,
      `<iframe src="javascript:window.__xss=1"></iframe>`,
      `<details open ontoggle="window.__xss=1">x</details>`,
      `<a href="javascript:window.__xss=1">c</a>`,
      `# __next_f`,
      "```html\n<script>window.__xss=1</script>\n```",
      // Raw HTML blocks (rendered through rehype-raw, then sanitized).
      `<div onclick="window.__xss=1" onmouseover="window.__xss=1">hover me</div>`,
      `<details open><summary onclick="window.__xss=1">open me</summary><img src=x onerror="window.__xss=1"></details>`,
      `<table><tr><td onclick="window.__xss=1"><a href="javascript:window.__xss=1">cell link</a></td></tr></table>`,
      `<figure><img src="javascript:window.__xss=1" onerror="window.__xss=1"><figcaption>fig</figcaption></figure>`,
      `<svg><a xlink:href="javascript:window.__xss=1"><text x="10" y="10">svg link</text></a></svg>`,
      `<svg><foreignObject><iframe srcdoc="<script>parent.__xss=1</script>"></iframe></foreignObject></svg>`,
      `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1">`,
      `<noscript><p title="</noscript><img src=x onerror=window.__xss=1>"></noscript>`,
      `<form action="javascript:window.__xss=1"><button formaction="javascript:window.__xss=1">submit</button></form>`,
      `<a id="__next_f" name="__next_f">clobber</a>`,
      `<p><kbd>Ctrl</kbd> and <mark>kept</mark></p>`,
    ];
    const post = await mutate<{ slug: string }>("admin.posts.create", {
      title: "XSS gallery",
      bodyMarkdown: payloads.join("\n\n"),
      status: "published",
    });
    const { page } = chromium;
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${quire.urls.blog}/posts/${post.slug}`);
    // Click every link in the body: none may run script.
    for (const link of await page.locator('[data-testid="post-body"] a').all()) {
      await link.click({ noWaitAfter: true }).catch(() => {});
    }
    await page.goto(`${quire.urls.blog}/posts/${post.slug}`);
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    expect(dialogs).toEqual([]);
    // The page still hydrated (the heading and the raw anchor named __next_f did not break it).
    expect(await page.getByRole("heading", { level: 1, name: "XSS gallery" }).count()).toBe(1);
    // Allowed raw HTML rendered; the clicks above also hovered and toggled the hostile elements.
    const body = page.getByTestId("post-body");
    expect(await body.locator("kbd").textContent()).toBe("Ctrl");
    expect(await body.locator("mark").textContent()).toBe("kept");
    await body.getByText("hover me").hover();
    await body.getByText("open me").click();
    await body
      .getByText("cell link")
      .click({ noWaitAfter: true })
      .catch(() => {});
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test("the admin writes a post in the editor with a live preview, publishes it, and readers see it", async () => {
    const { page } = chromium;
    await page.goto(`${quire.urls.blog}/login?next=/admin/posts/new`);
    await submitLogin(page, quire.password);
    await page.getByLabel("Title").fill("Written in the browser");
    await page
      .getByLabel("Body (Markdown)")
      .fill("## Section\n\nSome **bold** text.\n\n```js\nconsole.log(1)\n```");
    await expect
      .poll(() => page.getByTestId("preview").innerHTML(), { timeout: 10_000 })
      .toContain("<strong>bold</strong>");
    // Autosave creates the draft and moves to its URL.
    await page.waitForURL(/\/admin\/posts\/\d+$/, { timeout: 10_000 });
    await page.getByLabel("Tags (comma-separated)").fill("Browser, SQLite");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect
      .poll(() => page.getByTestId("save-state").textContent(), { timeout: 10_000 })
      .toContain("published");
    await screenshot(page, "blog-editor");
    await page.goto(quire.urls.blog);
    const link = page.getByRole("link", { name: "Written in the browser" });
    await Promise.all([page.waitForURL(/\/posts\/written-in-the-browser$/), link.click()]);
    expect(await page.locator('[data-testid="post-body"] strong').textContent()).toBe("bold");
    await screenshot(page, "blog-post");
  });

  test("a draft's edits survive closing the tab", async () => {
    const { page, context } = chromium;
    await page.goto(`${quire.urls.blog}/login?next=/admin/posts/new`);
    await submitLogin(page, quire.password);
    await page.getByLabel("Title").fill("Tab closes");
    await page.waitForURL(/\/admin\/posts\/\d+$/, { timeout: 10_000 });
    const url = page.url();
    await page.getByLabel("Body (Markdown)").fill("typed just before closing");
    await page.close({ runBeforeUnload: true });
    const again = await context.newPage();
    await again.goto(url);
    await expect
      .poll(() => again.getByLabel("Body (Markdown)").inputValue(), { timeout: 10_000 })
      .toBe("typed just before closing");
  });

  test("tags page: cloud with counts, newest posts per tag, multi-tag filter", async () => {
    const { page } = chromium;
    await page.goto(`${quire.urls.blog}/tags?tags=sqlite,quire&mode=all`);
    expect(await page.getByTestId("filtered").getByTestId("post").count()).toBeGreaterThanOrEqual(
      1,
    );
    expect(await page.getByTestId("tag-top").count()).toBeGreaterThanOrEqual(5);
    await page.goto(`${quire.urls.blog}/tag/sqlite`);
    expect(await page.getByRole("navigation", { name: "Breadcrumbs" }).textContent()).toContain(
      "Programming",
    );
    await screenshot(page, "blog-tag");
  });

  test("readers search as they type, see their words highlighted, and narrow by tag facets", async () => {
    const { page } = chromium;
    await page.goto(`${quire.urls.blog}/search`);
    const box = page.getByRole("searchbox", { name: "Search the blog" });
    // The demo posts reach the search app through the outbox: wait until they are findable.
    await expect
      .poll(
        async () => {
          await box.fill("");
          await box.pressSequentially("sqlit", { delay: 40 });
          await page.waitForURL(/[?&]q=sqlit(&|$)/, { timeout: 5_000 });
          return page.getByTestId("search-results").locator("li").count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(2);
    // The last word is a prefix: "sqlit" found SQLite, marked in titles or snippets.
    const marks = await page.getByTestId("search-results").locator("mark").allTextContents();
    expect(marks.some((m) => m.toLowerCase().startsWith("sqlit"))).toBe(true);
    const before = Number(
      /^(\d+)/.exec((await page.getByTestId("search-count").textContent()) ?? "")?.[1],
    );

    const facet = page.getByTestId("search-facets").getByRole("link", { name: /^Quire \(\d+\)$/ });
    const expected = Number(/\((\d+)\)/.exec((await facet.textContent()) ?? "")?.[1]);
    expect(expected).toBeLessThan(before);
    await Promise.all([page.waitForURL(/[?&]tag=quire(&|$)/), facet.click()]);
    await expect
      .poll(() => page.getByTestId("search-count").textContent())
      .toMatch(new RegExp(`^${expected} results? tagged Quire`));
    expect(await page.getByTestId("search-results").locator("li").count()).toBe(expected);
    expect(
      await page
        .getByTestId("search-facets")
        .getByRole("link", { name: /Quire/ })
        .getAttribute("aria-pressed"),
    ).toBe("true");
    // The query survives a reload (it is in the URL), and the typed text stays in the box.
    await page.reload();
    expect(await box.inputValue()).toBe("sqlit");
    await screenshot(page, "blog-search");
  });

  test("popular posts: the most read posts from analytics, never a draft", async () => {
    const { page } = chromium;
    const view = (path: string) =>
      fetch(`${quire.urls.analytics}/api/event`, {
        method: "POST",
        headers: {
          "content-type": "text/plain",
          "user-agent":
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        },
        body: JSON.stringify({ n: "pageview", u: `http://localhost${path}`, d: "localhost" }),
      });
    // More views than any page gets from the demo traffic (1,500 events over 7 pages).
    for (let i = 0; i < 600; i++) {
      const [a, b] = await Promise.all([
        view("/posts/typed-end-to-end"),
        view("/posts/draft-ideas"),
      ]);
      expect([a.status, b.status]).toEqual([202, 202]);
    }
    await page.goto(`${quire.urls.blog}/popular`);
    const list = page.getByTestId("popular-posts");
    expect(await list.locator("li").first().getByRole("link").textContent()).toBe(
      "Typed from the database to the browser",
    );
    expect(await list.textContent()).not.toContain("Ideas (draft)");
  });
});
