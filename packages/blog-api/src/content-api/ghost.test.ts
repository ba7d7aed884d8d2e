import http from "node:http";
import type { AddressInfo } from "node:net";

import { seedDemo } from "@quire/blog-db";
import { createTestBlogDatabase } from "@quire/blog-db/testing";
import GhostContentAPI from "@tryghost/content-api";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createRenderer } from "../markdown";
import { createPost } from "../posts/posts";
import { parseFilter } from "./filter";
import { handleContentApi } from "./ghost";
import { createContentApiKey } from "./keys";

let t: ReturnType<typeof createTestBlogDatabase>;
let server: http.Server;
let base: string;
let key: string;
const ENV_KEY = "0123456789abcdef0123456789";

/** The route handler the app mounts at /ghost/api/content/[...path], served over real HTTP. */
function serve() {
  return http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", base);
      const path = url.pathname.replace(/^\/ghost\/api\/content\//, "").split("/");
      const response = await handleContentApi(t, new Request(url), path, {
        siteUrl: base,
        envKey: ENV_KEY,
      });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    })();
  });
}

beforeAll(async () => {
  t = createTestBlogDatabase();
  await seedDemo(t);
  const render = createRenderer(t, { providers: [], discovery: false });
  await createPost({ quire: t, render }, { title: "Hidden draft", tags: ["quire"] });
  key = (await createContentApiKey(t, { name: "test" })).secret;
  server = serve();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.cleanup();
});

const api = () => new GhostContentAPI({ url: base, key, version: "v5.0" });

type Post = {
  id: string;
  slug: string;
  title: string;
  html?: string;
  plaintext?: string;
  tags?: { slug: string }[];
  primary_tag?: { slug: string } | null;
  authors?: { slug: string }[];
};
type List<T> = T[] & {
  meta: {
    pagination: {
      page: number;
      limit: number | "all";
      pages: number;
      total: number;
      next: number | null;
      prev: number | null;
    };
  };
};

describe("with the real @tryghost/content-api client", () => {
  test("browse posts: newest first, pagination meta, include tags and authors", async () => {
    const posts = (await api().posts.browse({ limit: 2, include: "tags,authors" })) as List<Post>;
    expect(posts.map((p) => p.slug)).toEqual(["welcome-to-quire", "one-writer-no-sqlite-busy"]);
    expect(posts.meta.pagination).toEqual({
      page: 1,
      limit: 2,
      pages: 2,
      total: 4,
      next: 2,
      prev: null,
    });
    expect(posts[1]!.tags!.map((x) => x.slug)).toEqual(["sqlite", "quire"]);
    expect(posts[1]!.primary_tag!.slug).toBe("sqlite");
    expect(posts[0]!.authors![0]!.slug).toBe("quire");
    const page2 = (await api().posts.browse({ limit: 2, page: 2 })) as List<Post>;
    expect(page2.map((p) => p.slug)).toEqual(["writing-in-markdown", "typed-end-to-end"]);
    const all = (await api().posts.browse({ limit: "all" })) as List<Post>;
    expect(all).toHaveLength(4);
    expect(
      all.some((p) => p.slug === "hidden-draft" || p.slug === "draft-ideas" || p.slug === "about"),
    ).toBe(false);
  });

  test("read by id and by slug; fields and formats", async () => {
    const bySlug = (await api().posts.read(
      { slug: "one-writer-no-sqlite-busy" },
      { formats: "html,plaintext" },
    )) as Post;
    expect(bySlug.title).toBe("One writer, no SQLITE_BUSY");
    expect(bySlug.html).toContain("BEGIN IMMEDIATE");
    expect(bySlug.plaintext).toContain("BEGIN IMMEDIATE");
    const byId = (await api().posts.read({ id: bySlug.id }, { fields: "title,slug" })) as Post;
    expect(byId).toEqual({
      title: "One writer, no SQLITE_BUSY",
      slug: "one-writer-no-sqlite-busy",
    });
  });

  test("filter: tags, negation, lists, featured, dates, AND/OR", async () => {
    const slugs = async (filter: string) =>
      ((await api().posts.browse({ filter, limit: "all" })) as Post[]).map((p) => p.slug);
    expect(await slugs("tag:quire")).toEqual(["welcome-to-quire", "one-writer-no-sqlite-busy"]);
    expect(await slugs("tag:quire+tag:sqlite")).toEqual(["one-writer-no-sqlite-busy"]);
    expect(await slugs("tag:writing,featured:true")).toEqual([
      "welcome-to-quire",
      "writing-in-markdown",
    ]);
    expect(await slugs("tag:-[quire,writing]")).toEqual(["typed-end-to-end"]);
    expect(await slugs("slug:[writing-in-markdown,typed-end-to-end]")).toEqual([
      "writing-in-markdown",
      "typed-end-to-end",
    ]);
    expect(await slugs("primary_tag:typescript")).toEqual(["typed-end-to-end"]);
    expect(await slugs("published_at:>'2000-01-01'+author:quire")).toHaveLength(4);
    expect(await slugs("title:~'markdown'")).toEqual(["writing-in-markdown"]);
    expect(await slugs("(tag:sqlite,tag:writing)+featured:false")).toEqual([
      "one-writer-no-sqlite-busy",
      "writing-in-markdown",
    ]);
  });

  test("pages, tags with counts, the author, settings", async () => {
    const pages = (await api().pages.browse()) as List<Post>;
    expect(pages.map((p) => p.slug)).toEqual(["about"]);
    const tags = (await api().tags.browse({ include: "count.posts", limit: "all" })) as List<{
      slug: string;
      count: { posts: number };
    }>;
    expect(tags.find((x) => x.slug === "quire")!.count.posts).toBe(2);
    const tag = (await api().tags.read({ slug: "sqlite" })) as { name: string; url: string };
    expect(tag).toMatchObject({ name: "SQLite", url: `${base}/tag/sqlite/` });
    const author = (await api().authors.read({ slug: "quire" }, { include: "count.posts" })) as {
      name: string;
      count: { posts: number };
    };
    expect(author).toMatchObject({ name: "Quire", count: { posts: 4 } });
    const settings = (await api().settings.browse()) as {
      title: string;
      lang: string;
      navigation: { url: string }[];
    };
    expect(settings).toMatchObject({ title: "Quire blog", lang: "en" });
    expect(settings.navigation.map((n) => n.url)).toContain("/about/");
  });

  test("Ghost's error shapes: unknown key, missing resource, bad filter; the env key works", async () => {
    const wrong = new GhostContentAPI({
      url: base,
      key: "ffffffffffffffffffffffffff",
      version: "v5.0",
    });
    await expect(wrong.posts.browse()).rejects.toMatchObject({
      message: "Authorization failed",
      type: "UnauthorizedError",
    });
    await expect(api().posts.read({ slug: "draft-ideas" })).rejects.toMatchObject({
      type: "NotFoundError",
    });
    await expect(api().posts.browse({ filter: "tag:(" })).rejects.toMatchObject({
      type: "BadRequestError",
    });
    await expect(api().posts.browse({ filter: "password:x" })).rejects.toMatchObject({
      type: "BadRequestError",
    });
    const env = new GhostContentAPI({ url: base, key: ENV_KEY, version: "v5.0" });
    expect(((await env.tags.browse()) as unknown[]).length).toBeGreaterThan(0);
  });
});

describe("over plain HTTP", () => {
  const get = async (path: string) => {
    const res = await fetch(`${base}/ghost/api/content/${path}`);
    return {
      status: res.status,
      body: (await res.json()) as { errors?: { type: string; message: string }[] },
      cors: res.headers.get("access-control-allow-origin"),
    };
  };

  test("malformed input is a 4xx in Ghost's shape, never a 500", async () => {
    const cases: [string, number, string][] = [
      [`posts/?key=${key}&limit=abc`, 422, "ValidationError"],
      [`posts/?key=${key}&limit=0`, 422, "ValidationError"],
      [`posts/?key=${key}&page=-1`, 422, "ValidationError"],
      [
        `posts/?key=${key}&filter=${encodeURIComponent("tag:'unterminated")}`,
        400,
        "BadRequestError",
      ],
      [
        `posts/?key=${key}&filter=${encodeURIComponent("published_at:>'not a date'")}`,
        400,
        "BadRequestError",
      ],
      [`posts/?key=${key}&filter=${encodeURIComponent("x".repeat(2000))}`, 400, "BadRequestError"],
      [`posts/?key=${key}&order=${encodeURIComponent("password desc")}`, 400, "BadRequestError"],
      [`posts/abc/?key=${key}`, 404, "NotFoundError"],
      [`nothing/?key=${key}`, 404, "NotFoundError"],
      [`posts/1/2/3/?key=${key}`, 404, "NotFoundError"],
      [`posts/`, 403, "NoPermissionError"],
      [`posts/?key=${encodeURIComponent("' OR 1=1 --")}`, 401, "UnauthorizedError"],
    ];
    for (const [path, status, type] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expect(res.body.errors?.[0]?.type, path).toBe(type);
      expect(res.cors).toBe("*");
    }
  });

  test("the filter parser refuses garbage without throwing anything but a BlogError", () => {
    for (const bad of ["", "tag", "tag:", "tag:[a,", "(tag:a", "tag:a)", "tag:a++b", "tag:>[a]"]) {
      expect(() => parseFilter(bad), bad).toThrow(/Error parsing filter/);
    }
  });
});
