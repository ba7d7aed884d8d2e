import { createTestBlogDatabase } from "@quire/blog-db/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { handleContentApi } from "../content-api/ghost";
import { buildFeed, siteFrom } from "../feeds/feeds";
import { getSiteSettings, parseNavigationLines, updateSettings } from "./settings";

let t: ReturnType<typeof createTestBlogDatabase>;
beforeEach(() => {
  t = createTestBlogDatabase();
});
afterEach(async () => {
  await t.cleanup();
});

test("saved settings reach the feeds and the Ghost Content API's settings/", async () => {
  await updateSettings(t, {
    title: "Field <notes>",
    description: "About & around SQLite",
    lang: "fr",
    author: "Ann",
    navigation: [{ label: "Docs", url: "/docs" }],
  });
  expect(getSiteSettings(t)).toMatchObject({ title: "Field <notes>", lang: "fr" });
  const rss = buildFeed(t, siteFrom(t, "http://blog.test"), "rss");
  expect(rss).toContain("<title>Field &lt;notes&gt;</title>");
  expect(rss).toContain("<language>fr</language>");
  const key = "automation-key-0123456789";
  const res = await handleContentApi(
    t,
    new Request(`http://blog.test/ghost/api/content/settings/?key=${key}`),
    ["settings"],
    { siteUrl: "http://blog.test", envKey: key },
  );
  expect(res.status).toBe(200);
  const { settings } = (await res.json()) as {
    settings: { title: string; description: string; lang: string; navigation: { url: string }[] };
  };
  expect(settings).toMatchObject({
    title: "Field <notes>",
    description: "About & around SQLite",
    lang: "fr",
  });
  expect(settings.navigation.map((n) => n.url)).toEqual(["/", "/docs"]);
});

test("navigation lines: 'Label | URL', blank lines skipped, malformed lines named", () => {
  expect(parseNavigationLines("Docs | /docs\n\n  About|https://example.org/about  \n")).toEqual({
    links: [
      { label: "Docs", url: "/docs" },
      { label: "About", url: "https://example.org/about" },
    ],
    errors: [],
  });
  expect(parseNavigationLines("Docs /docs").errors).toEqual([
    'Line 1: write it as "Label | /path"',
  ]);
});
