import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import {
  bitsetIndexes,
  bitsetOf,
  filterPostsByTags,
  getTagAncestors,
  getTagBySlug,
  getTagChildren,
  getTagDepth,
  getTagDescendants,
  getTagSiblings,
  listPostsByTag,
  listTagsForAdmin,
  listTagsWithTopPosts,
  schema,
  TAG_FILTER_MODES,
  wordMasks,
} from "../index";
import { createTestBlogDatabase } from "../testing";

let t: ReturnType<typeof createTestBlogDatabase>;
const DAY = 86_400_000;
const now = Date.UTC(2025, 5, 15);

beforeEach(() => {
  t = createTestBlogDatabase();
});
afterEach(async () => {
  await t.cleanup();
});

/** Insert tags given as slug → parent slug. */
async function tree(spec: [string, string | null][]) {
  return t.writer.run((db) => {
    const ids = new Map<string, number>();
    for (const [slug, parent] of spec) {
      const row = db
        .insert(schema.tags)
        .values({
          slug,
          name: slug[0]!.toUpperCase() + slug.slice(1),
          parentId: parent ? ids.get(parent)! : null,
        })
        .returning({ id: schema.tags.id })
        .get();
      ids.set(slug, row.id);
    }
    return ids;
  });
}

/** Closure rows as "ancestor>descendant:depth", sorted: the whole table, for exact comparisons. */
function closure(): string[] {
  return (
    t.sqlite
      .prepare(
        `SELECT a.slug || '>' || d.slug || ':' || c.depth FROM tag_closure c
         JOIN tags a ON a.id = c.ancestor_id JOIN tags d ON d.id = c.descendant_id`,
      )
      .pluck()
      .all() as string[]
  ).sort();
}

/** The closure computed from parent_id with a recursive CTE: what the triggers must agree with. */
function closureFromParents(): string[] {
  return (
    t.sqlite
      .prepare(
        `WITH RECURSIVE walk(anc, des, depth) AS (
           SELECT id, id, 0 FROM tags
           UNION ALL SELECT t.parent_id, w.des, w.depth + 1 FROM walk w JOIN tags t ON t.id = w.anc WHERE t.parent_id IS NOT NULL)
         SELECT a.slug || '>' || d.slug || ':' || w.depth FROM walk w JOIN tags a ON a.id = w.anc JOIN tags d ON d.id = w.des`,
      )
      .pluck()
      .all() as string[]
  ).sort();
}

describe("nested tags (closure table)", () => {
  test("inserting a tree fills the closure: ancestors, descendants, depth, siblings", async () => {
    const ids = await tree([
      ["programming", null],
      ["python", "programming"],
      ["django", "python"],
      ["flask", "python"],
      ["rust", "programming"],
      ["cooking", null],
    ]);
    expect(closure()).toEqual(closureFromParents());
    expect(getTagAncestors(t, ids.get("django")!).map((x) => x.slug)).toEqual([
      "programming",
      "python",
      "django",
    ]);
    expect(
      getTagAncestors(t, ids.get("django")!, { includeSelf: false }).map((x) => x.depth),
    ).toEqual([2, 1]);
    expect(
      getTagDescendants(t, ids.get("programming")!).map((x) => `${x.slug}:${x.depth}`),
    ).toEqual(["python:1", "rust:1", "django:2", "flask:2"]);
    expect(getTagChildren(t, ids.get("python")!).map((x) => x.slug)).toEqual(["django", "flask"]);
    expect(getTagSiblings(t, ids.get("django")!).map((x) => x.slug)).toEqual(["flask"]);
    expect(getTagSiblings(t, ids.get("programming")!).map((x) => x.slug)).toEqual(["cooking"]);
    expect(getTagDepth(t, ids.get("django")!)).toBe(2);
    expect(getTagDepth(t, ids.get("cooking")!)).toBe(0);
  });

  test("moving a subtree keeps the closure exact, in one statement", async () => {
    const ids = await tree([
      ["programming", null],
      ["python", "programming"],
      ["django", "python"],
      ["orm", "django"],
      ["web", null],
    ]);
    // Python (with Django and ORM below it) moves under Web.
    await t.writer.run((db) =>
      db
        .update(schema.tags)
        .set({ parentId: ids.get("web")! })
        .where(eq(schema.tags.id, ids.get("python")!))
        .run(),
    );
    expect(closure()).toEqual(closureFromParents());
    expect(getTagAncestors(t, ids.get("orm")!).map((x) => x.slug)).toEqual([
      "web",
      "python",
      "django",
      "orm",
    ]);
    expect(getTagDescendants(t, ids.get("programming")!)).toEqual([]);
    // …then to the root.
    await t.writer.run((db) =>
      db
        .update(schema.tags)
        .set({ parentId: null })
        .where(eq(schema.tags.id, ids.get("python")!))
        .run(),
    );
    expect(closure()).toEqual(closureFromParents());
    expect(getTagDepth(t, ids.get("orm")!)).toBe(2);
    // A middle node moves under a sibling branch.
    await t.writer.run((db) =>
      db
        .update(schema.tags)
        .set({ parentId: ids.get("programming")! })
        .where(eq(schema.tags.id, ids.get("django")!))
        .run(),
    );
    expect(closure()).toEqual(closureFromParents());
    expect(getTagAncestors(t, ids.get("orm")!).map((x) => x.slug)).toEqual([
      "programming",
      "django",
      "orm",
    ]);
  });

  test("a move under itself or a descendant is refused and changes nothing", async () => {
    const ids = await tree([
      ["a", null],
      ["b", "a"],
      ["c", "b"],
    ]);
    const before = closure();
    for (const target of ["a", "c"]) {
      await expect(
        t.writer.run((db) =>
          db
            .update(schema.tags)
            .set({ parentId: ids.get(target)! })
            .where(eq(schema.tags.id, ids.get("a")!))
            .run(),
        ),
      ).rejects.toThrow(/cannot be moved under itself/);
    }
    expect(closure()).toEqual(before);
  });

  test("deleting a tag removes its closure rows; its children become roots", async () => {
    const ids = await tree([
      ["a", null],
      ["b", "a"],
      ["c", "b"],
    ]);
    await t.writer.run((db) =>
      db
        .delete(schema.tags)
        .where(eq(schema.tags.id, ids.get("b")!))
        .run(),
    );
    expect(closure()).toEqual(closureFromParents());
    expect(getTagAncestors(t, ids.get("c")!).map((x) => x.slug)).toEqual(["c"]);
  });

  test("random moves keep the closure equal to the one computed from parent_id", async () => {
    const spec: [string, string | null][] = Array.from({ length: 30 }, (_, i) => [
      `t${i}`,
      i === 0 ? null : `t${Math.floor(i / 3)}`,
    ]);
    const ids = await tree(spec);
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let k = 0; k < 60; k++) {
      const tag = ids.get(`t${rand(30)}`)!;
      const parent = rand(5) === 0 ? null : ids.get(`t${rand(30)}`)!;
      await t.writer
        .run((db) =>
          db.update(schema.tags).set({ parentId: parent }).where(eq(schema.tags.id, tag)).run(),
        )
        .catch((error: Error) => expect(error.message).toMatch(/cannot be moved/));
    }
    expect(closure()).toEqual(closureFromParents());
    // Admin tree order: every tag after its parent.
    const order = listTagsForAdmin(t).map((x) => x.id);
    for (const row of listTagsForAdmin(t))
      if (row.parentId) expect(order.indexOf(row.parentId)).toBeLessThan(order.indexOf(row.id));
  });
});

describe("bitmap tagging", () => {
  async function post(slug: string, tagIds: number[], daysAgo = 1) {
    return t.writer.run((db) => {
      const { id } = db
        .insert(schema.posts)
        .values({
          slug,
          title: slug,
          status: "published",
          publishedAt: new Date(now - daysAgo * DAY),
        })
        .returning({ id: schema.posts.id })
        .get();
      for (const tagId of tagIds) db.insert(schema.postTags).values({ postId: id, tagId }).run();
      return id;
    });
  }
  const bitsOf = (id: number) =>
    bitsetIndexes(
      t.sqlite.prepare("SELECT tag_bits FROM posts WHERE id = ?").pluck().get(id) as Buffer | null,
    );
  const bitOf = (tagId: number) =>
    t.sqlite.prepare("SELECT bit FROM tags WHERE id = ?").pluck().get(tagId) as number;

  test("the four bitmap words follow post_tags in plain SQL, including bit 63 (the sign bit)", async () => {
    const ids = await tree(Array.from({ length: 130 }, (_, i): [string, null] => [`w${i}`, null]));
    const p = await post(
      "p",
      [0, 63, 64, 129].map((i) => ids.get(`w${i}`)!),
    );
    const words = () =>
      t.sqlite
        .prepare("SELECT tag_w0, tag_w1, tag_w2, tag_w3 FROM posts WHERE id = ?")
        .safeIntegers(true)
        .raw()
        .get(p) as bigint[];
    expect(words()).toEqual(wordMasks([0, 63, 64, 129]));
    await t.writer.run((db) =>
      db
        .delete(schema.postTags)
        .where(eq(schema.postTags.tagId, ids.get("w63")!))
        .run(),
    );
    expect(words()).toEqual(wordMasks([0, 64, 129]));
    await t.writer.run((db) =>
      db
        .delete(schema.tags)
        .where(eq(schema.tags.id, ids.get("w129")!))
        .run(),
    );
    expect(words()).toEqual(wordMasks([0, 64]));
  });

  test("bits are assigned smallest-free, follow post_tags, and are freed with the tag", async () => {
    const ids = await tree(Array.from({ length: 70 }, (_, i): [string, null] => [`tag${i}`, null]));
    expect(bitOf(ids.get("tag0")!)).toBe(0);
    expect(bitOf(ids.get("tag69")!)).toBe(69);
    const p = await post("p", [ids.get("tag3")!, ids.get("tag65")!]);
    expect(bitsOf(p)).toEqual([3, 65]);
    await t.writer.run((db) =>
      db
        .delete(schema.postTags)
        .where(eq(schema.postTags.tagId, ids.get("tag3")!))
        .run(),
    );
    expect(bitsOf(p)).toEqual([65]);
    // Deleting a tag clears its bit from posts, so a new tag reusing the bit does not inherit them.
    await t.writer.run((db) =>
      db
        .delete(schema.tags)
        .where(eq(schema.tags.id, ids.get("tag65")!))
        .run(),
    );
    expect(bitsOf(p)).toEqual([]);
    expect(t.sqlite.prepare("SELECT tag_bits FROM posts WHERE id = ?").pluck().get(p)).toBeNull();
    const again = await tree([["newcomer", null]]);
    expect(bitOf(again.get("newcomer")!)).toBe(65);
    expect(bitsOf(p)).toEqual([]);
  });

  test("bitset functions in SQL agree with the JS helpers", () => {
    const v = (sql: string, ...p: unknown[]) =>
      t.sqlite
        .prepare(sql)
        .pluck()
        .get(...p);
    const a = bitsetOf([1, 9, 200]);
    expect(
      bitsetIndexes(v("SELECT bitset_set(bitset_set(bitset_set(NULL, 200), 9), 1)") as Buffer),
    ).toEqual([1, 9, 200]);
    expect(v("SELECT bitset_all(?, ?)", a, bitsetOf([1, 200]))).toBe(1);
    expect(v("SELECT bitset_all(?, ?)", a, bitsetOf([1, 2]))).toBe(0);
    expect(v("SELECT bitset_any(?, ?)", a, bitsetOf([2, 9]))).toBe(1);
    expect(v("SELECT bitset_none(?, ?)", a, bitsetOf([2, 300]))).toBe(1);
    expect(v("SELECT bitset_count(?)", a)).toBe(3);
    expect(v("SELECT bitset_has(?, 9)", a)).toBe(1);
    expect(v("SELECT bitset_clear(?, 200)", bitsetOf([200]))).toBeNull();
    expect(() => v("SELECT bitset_set(NULL, -1)")).toThrow(/bit must be an integer/);
  });

  test("ALL / ANY / NONE give the same posts with many-to-many and bitmap", async () => {
    const ids = await tree(Array.from({ length: 12 }, (_, i): [string, null] => [`k${i}`, null]));
    let seed = 3;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 120; i++) {
      const mine = new Set(Array.from({ length: rand(4) }, () => ids.get(`k${rand(12)}`)!));
      await post(`p${i}`, [...mine], 1 + rand(100));
    }
    for (const mode of TAG_FILTER_MODES) {
      for (const pick of [["k1"], ["k1", "k2"], ["k3", "k4", "k5"]]) {
        const tags = pick.map((s) => getTagBySlug(t, s)!);
        const m2m = filterPostsByTags(t, tags, mode, { now, limit: 500, strategy: "m2m" });
        for (const strategy of ["bitmap", "bitmap-blob"] as const) {
          const other = filterPostsByTags(t, tags, mode, { now, limit: 500, strategy });
          expect(other.total, `${strategy} ${mode} ${pick.join(",")}`).toBe(m2m.total);
          expect(other.posts.map((p) => p.id)).toEqual(m2m.posts.map((p) => p.id));
        }
        const page = filterPostsByTags(t, tags, mode, { now, limit: 5, offset: 5 });
        expect(page.posts.map((p) => p.id)).toEqual(m2m.posts.slice(5, 10).map((p) => p.id));
      }
    }
  });
});

describe("tag pages and top N per group", () => {
  test("a tag page lists its subtree's posts once each; top-3 per tag with counts", async () => {
    const ids = await tree([
      ["programming", null],
      ["python", "programming"],
      ["django", "python"],
      ["cooking", null],
    ]);
    const add = (
      slug: string,
      tags: string[],
      daysAgo: number,
      status: "published" | "draft" = "published",
    ) =>
      t.writer.run((db) => {
        const { id } = db
          .insert(schema.posts)
          .values({
            slug,
            title: slug.toUpperCase(),
            status,
            publishedAt: new Date(now - daysAgo * DAY),
          })
          .returning({ id: schema.posts.id })
          .get();
        for (const s of tags)
          db.insert(schema.postTags)
            .values({ postId: id, tagId: ids.get(s)! })
            .run();
      });
    await add("a", ["django"], 1);
    await add("b", ["python", "django"], 2);
    await add("c", ["programming"], 3);
    await add("d", ["python"], 4);
    await add("e", ["cooking"], 5);
    await add("hidden", ["django"], 0, "draft");

    const page = listPostsByTag(t, ids.get("programming")!, { now });
    expect(page.total).toBe(4);
    expect(page.posts.map((p) => p.slug)).toEqual(["a", "b", "c", "d"]);
    expect(
      listPostsByTag(t, ids.get("python")!, { now, limit: 2, offset: 2 }).posts.map((p) => p.slug),
    ).toEqual(["d"]);

    const top = new Map(listTagsWithTopPosts(t, { n: 3, now }).map((x) => [x.slug, x]));
    expect(top.get("programming")).toMatchObject({ count: 4 });
    expect(top.get("programming")!.posts.map((p) => p.slug)).toEqual(["a", "b", "c"]);
    expect(top.get("python")!.posts.map((p) => p.slug)).toEqual(["a", "b", "d"]);
    expect(top.get("django")!.posts.map((p) => p.slug)).toEqual(["a", "b"]);
    expect(top.get("cooking")).toMatchObject({ count: 1 });
    const newest = new Map(
      listTagsWithTopPosts(t, { n: 1, now }).map((x) => [x.slug, x.posts.map((p) => p.slug)]),
    );
    expect(Object.fromEntries(newest)).toEqual({
      programming: ["a"],
      python: ["a"],
      django: ["a"],
      cooking: ["e"],
    });
  });
});
