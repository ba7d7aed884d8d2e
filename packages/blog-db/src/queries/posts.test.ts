import { afterEach, beforeEach, expect, test } from "vitest";

import {
  countPosts,
  getPublishedPostBySlug,
  isPublishedSlug,
  listPublishedPosts,
  schema,
  seedDemo,
} from "../index";
import { createTestBlogDatabase } from "../testing";

const DAY = 86_400_000;
const now = new Date(Date.UTC(2025, 5, 15, 12, 0, 0));

let t: ReturnType<typeof createTestBlogDatabase>;

beforeEach(() => {
  t = createTestBlogDatabase();
});

afterEach(async () => {
  await t.cleanup();
});

type NewPost = typeof schema.posts.$inferInsert;

/** Insert posts (and tag links by tag slug) through the writer, as the app does. */
async function insertPosts(rows: (NewPost & { tagSlugs?: string[] })[]) {
  return t.writer.run((db) => {
    const ids: number[] = [];
    for (const { tagSlugs = [], ...row } of rows) {
      const { id } = db.insert(schema.posts).values(row).returning({ id: schema.posts.id }).get();
      ids.push(id);
      for (const slug of tagSlugs) {
        const tag =
          db
            .select()
            .from(schema.tags)
            .all()
            .find((x) => x.slug === slug) ??
          db.insert(schema.tags).values({ slug, name: slug.toUpperCase() }).returning().get();
        db.insert(schema.postTags).values({ postId: id, tagId: tag.id }).run();
      }
    }
    return ids;
  });
}

const ago = (days: number) => new Date(now.getTime() - days * DAY);

test("seedDemo fills an empty blog once, then does nothing", async () => {
  expect(await seedDemo(t, now.getTime())).toBe(true);
  expect(await countPosts(t, now)).toEqual({ posts: 6, published: 4 });
  expect(t.db.select().from(schema.tags).all()).toHaveLength(5);
  expect(await seedDemo(t, now.getTime())).toBe(false);
  expect(await countPosts(t, now)).toEqual({ posts: 6, published: 4 });
  expect(t.db.select().from(schema.postTags).all()).toHaveLength(6);
});

test("seedDemo leaves a blog that already has posts alone", async () => {
  await insertPosts([{ slug: "mine", title: "Mine" }]);
  expect(await seedDemo(t, now.getTime())).toBe(false);
  expect(await countPosts(t, now)).toEqual({ posts: 1, published: 0 });
});

test("the seeded posts list newest first with their tags, and the draft is hidden", async () => {
  await seedDemo(t, now.getTime());
  const list = await listPublishedPosts(t, { now });
  expect(list.map((p) => p.slug)).toEqual([
    "welcome-to-quire",
    "one-writer-no-sqlite-busy",
    "writing-in-markdown",
    "typed-end-to-end",
  ]);
  expect(list[0]).toEqual({
    id: expect.any(Number) as number,
    slug: "welcome-to-quire",
    title: "Welcome to Quire",
    excerpt: expect.stringContaining("SQLite") as string,
    publishedAt: ago(1),
    readingMinutes: 1,
    coverImage: null,
    featured: true,
    tags: [{ slug: "quire", name: "Quire" }],
  });
  // Tags come in the post's own order.
  expect(list[1]!.tags).toEqual([
    { slug: "sqlite", name: "SQLite" },
    { slug: "quire", name: "Quire" },
  ]);
  // Static pages are not posts.
  expect(list.some((p) => p.slug === "about")).toBe(false);
  expect(list.some((p) => p.slug === "draft-ideas")).toBe(false);
});

test("only published posts dated up to now are listed: no drafts, scheduled, future-dated or pages", async () => {
  await insertPosts([
    { slug: "old", title: "Old", status: "published", publishedAt: ago(10), tagSlugs: ["a"] },
    { slug: "new", title: "New", status: "published", publishedAt: ago(1), tagSlugs: ["b", "a"] },
    { slug: "draft", title: "Draft", status: "draft", publishedAt: ago(2) },
    {
      slug: "scheduled",
      title: "Scheduled",
      status: "scheduled",
      publishedAt: new Date(now.getTime() + DAY),
    },
    {
      slug: "future",
      title: "Future",
      status: "published",
      publishedAt: new Date(now.getTime() + 1000),
    },
    { slug: "undated", title: "Undated", status: "published", publishedAt: null },
    { slug: "about", title: "About", type: "page", status: "published", publishedAt: ago(5) },
  ]);
  const list = await listPublishedPosts(t, { now });
  expect(list.map((p) => p.slug)).toEqual(["new", "old"]);
  expect(list[0]!.tags).toEqual([
    { slug: "a", name: "A" },
    { slug: "b", name: "B" },
  ]);
  expect(list[1]!.tags).toEqual([{ slug: "a", name: "A" }]);
  expect(await countPosts(t, now)).toEqual({ posts: 7, published: 2 });
  // A post that was future-dated appears once its time has come.
  expect(
    (await listPublishedPosts(t, { now: new Date(now.getTime() + 2000) })).map((p) => p.slug),
  ).toEqual(["future", "new", "old"]);
});

test("pagination: limit and offset walk the list without gaps or repeats; equal dates order by id", async () => {
  const same = ago(3);
  await insertPosts(
    Array.from({ length: 7 }, (_, i) => ({
      slug: `p${i}`,
      title: `P${i}`,
      status: "published" as const,
      publishedAt: i < 3 ? same : ago(10 + i),
    })),
  );
  const all = await listPublishedPosts(t, { now, limit: 100 });
  expect(all.map((p) => p.slug)).toEqual(["p2", "p1", "p0", "p3", "p4", "p5", "p6"]);
  const pages = [0, 3, 6].map((offset) => listPublishedPosts(t, { now, limit: 3, offset }));
  const slugs = (await Promise.all(pages)).map((page) => page.map((p) => p.slug));
  expect(slugs).toEqual([["p2", "p1", "p0"], ["p3", "p4", "p5"], ["p6"]]);
  expect(await listPublishedPosts(t, { now, limit: 3, offset: 9 })).toEqual([]);
  expect((await listPublishedPosts(t, { now })).length).toBe(7);
});

test("a post without tags lists with an empty tag array", async () => {
  await insertPosts([{ slug: "bare", title: "Bare", status: "published", publishedAt: ago(1) }]);
  expect((await listPublishedPosts(t, { now }))[0]!.tags).toEqual([]);
});

test("getPublishedPostBySlug returns a published post with its HTML and hides drafts and scheduled posts", async () => {
  await seedDemo(t, now.getTime());
  await insertPosts([
    {
      slug: "later",
      title: "Later",
      status: "scheduled",
      publishedAt: new Date(now.getTime() + DAY),
    },
  ]);
  const post = await getPublishedPostBySlug(t, "one-writer-no-sqlite-busy", now);
  expect(post).toMatchObject({
    id: expect.any(Number) as number,
    slug: "one-writer-no-sqlite-busy",
    title: "One writer, no SQLITE_BUSY",
    type: "post",
    bodyHtml: expect.stringContaining("BEGIN IMMEDIATE") as string,
    excerpt: expect.any(String) as string,
    publishedAt: ago(3),
    tags: [
      { slug: "sqlite", name: "SQLite" },
      { slug: "quire", name: "Quire" },
    ],
  });
  expect(await getPublishedPostBySlug(t, "about", now)).toBeUndefined();
  expect((await getPublishedPostBySlug(t, "about", now, "page"))?.title).toBe("About");
  expect(await getPublishedPostBySlug(t, "draft-ideas", now)).toBeUndefined();
  expect(await getPublishedPostBySlug(t, "later", now)).toBeUndefined();
  expect(await getPublishedPostBySlug(t, "no-such-post", now)).toBeUndefined();
  expect(await getPublishedPostBySlug(t, "welcome-to-quire", ago(2))).toBeUndefined();
  // The cheap existence check agrees with the full lookup.
  for (const [slug, type, at] of [
    ["one-writer-no-sqlite-busy", "post", now],
    ["about", "post", now],
    ["about", "page", now],
    ["draft-ideas", "post", now],
    ["later", "post", now],
    ["no-such-post", "post", now],
    ["welcome-to-quire", "post", ago(2)],
  ] as const) {
    expect(isPublishedSlug(t, slug, type, at), slug).toBe(
      (await getPublishedPostBySlug(t, slug, at, type)) !== undefined,
    );
  }
  expect(isPublishedSlug(t, "one-writer-no-sqlite-busy", "post", now)).toBe(true);
});

test("deleting a post removes its tag links (foreign keys are on)", async () => {
  await seedDemo(t, now.getTime());
  const [post] = await listPublishedPosts(t, { now, limit: 1 });
  await t.sql.run("DELETE FROM posts WHERE id = ?", post!.id);
  expect(
    t.sqlite.prepare("SELECT count(*) FROM post_tags WHERE post_id = ?").pluck().get(post!.id),
  ).toBe(0);
});
