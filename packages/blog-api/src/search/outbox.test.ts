/**
 * Cross-app test: the blog's search outbox delivering to the real search router (its own test
 * database), in-process; and what happens while search is down.
 */
import { createTestBlogDatabase } from "@quire/blog-db/testing";
import { createSearchClient } from "@quire/search-api/client";
import type { SearchClient } from "@quire/search-api/client";
import { createTestSearchDatabase, searchRouter } from "@quire/search-api/testing";
import { createLocalLink } from "@quire/trpc/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { createRenderer } from "../markdown";
import { createPost, deletePost, updatePost } from "../posts/posts";
import type { PostServices } from "../posts/posts";
import {
  backoffMs,
  deliverSearchOutbox,
  reindexAll,
  searchOutboxStatus,
  SEARCH_INDEX,
} from "./outbox";

let blog: ReturnType<typeof createTestBlogDatabase>;
let search: ReturnType<typeof createTestSearchDatabase>;
let services: PostServices;
let up: SearchClient;
/** A search service nobody answers: refused at once. */
const down = createSearchClient({ url: "http://127.0.0.1:9", token: "t", timeoutMs: 300 });

beforeEach(() => {
  blog = createTestBlogDatabase();
  search = createTestSearchDatabase();
  services = { quire: blog, render: createRenderer(blog, { providers: [], discovery: false }) };
  up = createSearchClient({
    url: "http://search.test",
    token: "t",
    link: createLocalLink({
      router: searchRouter,
      createContext: () => ({
        session: null,
        service: true,
        headers: new Headers(),
        quire: search,
      }),
    }),
  });
});
afterEach(async () => {
  await Promise.all([blog.cleanup(), search.cleanup()]);
});

const find = async (q: string) =>
  (await up.service.search.query({ q, index: SEARCH_INDEX })).results.map((r) => r.metadata.slug);

test("publishing, editing, unpublishing and deleting reach the search index", async () => {
  const a = await createPost(services, {
    title: "Pelicans of the lagoon",
    bodyMarkdown: "Birds that fish.",
    status: "published",
    tags: ["Birds"],
  });
  const b = await createPost(services, { title: "Draft about pelicans", bodyMarkdown: "Not yet." });
  expect(await deliverSearchOutbox(blog, up)).toMatchObject({
    upserted: 1,
    deleted: 0,
    failed: 0,
    pending: 0,
  });
  expect(await find("pelicans")).toEqual(["pelicans-of-the-lagoon"]);
  const hit = (await up.service.search.query({ q: "lagoon", index: SEARCH_INDEX })).results[0]!;
  expect(hit.metadata).toMatchObject({ url: "/posts/pelicans-of-the-lagoon", tags: "birds" });

  await updatePost(services, { id: a.id, data: { bodyMarkdown: "Now about herons too." } });
  await updatePost(services, { id: b.id, data: { status: "published" } });
  await deliverSearchOutbox(blog, up);
  expect((await find("herons")).sort()).toEqual(["pelicans-of-the-lagoon"]);
  expect((await find("pelicans")).sort()).toEqual([
    "draft-about-pelicans",
    "pelicans-of-the-lagoon",
  ]);

  await updatePost(services, { id: b.id, data: { status: "draft" } });
  await deletePost(blog, a.id);
  expect(await deliverSearchOutbox(blog, up)).toMatchObject({
    upserted: 0,
    deleted: 2,
    pending: 0,
  });
  expect(await find("pelicans")).toEqual([]);
});

test("while search is down nothing is lost: rows wait with backoff, then go out when it is back", async () => {
  await createPost(services, { title: "Written while search sleeps", status: "published" });
  const t0 = new Date();
  expect(await deliverSearchOutbox(blog, down, t0)).toMatchObject({ failed: 1, pending: 1 });
  expect(searchOutboxStatus(blog)).toMatchObject({ pending: 1, failing: 1 });
  expect(searchOutboxStatus(blog).lastError).toBeTruthy();
  // Not due again before the backoff has passed, even with search back.
  expect(await deliverSearchOutbox(blog, up, new Date(t0.getTime() + 10))).toMatchObject({
    upserted: 0,
    pending: 1,
  });
  expect(
    await deliverSearchOutbox(blog, up, new Date(t0.getTime() + backoffMs(0) + 1)),
  ).toMatchObject({ upserted: 1, pending: 0 });
  expect(await find("sleeps")).toEqual(["written-while-search-sleeps"]);
  expect(backoffMs(30)).toBe(5 * 60_000);
});

test("reindex all queues every post; only the public ones are sent", async () => {
  await createPost(services, { title: "One public", status: "published" });
  await createPost(services, { title: "One draft" });
  await deliverSearchOutbox(blog, up);
  expect(await reindexAll(blog)).toEqual({ queued: 2 });
  expect(await deliverSearchOutbox(blog, up)).toMatchObject({
    upserted: 1,
    deleted: 1,
    pending: 0,
  });
  expect(await find("one")).toEqual(["one-public"]);
});
