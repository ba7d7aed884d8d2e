/**
 * The public search page's logic against the real search router (its own test database,
 * in-process): highlights, tag facets with exact counts, AND-ed tag filters, paging, and the
 * answer when search is down.
 */
import { createAnalyticsClient } from "@quire/analytics-api/client";
import { createTestBlogDatabase } from "@quire/blog-db/testing";
import { createSearchClient } from "@quire/search-api/client";
import { createTestSearchDatabase, searchRouter } from "@quire/search-api/testing";
import { createLocalLink } from "@quire/trpc/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { createRenderer } from "../markdown";
import { createPost } from "../posts/posts";
import type { PostServices } from "../posts/posts";
import type { BlogPeers } from "../trpc";
import { deliverSearchOutbox } from "./outbox";
import {
  markedParts,
  parseReaderSearch,
  READER_PAGE_SIZE,
  searchPostsForReaders,
  tagsRegex,
} from "./reader-search";

let blog: ReturnType<typeof createTestBlogDatabase>;
let search: ReturnType<typeof createTestSearchDatabase>;
let services: PostServices;
let peers: BlogPeers;
const analyticsDown = {
  url: "http://127.0.0.1:9",
  client: createAnalyticsClient({ url: "http://127.0.0.1:9", token: "t", timeoutMs: 300 }),
};

beforeEach(() => {
  blog = createTestBlogDatabase();
  search = createTestSearchDatabase();
  services = { quire: blog, render: createRenderer(blog, { providers: [], discovery: false }) };
  const client = createSearchClient({
    url: "http://search.test",
    token: "t",
    link: createLocalLink({
      router: searchRouter,
      createContext: () => ({ session: null, service: true, headers: new Headers(), quire: search }),
    }),
  });
  peers = { search: { url: "http://search.test", client }, analytics: analyticsDown };
});
afterEach(async () => {
  await Promise.all([blog.cleanup(), search.cleanup()]);
});

async function publish(title: string, body: string, tags: string[]) {
  await createPost(services, { title, bodyMarkdown: body, status: "published", tags });
}

async function seed() {
  await publish("Pelicans of the lagoon", "Pelicans fish in shallow water & dive.", ["Birds", "Water"]);
  await publish("Herons at dawn", "A heron waits. Pelicans pass by.", ["Birds"]);
  await publish("Lagoon tides", "Water rises twice a day; pelicans follow the fish.", ["Water"]);
  await publish("Draft-free zone", "Nothing about those birds.", ["Misc"]);
  const delivered = await deliverSearchOutbox(blog, peers.search.client);
  expect(delivered.failed).toBe(0);
}

test("a reader's query finds posts with highlighted titles and snippets, and exact tag facets", async () => {
  await seed();
  const r = await searchPostsForReaders(blog, peers, { q: "pelicans", tags: [], page: 1 });
  if (!r.up) throw new Error(r.error);
  expect(r.total).toBe(3);
  // The title field is weighted above the body: the post with "Pelicans" in its title comes first.
  const top = r.hits[0]!;
  expect(top.url).toBe("/posts/pelicans-of-the-lagoon");
  expect(top.title).toEqual([
    { text: "Pelicans", mark: true },
    { text: " of the lagoon", mark: false },
  ]);
  // Text from the service is unescaped into plain parts (React escapes it again when rendering).
  expect(top.snippet.map((p) => p.text).join("")).toContain("shallow water & dive");
  expect(top.snippet.some((p) => p.mark && p.text.toLowerCase() === "pelicans")).toBe(true);
  expect(top.tags).toEqual([
    { slug: "birds", name: "Birds" },
    { slug: "water", name: "Water" },
  ]);
  // Counts per tag over the whole result, not per combination of tags.
  expect(r.tags.map((t) => [t.slug, t.count])).toEqual([
    ["birds", 2],
    ["water", 2],
  ]);
  expect(r.exact).toBe(true);
});

test("chosen tags are AND-ed, and a chosen tag with no posts stays listed to remove", async () => {
  await seed();
  const both = await searchPostsForReaders(blog, peers, {
    q: "pelicans",
    tags: ["birds", "water"],
    page: 1,
  });
  if (!both.up) throw new Error(both.error);
  expect(both.hits.map((h) => h.url)).toEqual(["/posts/pelicans-of-the-lagoon"]);
  expect(both.tags.filter((t) => t.selected).map((t) => t.slug)).toEqual(["birds", "water"]);

  // "bird" must not match the tag "birds": whole slugs only.
  const partial = await searchPostsForReaders(blog, peers, { q: "", tags: ["bird"], page: 1 });
  if (!partial.up) throw new Error(partial.error);
  expect(partial.total).toBe(0);
  expect(partial.tags).toEqual([{ slug: "bird", name: "bird", count: 0, selected: true }]);

  // Without a query every post is listed, filtered by tag.
  const misc = await searchPostsForReaders(blog, peers, { q: "", tags: ["misc"], page: 1 });
  if (!misc.up) throw new Error(misc.error);
  expect(misc.hits.map((h) => h.url)).toEqual(["/posts/draft-free-zone"]);
});

test("results are paged", async () => {
  for (let i = 1; i <= READER_PAGE_SIZE + 3; i++) {
    await publish(`Gull number ${i}`, "Gulls everywhere.", ["Birds"]);
  }
  await deliverSearchOutbox(blog, peers.search.client);
  const one = await searchPostsForReaders(blog, peers, { q: "gulls", tags: [], page: 1 });
  const two = await searchPostsForReaders(blog, peers, { q: "gulls", tags: [], page: 2 });
  if (!one.up || !two.up) throw new Error("search down");
  expect([one.total, one.pages, one.hits.length, two.hits.length]).toEqual([
    READER_PAGE_SIZE + 3,
    2,
    READER_PAGE_SIZE,
    3,
  ]);
  const urls = new Set([...one.hits, ...two.hits].map((h) => h.url));
  expect(urls.size).toBe(READER_PAGE_SIZE + 3);
});

test("search being down is an answer, not an exception", async () => {
  const down = createSearchClient({ url: "http://127.0.0.1:9", token: "t", timeoutMs: 300 });
  const r = await searchPostsForReaders(
    blog,
    { search: { url: "http://127.0.0.1:9", client: down }, analytics: analyticsDown },
    { q: "anything", tags: [], page: 1 },
  );
  expect(r.up).toBe(false);
});

test("URL parameters are normalised: bad tags dropped, bad pages become 1, long queries cut", () => {
  expect(
    parseReaderSearch({ q: `  ${"x".repeat(500)} `, tag: ["Birds", "a,b", "../x", "birds"], page: "-3" }),
  ).toEqual({ q: "x".repeat(200), tags: ["birds", "a", "b"], page: 1 });
  expect(parseReaderSearch({ q: ["one", "two"], page: "2" })).toEqual({ q: "one", tags: [], page: 2 });
  expect(parseReaderSearch({ tag: "a,b,c,d,e,f" }).tags).toEqual(["a", "b", "c", "d"]);
  expect(parseReaderSearch({ page: "1e3" }).page).toBe(1000);
  expect(parseReaderSearch({ page: "abc" }).page).toBe(1);
});

test("the tag regex matches whole slugs in any position", () => {
  const re = new RegExp(tagsRegex(["sql", "web-dev"]), "u");
  expect(re.test("sql,web-dev")).toBe(true);
  expect(re.test("web-dev,x,sql")).toBe(true);
  expect(re.test("sqlite,web-dev")).toBe(false);
  expect(re.test("sql,web-devops")).toBe(false);
});

test("marked text from the service becomes plain parts (no HTML passes through)", () => {
  expect(markedParts("a &lt;b&gt; <mark>x&amp;y</mark> z")).toEqual([
    { text: "a <b> ", mark: false },
    { text: "x&y", mark: true },
    { text: " z", mark: false },
  ]);
});

test("before anything was indexed (no `blog` index yet) readers get no results, not an outage", async () => {
  const r = await searchPostsForReaders(blog, peers, { q: "anything", tags: [], page: 1 });
  expect(r).toMatchObject({ up: true, total: 0, hits: [], tags: [] });
});
