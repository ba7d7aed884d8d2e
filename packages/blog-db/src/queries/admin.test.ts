import { afterEach, beforeEach, expect, test } from "vitest";

import { listPostsForAdmin, seedDemo } from "../index";
import { createTestBlogDatabase } from "../testing";

let t: ReturnType<typeof createTestBlogDatabase>;
beforeEach(() => {
  t = createTestBlogDatabase();
});
afterEach(async () => {
  await t.cleanup();
});

test("the admin post list filters by status, type and tag, and pages", async () => {
  await seedDemo(t);
  const all = listPostsForAdmin(t);
  expect(all.total).toBe(6);
  expect(all.posts).toHaveLength(6);
  const drafts = listPostsForAdmin(t, { status: "draft" });
  expect(drafts.posts.map((p) => p.slug)).toEqual(["draft-ideas"]);
  expect(drafts.total).toBe(1);
  expect(listPostsForAdmin(t, { type: "page" }).posts.map((p) => p.slug)).toEqual(["about"]);
  const tagged = listPostsForAdmin(t, { tag: "sqlite", status: "published" });
  expect(tagged.posts.length).toBeGreaterThan(0);
  expect(tagged.posts.every((p) => p.tags.some((x) => x.slug === "sqlite"))).toBe(true);
  const page2 = listPostsForAdmin(t, { limit: 4, offset: 4 });
  expect(page2).toMatchObject({ total: 6 });
  expect(page2.posts).toHaveLength(2);
  expect(listPostsForAdmin(t, { tag: "no-such-tag" })).toEqual({ total: 0, posts: [] });
});
