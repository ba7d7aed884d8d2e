import {
  findSlugRedirect,
  getPostForEdit,
  getPublishedPostBySlug,
  listFeedPosts,
  listPostsByTag,
  listPublishedPosts,
  listSitemapEntries,
  listTagsWithTopPosts,
  seedDemo,
} from "@quire/blog-db";
import { createTestBlogDatabase } from "@quire/blog-db/testing";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { buildFeed, buildRobots, buildSitemap } from "../feeds/feeds";
import { createRenderer } from "../markdown";
import { mergeTags, updateTag } from "../tags/tags";
import {
  autosavePost,
  createPost,
  deletePost,
  normalizeSchedule,
  publishDuePosts,
  startScheduler,
  updatePost,
} from "./posts";
import type { PostServices } from "./posts";
import { slugify, uniqueSlug } from "./slug";

let t: ReturnType<typeof createTestBlogDatabase>;
let services: PostServices;
const HOUR = 3_600_000;

beforeEach(() => {
  t = createTestBlogDatabase();
  services = { quire: t, render: createRenderer(t, { providers: [], discovery: false }) };
});
afterEach(async () => {
  await t.cleanup();
});

const outbox = () =>
  t.sqlite.prepare("SELECT post_id AS postId, op FROM search_outbox ORDER BY id").all();

describe("slugs", () => {
  test("slugify and uniqueSlug", () => {
    expect(slugify("Héllo, Wörld! SQLite & you")).toBe("hello-world-sqlite-you");
    expect(slugify("???")).toBe("post");
    expect(slugify("x".repeat(500)).length).toBeLessThanOrEqual(120);
    expect(uniqueSlug("a", (s) => ["a", "a-2"].includes(s))).toBe("a-3");
  });

  test("generated once from the title, unique; an edit keeps the old slug as a redirect", async () => {
    const a = await createPost(services, { title: "Hello World", status: "published" });
    const b = await createPost(services, { title: "Hello World", status: "published" });
    expect([a.slug, b.slug]).toEqual(["hello-world", "hello-world-2"]);
    // A title change does not move the slug.
    await updatePost(services, { id: a.id, data: { title: "Renamed" } });
    expect(getPostForEdit(t, a.id)!.slug).toBe("hello-world");
    // An explicit slug change does, and the old one redirects.
    await updatePost(services, { id: a.id, data: { slug: "greetings" } });
    expect(findSlugRedirect(t, "hello-world")).toEqual({ slug: "greetings", type: "post" });
    await updatePost(services, { id: a.id, data: { slug: "salut" } });
    expect(findSlugRedirect(t, "hello-world")).toEqual({ slug: "salut", type: "post" });
    expect(findSlugRedirect(t, "greetings")).toEqual({ slug: "salut", type: "post" });
    // A duplicate slug is a conflict, not a 500.
    await expect(updatePost(services, { id: b.id, data: { slug: "salut" } })).rejects.toMatchObject(
      { code: "CONFLICT" },
    );
    await expect(createPost(services, { title: "x", slug: "salut" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    // A new post may take an old slug; then it is no longer a redirect.
    const c = await createPost(services, {
      title: "New",
      slug: "hello-world",
      status: "published",
    });
    expect(c.slug).toBe("hello-world");
    expect(findSlugRedirect(t, "hello-world")).toBeUndefined();
  });

  test("bad slugs and bad input are refused by the schema", async () => {
    for (const slug of ["Has Space", "-x", "a--b", "ü", ""]) {
      await expect(createPost(services, { title: "x", slug })).rejects.toThrow();
    }
    await expect(createPost(services, { title: "   " })).rejects.toThrow(/title/i);
    await expect(
      createPost(services, { title: "x", coverImage: "javascript:alert(1)" }),
    ).rejects.toThrow(/image/);
    await expect(
      createPost(services, { title: "x", bodyMarkdown: "x".repeat(300_000) }),
    ).rejects.toThrow(/too long/);
  });
});

describe("publishing", () => {
  test("status and date: future publish schedules, past schedule publishes, schedule needs a date", () => {
    const now = new Date("2025-01-01T12:00:00Z");
    const later = new Date(now.getTime() + HOUR);
    const earlier = new Date(now.getTime() - HOUR);
    expect(normalizeSchedule("published", later, now)).toEqual({
      status: "scheduled",
      publishedAt: later,
    });
    expect(normalizeSchedule("scheduled", earlier, now)).toEqual({
      status: "published",
      publishedAt: earlier,
    });
    expect(normalizeSchedule("published", null, now)).toEqual({
      status: "published",
      publishedAt: now,
    });
    expect(normalizeSchedule("draft", null, now)).toEqual({ status: "draft", publishedAt: null });
    expect(() => normalizeSchedule("scheduled", null, now)).toThrow(/needs a publish date/);
  });

  test("drafts and scheduled posts never show to readers: not listed, not by slug, not in feeds, sitemap or tag pages", async () => {
    await createPost(services, { title: "Public", status: "published", tags: ["News"] });
    await createPost(services, { title: "Secret draft", status: "draft", tags: ["News"] });
    await createPost(services, {
      title: "Tomorrow",
      status: "scheduled",
      publishedAt: new Date(Date.now() + 24 * HOUR),
      tags: ["News"],
    });
    const visible = ["public"];
    expect((await listPublishedPosts(t)).map((p) => p.slug)).toEqual(visible);
    expect(await getPublishedPostBySlug(t, "secret-draft")).toBeUndefined();
    expect(await getPublishedPostBySlug(t, "tomorrow")).toBeUndefined();
    expect(listFeedPosts(t).map((p) => p.slug)).toEqual(visible);
    expect(listSitemapEntries(t).map((p) => p.slug)).toEqual(visible);
    const news = listTagsWithTopPosts(t).find((x) => x.slug === "news")!;
    expect(news.count).toBe(1);
    expect(listPostsByTag(t, news.id).posts.map((p) => p.slug)).toEqual(visible);
    const site = { url: "https://blog.test", title: "T", description: "D", lang: "en" };
    for (const xml of [
      buildFeed(t, site, "rss"),
      buildFeed(t, site, "atom"),
      buildSitemap(t, site),
    ]) {
      expect(xml).not.toMatch(/secret|tomorrow/i);
    }
  });

  test("a scheduled post publishes at its time — also when it fell due while the app was down", async () => {
    const due = await createPost(services, {
      title: "Soon",
      status: "scheduled",
      publishedAt: new Date(Date.now() + 300),
    });
    expect(due.status).toBe("scheduled");
    expect(await publishDuePosts(t)).toEqual([]);
    // The scheduler, as started by the app: it wakes for the post's time.
    const published: number[] = [];
    const scheduler = startScheduler(t, { onPublished: (ids) => published.push(...ids) });
    try {
      await expect.poll(() => published, { timeout: 3000 }).toEqual([due.id]);
      expect((await listPublishedPosts(t)).map((p) => p.slug)).toEqual(["soon"]);
      expect(outbox()).toContainEqual({ postId: due.id, op: "upsert" });
    } finally {
      scheduler.stop();
    }
    // "After a restart": a post already overdue is published by the first sweep.
    const overdue = await createPost(services, {
      title: "Late",
      status: "scheduled",
      publishedAt: new Date(Date.now() + 50),
    });
    await new Promise((r) => setTimeout(r, 80));
    expect(await publishDuePosts(t)).toEqual([overdue.id]);
  });

  test("the search outbox is written in the same transaction as the change, only for public posts", async () => {
    const draft = await createPost(services, { title: "Draft" });
    expect(outbox()).toEqual([]);
    await updatePost(services, { id: draft.id, data: { status: "published" } });
    expect(outbox()).toEqual([{ postId: draft.id, op: "upsert" }]);
    await updatePost(services, { id: draft.id, data: { status: "draft" } }); // unpublish
    await deletePost(t, draft.id);
    expect(outbox()).toEqual([
      { postId: draft.id, op: "upsert" },
      { postId: draft.id, op: "upsert" },
      { postId: draft.id, op: "delete" },
    ]);
    await expect(deletePost(t, draft.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("autosave: a draft saves in place; a published post keeps its live version until saved", async () => {
    const draft = await createPost(services, { title: "Draft", bodyMarkdown: "one" });
    await autosavePost(services, { id: draft.id, title: "Draft v2", bodyMarkdown: "**two**" });
    expect(getPostForEdit(t, draft.id)).toMatchObject({
      title: "Draft v2",
      bodyMarkdown: "**two**",
      autosave: null,
    });
    expect(getPostForEdit(t, draft.id)!.bodyHtml).toContain("<strong>two</strong>");

    const live = await createPost(services, {
      title: "Live",
      bodyMarkdown: "v1",
      status: "published",
    });
    await autosavePost(services, { id: live.id, title: "Live", bodyMarkdown: "v2 in progress" });
    expect((await getPublishedPostBySlug(t, "live"))!.bodyHtml).toBe("<p>v1</p>");
    expect(getPostForEdit(t, live.id)!.autosave).toMatchObject({ bodyMarkdown: "v2 in progress" });
    await updatePost(services, { id: live.id, data: { bodyMarkdown: "v2" } });
    expect(getPostForEdit(t, live.id)!.autosave).toBeNull();
    expect((await getPublishedPostBySlug(t, "live"))!.bodyHtml).toBe("<p>v2</p>");
  });

  test("tags keep their order; excerpts come from the author or the body", async () => {
    const p = await createPost(services, {
      title: "T",
      tags: ["Zeta", "alpha", "Zeta"],
      bodyMarkdown: "Body text here.",
      status: "published",
    });
    const post = (await getPublishedPostBySlug(t, p.slug))!;
    expect(post.tags).toEqual([
      { slug: "zeta", name: "Zeta" },
      { slug: "alpha", name: "alpha" },
    ]);
    expect(post.excerpt).toBe("Body text here.");
    await updatePost(services, { id: p.id, data: { customExcerpt: "Mine", tags: ["alpha"] } });
    const again = (await getPublishedPostBySlug(t, p.slug))!;
    expect(again.excerpt).toBe("Mine");
    expect(again.tags.map((x) => x.slug)).toEqual(["alpha"]);
  });
});

describe("tag admin and feeds", () => {
  test("rename, move (cycle refused) and merge", async () => {
    await seedDemo(t);
    const tags = new Map(listTagsWithTopPosts(t).map((x) => [x.slug, x]));
    await updateTag(t, { id: tags.get("typescript")!.id, data: { name: "TS", slug: "ts" } });
    await expect(
      updateTag(t, { id: tags.get("programming")!.id, data: { parentId: tags.get("sqlite")!.id } }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      updateTag(t, { id: tags.get("writing")!.id, data: { slug: "quire" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    // Merge SQLite (2 posts incl. one also tagged Quire) into Quire.
    await mergeTags(t, tags.get("sqlite")!.id, tags.get("quire")!.id);
    const after = new Map(listTagsWithTopPosts(t).map((x) => [x.slug, x]));
    expect(after.has("sqlite")).toBe(false);
    expect(after.get("quire")!.count).toBe(2);
    expect(after.get("ts")).toBeDefined();
    await expect(mergeTags(t, 999, after.get("quire")!.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  test("RSS and Atom carry the full content with absolute links; robots and sitemap point at the site", async () => {
    await createPost(services, {
      title: "A & B <c>",
      bodyMarkdown: "![img](/media/x.png) ]]> end",
      status: "published",
      tags: ["News"],
    });
    const site = { url: "https://blog.test", title: "Blog & co", description: "D", lang: "en" };
    const rss = buildFeed(t, site, "rss");
    expect(rss).toContain("<title>A &amp; B &lt;c&gt;</title>");
    expect(rss).toContain('<img src="https://blog.test/media/x.png"');
    expect(rss).toContain("]]]]><![CDATA[>");
    expect(rss).toContain("<link>https://blog.test/posts/a-b-c</link>");
    const atom = buildFeed(t, site, "atom");
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    expect(atom).toContain("&lt;img src=&quot;https://blog.test/media/x.png&quot;");
    expect(buildSitemap(t, site)).toContain("<loc>https://blog.test/tag/news</loc>");
    expect(buildRobots(site)).toContain("Sitemap: https://blog.test/sitemap.xml");
  });
});
