import { findTagSlugRedirect, getTagBySlug } from "@quire/blog-db";
import { createTestBlogDatabase } from "@quire/blog-db/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { createTag, deleteTag, mergeTags, updateTag } from "./tags";

let t: ReturnType<typeof createTestBlogDatabase>;
beforeEach(() => {
  t = createTestBlogDatabase();
});
afterEach(async () => {
  await t.cleanup();
});

test("a renamed tag's old slug redirects to the new one, through any number of renames", async () => {
  const tag = await createTag(t, { name: "Javascript" });
  expect(tag.slug).toBe("javascript");
  await updateTag(t, { id: tag.id, data: { slug: "js" } });
  expect(findTagSlugRedirect(t, "javascript")).toBe("js");
  await updateTag(t, { id: tag.id, data: { slug: "ecmascript" } });
  expect(findTagSlugRedirect(t, "javascript")).toBe("ecmascript");
  expect(findTagSlugRedirect(t, "js")).toBe("ecmascript");
  expect(findTagSlugRedirect(t, "ecmascript")).toBeUndefined();
  // A name-only change keeps the slug and adds no redirect.
  await updateTag(t, { id: tag.id, data: { name: "ECMAScript" } });
  expect(findTagSlugRedirect(t, "ecmascript")).toBeUndefined();
});

test("renaming back to an old slug, or a new tag taking it, drops the redirect (a live tag wins)", async () => {
  const tag = await createTag(t, { name: "Go" });
  await updateTag(t, { id: tag.id, data: { slug: "golang" } });
  expect(findTagSlugRedirect(t, "go")).toBe("golang");
  await updateTag(t, { id: tag.id, data: { slug: "go" } });
  expect(findTagSlugRedirect(t, "go")).toBeUndefined();
  expect(findTagSlugRedirect(t, "golang")).toBe("go");
  const other = await createTag(t, { name: "Golang" });
  expect(other.slug).toBe("golang");
  expect(findTagSlugRedirect(t, "golang")).toBeUndefined();
  expect(getTagBySlug(t, "golang")?.id).toBe(other.id);
});

test("a merged tag's slug, and the slugs that pointed at it, redirect to the target tag", async () => {
  const source = await createTag(t, { name: "Postgres" });
  const target = await createTag(t, { name: "Databases" });
  await updateTag(t, { id: source.id, data: { slug: "postgresql" } });
  await mergeTags(t, source.id, target.id);
  expect(getTagBySlug(t, "postgresql")).toBeUndefined();
  expect(findTagSlugRedirect(t, "postgresql")).toBe("databases");
  expect(findTagSlugRedirect(t, "postgres")).toBe("databases");
  // Renaming the target carries the merged slugs along.
  await updateTag(t, { id: target.id, data: { slug: "data" } });
  expect(findTagSlugRedirect(t, "postgres")).toBe("data");
  // Deleting the tag ends its redirects: /tag/<old> is then a plain 404.
  await deleteTag(t, target.id);
  expect(findTagSlugRedirect(t, "postgres")).toBeUndefined();
  expect(findTagSlugRedirect(t, "databases")).toBeUndefined();
});
