import http from "node:http";
import type { AddressInfo } from "node:net";

import { createTestBlogDatabase } from "@quire/blog-db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createOembedResolver, databaseOembedCache, isPrivateHost } from "./oembed";
import type { OembedProvider } from "./oembed";
import { excerptOf, MAX_MARKDOWN_LENGTH, readingMinutesOf, renderMarkdown } from "./render";

/** OWASP-style payloads: none may leave an executable trace in the HTML. */
export const XSS_PAYLOADS = [
  `<script>window.__xss = 1</script>`,
  `<img src=x onerror="window.__xss=1">`,
  `<svg onload="window.__xss=1"><script>window.__xss=1</script></svg>`,
  `<iframe src="javascript:window.__xss=1"></iframe>`,
  `[click](javascript:window.__xss=1)`,
  `[click](JaVaScRiPt:window.__xss=1)`,
  `[click](&#106;avascript:window.__xss=1)`,
  `[click](vbscript:msgbox(1))`,
  `[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `![x](javascript:window.__xss=1)`,
  `![x](x" onerror="window.__xss=1)`,
  `<a href="javascript:window.__xss=1">x</a>`,
  `<div style="background:url(javascript:window.__xss=1)">x</div>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>`,
  `<details open ontoggle="window.__xss=1">`,
  `<object data="javascript:window.__xss=1"></object>`,
  `<form action="javascript:window.__xss=1"><button>x</button></form>`,
  "```html\n<script>window.__xss=1</script>\n```",
  "`<img src=x onerror=window.__xss=1>`",
  `<body onload=window.__xss=1>`,
  `[x](https://example.com "title\\" onmouseover=\\"window.__xss=1")`,
  `<scr<script>ipt>window.__xss=1</scr</script>ipt>`,
  // Raw HTML blocks, as pasted from Ghost or elsewhere (parsed by rehype-raw, then sanitized).
  `<div onclick="window.__xss=1" onmouseover="window.__xss=1">hover</div>`,
  `<details><summary onclick="window.__xss=1">s</summary><img src=x onerror=window.__xss=1></details>`,
  `<table><tr><td background="javascript:window.__xss=1" onclick="window.__xss=1">t</td></tr></table>`,
  `<figure><img src="javascript:window.__xss=1"><figcaption onmouseover="window.__xss=1">c</figcaption></figure>`,
  `<svg><a xlink:href="javascript:window.__xss=1"><text x="20" y="20">x</text></a></svg>`,
  `<svg><animate attributeName="href" to="javascript:window.__xss=1"/></svg>`,
  `<svg><foreignObject><iframe srcdoc="<script>window.__xss=1</script>"></iframe></foreignObject></svg>`,
  `<math href="javascript:window.__xss=1"><mi>x</mi></math>`,
  `<a href=" javascript:window.__xss=1">spaced</a>`,
  `<a href="jav&#x09;ascript:window.__xss=1">tab</a>`,
  `<a href="java\u0000script:window.__xss=1">nul</a>`,
  `<img srcset="javascript:window.__xss=1 1x" src="x">`,
  `<button formaction="javascript:window.__xss=1">b</button>`,
  `<input type="image" src="x" onerror="window.__xss=1">`,
  `<base href="javascript:window.__xss=1//">`,
  `<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">`,
  `<link rel="stylesheet" href="javascript:window.__xss=1">`,
  `<style>@import "javascript:window.__xss=1";</style>`,
  `<embed src="javascript:window.__xss=1">`,
  `<template><script>window.__xss=1</script></template>`,
  `<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">`,
  `<img src="x` + "`" + `onerror=window.__xss=1">`,
  `<!--><img src=x onerror=window.__xss=1>-->`,
  `<a id="__next_f" name="__next_f">clobber</a>`,
];

/** What may never appear in stored HTML: script elements, event handlers, script URLs. */
export function assertInert(html: string) {
  // Text may mention anything (it is escaped); what counts is the markup.
  // Whole start tags, quoted values included (a value may hold "<img …>" as inert text).
  const tags =
    html.match(/<[a-z][^\s/>]*(?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*\/?>/gi) ?? [];
  for (const tag of tags) {
    expect(tag).not.toMatch(
      /^<(script|iframe|object|embed|svg|math|style|form|body|base|meta|link)\b/i,
    );
    // Attribute names only (quoted values may contain anything, escaped).
    expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag).not.toMatch(
      /\s(href|src|action|data|formaction)\s*=\s*["']?\s*(javascript|vbscript|data):/i,
    );
    // Only shiki's colours carry a style.
    expect(tag).not.toMatch(/\sstyle\s*=\s*"[^"]*(url\(|expression|javascript|@import)/i);
  }
}

describe("markdown → HTML", () => {
  test("GFM, heading anchors, highlighting, excerpt and reading time", async () => {
    const r = await renderMarkdown(
      "# Hello *world*\n\nSome ~~old~~ text with a https://example.com/link.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n- [x] done\n\n```ts\nconst answer: number = 42;\n```\n",
    );
    expect(r.html).toContain('<h1 id="hello-world">Hello <em>world</em><a class="q-anchor"');
    expect(r.html).toContain('href="#hello-world"');
    expect(r.html).toContain("<del>old</del>");
    expect(r.html).toContain('<a href="https://example.com/link">');
    expect(r.html).toContain("<table>");
    expect(r.html).toContain('type="checkbox"');
    // Server-side highlighting: shiki's spans with colours, no client JS.
    expect(r.html).toMatch(
      /<pre class="shiki github-light"[^>]*><code class="language-ts"><span class="line"><span style="color:#[0-9A-F]{6}">const<\/span>/,
    );
    expect(r.plaintext).toContain("Hello world");
    expect(r.plaintext).not.toContain("#");
    expect(r.excerpt.startsWith("Hello world")).toBe(true);
    expect(r.readingMinutes).toBe(1);
  });

  test("an unknown language falls back to plain text; no language is plain too", async () => {
    const r = await renderMarkdown("```no-such-lang\n<b>x</b>\n```\n\n```\nplain\n```");
    expect(r.html).toContain('class="language-text"');
    expect(r.html).toContain("&#x3C;b>x&#x3C;/b>");
  });

  test("hostile markdown comes out inert", async () => {
    for (const payload of XSS_PAYLOADS) {
      const { html } = await renderMarkdown(payload);
      assertInert(html);
    }
    const all = await renderMarkdown(XSS_PAYLOADS.join("\n\n"));
    assertInert(all.html);
  });

  test("allowed raw HTML renders: details, kbd, tables, figures, mark, abbr", async () => {
    const { html, plaintext } = await renderMarkdown(
      [
        "Intro with <kbd>Ctrl</kbd>+<kbd>C</kbd> and <mark>marked</mark> <abbr title=\"SQLite\">SQL</abbr>.",
        "<details>\n<summary>More</summary>\n\nHidden **markdown** inside.\n\n</details>",
        '<table><caption>Sizes</caption><thead><tr><th scope="col">a</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table>',
        '<figure><img src="/media/x.png" alt="A dot" width="10"><figcaption>A <em>dot</em></figcaption></figure>',
        '<p align="center">Centred <sub>sub</sub><sup>sup</sup></p>',
      ].join("\n\n"),
    );
    expect(html).toContain("<kbd>Ctrl</kbd>+<kbd>C</kbd>");
    expect(html).toContain("<mark>marked</mark>");
    expect(html).toContain('<abbr title="SQLite">SQL</abbr>');
    expect(html).toMatch(/<details>\s*<summary>More<\/summary>/);
    // Markdown inside an HTML block, after a blank line, is still markdown.
    expect(html).toContain("<strong>markdown</strong>");
    expect(html).toContain("<caption>Sizes</caption>");
    expect(html).toContain('<th scope="col">a</th>');
    expect(html).toContain('<td colspan="2">1</td>');
    expect(html).toContain('<figure><img src="/media/x.png" alt="A dot" width="10">');
    expect(html).toContain("<figcaption>A <em>dot</em></figcaption>");
    expect(html).toContain('<p align="center">');
    expect(plaintext).toContain("More");
    assertInert(html);
  });

  test("raw HTML: scripts and styles go with their content, other unknown elements keep their text", async () => {
    const { html } = await renderMarkdown(
      '<script>alert("gone")</script>\n\n<style>body{display:none}</style>\n\n<svg><text>kept</text></svg>\n\n<center>also kept</center>',
    );
    expect(html).not.toContain("gone");
    expect(html).not.toContain("display:none");
    expect(html).toContain("kept");
    expect(html).toContain("also kept");
    expect(html).not.toMatch(/<(svg|text|center)\b/);
  });

  test("ids and names from raw HTML are prefixed so they cannot shadow page globals", async () => {
    const { html } = await renderMarkdown(
      '<a id="__next_f" name="x">a</a>\n\n<h2 id="intro">Intro</h2>\n\nText[^1].\n\n[^1]: A note.',
    );
    expect(html).toContain('id="user-content-__next_f"');
    expect(html).toContain('name="user-content-x"');
    expect(html).toContain('id="user-content-intro"');
    expect(html).not.toMatch(/id="(__next_f|intro)"/);
    // Footnotes keep working links (their ids are prefixed once, by remark-rehype).
    expect(html).toContain('href="#user-content-fn-1"');
    expect(html).toContain('id="user-content-fn-1"');
    expect(html).not.toContain("user-content-user-content-");
  });

  test("a heading cannot shadow a page global by its id", async () => {
    const { html } = await renderMarkdown("# __next_f\n\n## _x");
    expect(html).toContain('id="h__next_f"');
    expect(html).toContain('id="h_x"');
  });

  test("a body over the limit is refused with a clear message; a big one still renders", async () => {
    await expect(renderMarkdown("x".repeat(MAX_MARKDOWN_LENGTH + 1))).rejects.toThrow(/too long/);
    const big = await renderMarkdown("word ".repeat(30_000));
    expect(big.readingMinutes).toBeGreaterThan(100);
  });

  test("excerpts cut at a word; reading time rounds to at least a minute", () => {
    expect(excerptOf("short")).toBe("short");
    expect(excerptOf("word ".repeat(100), 30)).toBe("word word word word word word…");
    expect(readingMinutesOf("")).toBe(1);
    expect(readingMinutesOf("w ".repeat(690))).toBe(3);
  });
});

describe("oEmbed with a local fake provider", () => {
  let server: http.Server;
  let base: string;
  let requests: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? "");
      const url = new URL(req.url ?? "/", "http://x");
      const target = url.searchParams.get("url") ?? "";
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === "/oembed") {
        if (target.includes("/video/")) {
          return json(200, {
            type: "video",
            title: "A <b>video</b>",
            provider_name: "FakeTube",
            width: 480,
            height: 270,
            html: `<iframe src="${base}/embed/1?x=1&amp;y=2" onload="alert(1)"></iframe><script>alert(1)</script>`,
          });
        }
        if (target.includes("/evil/")) {
          return json(200, {
            type: "video",
            title: "Elsewhere",
            html: `<iframe src="https://evil.example/x"></iframe>`,
          });
        }
        if (target.includes("/photo/"))
          return json(200, { type: "photo", url: "javascript:alert(1)", title: "bad photo" });
        if (target.includes("/tweet/")) {
          return json(200, {
            type: "rich",
            author_name: "Someone",
            html: `<blockquote><p>Hello &amp; welcome <a href="javascript:alert(1)">link</a></p></blockquote><script src="https://x/widgets.js"></script>`,
          });
        }
        if (target.includes("/slow/"))
          return void setTimeout(() => json(200, { type: "link", title: "late" }), 3000);
        if (target.includes("/broken/")) return json(200, { not: "oembed" });
        return json(404, { error: "no" });
      }
      if (url.pathname === "/page") {
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(
          `<html><head><link rel="alternate" type="application/json+oembed" href="${base}/oembed?url=${encodeURIComponent(`${base}/video/discovered`)}"></head></html>`,
        );
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const provider = (): OembedProvider => ({
    name: "Fake",
    schemes: [
      new RegExp(`^${base.replace(/[.]/g, "\\.")}/(video|evil|photo|tweet|slow|broken|missing)/`),
    ],
    endpoint: `${base}/oembed`,
    iframeHosts: [new URL(base).host],
  });

  test("a URL alone on a line becomes a sandboxed iframe from an allow-listed host; the provider's HTML is not copied", async () => {
    const resolver = createOembedResolver({ providers: [provider()], timeoutMs: 1000 });
    const { html } = await renderMarkdown(
      `Intro\n\n${base}/video/42\n\nInline ${base}/video/43 stays a link.`,
      { resolver },
    );
    expect(html).toContain(`<iframe src="${base}/embed/1?x=1&#x26;y=2"`);
    expect(html).toContain(
      'sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"',
    );
    expect(html).toContain("A &#x3C;b>video&#x3C;/b> (FakeTube)");
    expect(html).toContain(`Inline <a href="${base}/video/43">`);
    expect(html).not.toMatch(/<script|onload/);
  });

  test("iframes on other hosts, script photo URLs and malformed answers fall back safely", async () => {
    const resolver = createOembedResolver({ providers: [provider()], timeoutMs: 1000 });
    const { html } = await renderMarkdown(
      [`${base}/evil/1`, `${base}/photo/1`, `${base}/broken/1`, `${base}/missing/1`].join("\n\n"),
      { resolver },
    );
    expect(html).not.toContain("<iframe");
    expect(html).not.toContain("javascript:");
    // The evil iframe became a card with its title; the others stayed plain links.
    expect(html).toContain("<strong>Elsewhere</strong>");
    expect(html).toContain(`<p><a href="${base}/photo/1">${base}/photo/1</a></p>`);
    expect(html).toContain(`<p><a href="${base}/broken/1">`);
    expect(html).toContain(`<p><a href="${base}/missing/1">`);
  });

  test("a rich embed without an iframe becomes a text card (no provider script or links)", async () => {
    const resolver = createOembedResolver({ providers: [provider()], timeoutMs: 1000 });
    const { html } = await renderMarkdown(`${base}/tweet/1`, { resolver });
    expect(html).toContain("<p>Hello &#x26; welcome link</p>");
    expect(html).toContain("Someone · Fake");
    assertInert(html);
  });

  test("a slow provider times out and the post still renders, with a plain link", async () => {
    const resolver = createOembedResolver({ providers: [provider()], timeoutMs: 300 });
    const started = performance.now();
    const { html } = await renderMarkdown(`${base}/slow/1`, { resolver });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(html).toBe(`<p><a href="${base}/slow/1">${base}/slow/1</a></p>`);
  });

  test("discovery finds a provider on the page (only where private hosts are allowed)", async () => {
    const open = createOembedResolver({
      providers: [],
      discovery: true,
      allowPrivateHosts: true,
      timeoutMs: 1000,
    });
    expect(await open.resolve(`${base}/page`)).toMatchObject({
      kind: "card",
      title: "A <b>video</b>",
    });
    const guarded = createOembedResolver({ providers: [], discovery: true, timeoutMs: 1000 });
    expect(await guarded.resolve(`${base}/page`)).toBeNull();
    expect(
      isPrivateHost("127.0.0.1") &&
        isPrivateHost("10.1.2.3") &&
        isPrivateHost("[::1]") &&
        isPrivateHost("192.168.0.1"),
    ).toBe(true);
    expect(isPrivateHost("example.com") || isPrivateHost("8.8.8.8")).toBe(false);
  });

  test("results are cached in the database: a second render asks the provider nothing", async () => {
    const t = createTestBlogDatabase();
    try {
      const resolver = createOembedResolver({
        providers: [provider()],
        timeoutMs: 1000,
        cache: databaseOembedCache(t),
      });
      requests = [];
      const first = await renderMarkdown(`${base}/video/7\n\n${base}/missing/7`, { resolver });
      expect(requests).toHaveLength(2);
      const second = await renderMarkdown(`${base}/video/7\n\n${base}/missing/7`, { resolver });
      expect(requests).toHaveLength(2);
      expect(second.html).toBe(first.html);
      expect(t.sqlite.prepare("SELECT url, ok FROM oembed_cache ORDER BY url").all()).toEqual([
        { url: `${base}/missing/7`, ok: 0 },
        { url: `${base}/video/7`, ok: 1 },
      ]);
    } finally {
      await t.cleanup();
    }
  });
});
