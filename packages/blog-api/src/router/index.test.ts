import { seedDemo } from "@quire/blog-db";
import { createTestBlogDatabase } from "@quire/blog-db/testing";
import { createAnalyticsClient } from "@quire/analytics-api/client";
import { createSearchClient } from "@quire/search-api/client";
import { ServiceHealthSchema, TRPCError } from "@quire/trpc";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createCallerFactory } from "../trpc";
import type { BlogContext, BlogPeers } from "../trpc";
import { blogRouter } from "./index";

let t: ReturnType<typeof createTestBlogDatabase>;
const createCaller = createCallerFactory(blogRouter);

// Peers nobody listens to: these tests never reach them.
const nowhere = "http://127.0.0.1:9";
const peers: BlogPeers = {
  search: {
    url: nowhere,
    client: createSearchClient({ url: nowhere, token: "t", timeoutMs: 200 }),
  },
  analytics: {
    url: nowhere,
    client: createAnalyticsClient({ url: nowhere, token: "t", timeoutMs: 200 }),
  },
};

beforeAll(async () => {
  t = createTestBlogDatabase();
  await seedDemo(t);
});

afterAll(async () => {
  await t.cleanup();
});

const context = (over: Partial<BlogContext> = {}): BlogContext => ({
  session: null,
  service: false,
  headers: new Headers(),
  quire: t,
  peers,
  ...over,
});
const adminSession = {
  subject: "admin" as const,
  issuedAt: 1_700_000_000,
  expiresAt: 4_000_000_000,
};

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

test("anyone may read the public health", async () => {
  const health = await createCaller(context()).health();
  expect(ServiceHealthSchema.parse(health)).toEqual(health);
  expect(health).toMatchObject({ app: "blog", counts: { posts: 6, published: 4 } });
});

test("anonymous callers list published posts, newest first, with tags", async () => {
  const posts = await createCaller(context()).posts.list();
  expect(posts.map((p) => p.slug)).toEqual([
    "welcome-to-quire",
    "one-writer-no-sqlite-busy",
    "writing-in-markdown",
    "typed-end-to-end",
  ]);
  expect(posts[0]).toMatchObject({
    title: "Welcome to Quire",
    tags: [{ slug: "quire", name: "Quire" }],
  });
  expect(posts[0]!.publishedAt).toBeInstanceOf(Date);
});

test("posts.list pages through the list", async () => {
  const caller = createCaller(context());
  const first = await caller.posts.list({ page: 1, perPage: 2 });
  const second = await caller.posts.list({ page: 2, perPage: 2 });
  expect(first.map((p) => p.slug)).toEqual(["welcome-to-quire", "one-writer-no-sqlite-busy"]);
  expect(second.map((p) => p.slug)).toEqual(["writing-in-markdown", "typed-end-to-end"]);
  expect(await caller.posts.list({ page: 3, perPage: 2 })).toEqual([]);
  expect(await caller.posts.list({ perPage: 1 })).toHaveLength(1);
});

test("posts.list rejects bad paging as BAD_REQUEST", async () => {
  const caller = createCaller(context());
  const bad = [
    { page: 0 },
    { page: -1 },
    { page: 1.5 },
    { page: 100_001 },
    { perPage: 0 },
    { perPage: 101 },
  ];
  for (const input of bad)
    expect(await codeOf(caller.posts.list(input)), JSON.stringify(input)).toBe("BAD_REQUEST");
  expect(
    await codeOf((caller.posts.list as (input: unknown) => Promise<unknown>)({ page: "2" })),
  ).toBe("BAD_REQUEST");
});

test("system.status is for the admin only", async () => {
  expect(await codeOf(createCaller(context()).system.status())).toBe("UNAUTHORIZED");
  expect(await codeOf(createCaller(context({ service: true })).system.status())).toBe(
    "UNAUTHORIZED",
  );
});

test("service.health needs the service token and answers the ServiceHealth contract", async () => {
  expect(await codeOf(createCaller(context()).service.health())).toBe("UNAUTHORIZED");
  expect(await codeOf(createCaller(context({ session: adminSession })).service.health())).toBe(
    "UNAUTHORIZED",
  );
  const health = await createCaller(context({ service: true })).service.health();
  expect(ServiceHealthSchema.safeParse(health).success).toBe(true);
  expect(health).toMatchObject({ ok: true, app: "blog", counts: { posts: 6, published: 4 } });
});

test("admin procedures refuse anonymous callers; the admin writes through them", async () => {
  const anon = createCaller(context());
  expect(await codeOf(anon.admin.posts.list())).toBe("UNAUTHORIZED");
  expect(await codeOf(anon.admin.posts.create({ title: "x" }))).toBe("UNAUTHORIZED");
  expect(await codeOf(anon.admin.tags.list())).toBe("UNAUTHORIZED");
  const admin = createCaller(context({ session: adminSession }));
  const created = await admin.admin.posts.create({
    title: "From the router",
    bodyMarkdown: "# Hi",
    status: "published",
    tags: ["Router"],
  });
  expect(created).toMatchObject({ slug: "from-the-router", status: "published" });
  expect((await anon.posts.get({ slug: "from-the-router" })).bodyHtml).toContain("<h1");
  expect(
    await codeOf(admin.admin.posts.update({ id: created.id, data: { slug: "welcome-to-quire" } })),
  ).toBe("CONFLICT");
  expect(await codeOf(admin.admin.posts.get({ id: 99_999 }))).toBe("NOT_FOUND");
  expect(await codeOf(anon.posts.get({ slug: "draft-ideas" }))).toBe("NOT_FOUND");
  expect(
    await codeOf(admin.admin.posts.create({ title: "big", bodyMarkdown: "x".repeat(200_001) })),
  ).toBe("BAD_REQUEST");
  expect(
    (await admin.admin.posts.preview({ bodyMarkdown: "<script>x</script>\n\n**b**" })).html.trim(),
  ).toBe("<p><strong>b</strong></p>");
  await admin.admin.posts.delete({ id: created.id });
  expect(await codeOf(anon.posts.get({ slug: "from-the-router" }))).toBe("NOT_FOUND");
});

test("site settings: the admin reads and saves them, validated; anonymous callers cannot", async () => {
  const anon = createCaller(context());
  expect(await codeOf(anon.admin.settings.get())).toBe("UNAUTHORIZED");
  const changes: string[] = [];
  const admin = createCaller(
    context({ session: adminSession, onPostsChanged: () => changes.push("changed") }),
  );
  expect(await admin.admin.settings.get()).toEqual({
    title: "Quire blog",
    description: "A blog published with Quire",
    lang: "en",
    author: "Quire",
    navigation: [],
  });
  const good = {
    title: "  Field notes ",
    description: "Short posts about SQLite",
    lang: "pt-br",
    author: "Ann",
    navigation: [
      { label: "Docs", url: "/posts/writing-in-markdown" },
      { label: "Elsewhere", url: "https://example.org/" },
    ],
  };
  expect(await admin.admin.settings.update(good)).toMatchObject({
    title: "Field notes",
    lang: "pt-BR", // canonicalized
    navigation: good.navigation,
  });
  expect(changes).toEqual(["changed"]); // the cached public pages are dropped
  expect((await admin.admin.settings.get()).title).toBe("Field notes");

  for (const bad of [
    { ...good, title: " " },
    { ...good, title: "x".repeat(101) },
    { ...good, lang: "not a language" },
    { ...good, lang: "" },
    { ...good, navigation: [{ label: "x", url: "javascript:alert(1)" }] },
    { ...good, navigation: [{ label: "x", url: "//evil.example/" }] },
    { ...good, navigation: [{ label: "", url: "/a" }] },
    { ...good, navigation: Array.from({ length: 13 }, () => ({ label: "a", url: "/a" })) },
  ]) {
    expect(await codeOf(admin.admin.settings.update(bad)), JSON.stringify(bad).slice(0, 80)).toBe(
      "BAD_REQUEST",
    );
  }
  // Nothing invalid was stored.
  expect((await admin.admin.settings.get()).title).toBe("Field notes");
  expect(changes).toEqual(["changed"]);
});
