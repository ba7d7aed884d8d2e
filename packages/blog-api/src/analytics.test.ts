/**
 * Cross-app test: the blog's public "popular posts" list against the real analytics router and
 * its real ingestion (own test database, in-process).
 */
import { createAnalyticsClient } from "@quire/analytics-api/client";
import {
  analyticsRouter,
  createSite,
  createTestAnalyticsDatabase,
  handlePlausibleEvent,
} from "@quire/analytics-api/testing";
import { createTestBlogDatabase } from "@quire/blog-db/testing";
import { createSearchClient } from "@quire/search-api/client";
import { createLocalLink } from "@quire/trpc/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { getPopularPosts, registerAnalyticsSite } from "./analytics";
import { createRenderer } from "./markdown";
import { createPost, updatePost } from "./posts/posts";
import type { BlogPeers } from "./trpc";

const SITE = "blog.test";
const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
let blog: ReturnType<typeof createTestBlogDatabase>;
let analytics: ReturnType<typeof createTestAnalyticsDatabase>;
let peers: BlogPeers;
const searchDown = {
  url: "http://127.0.0.1:9",
  client: createSearchClient({ url: "http://127.0.0.1:9", token: "t", timeoutMs: 300 }),
};

beforeEach(async () => {
  blog = createTestBlogDatabase();
  analytics = createTestAnalyticsDatabase();
  await createSite(analytics, { domain: SITE });
  const client = createAnalyticsClient({
    url: "http://analytics.test",
    token: "t",
    link: createLocalLink({
      router: analyticsRouter,
      createContext: () => ({ session: null, service: true, headers: new Headers(), quire: analytics }),
    }),
  });
  peers = { search: searchDown, analytics: { url: "http://analytics.test", client } };
});
afterEach(async () => {
  await Promise.all([blog.cleanup(), analytics.cleanup()]);
});

async function views(path: string, n: number) {
  for (let i = 0; i < n; i++) {
    const res = await handlePlausibleEvent(
      analytics,
      new Request("http://analytics.test/api/event", {
        method: "POST",
        headers: { "content-type": "text/plain", "user-agent": CHROME },
        body: JSON.stringify({ n: "pageview", u: `https://${SITE}${path}`, d: SITE }),
      }),
    );
    expect(res.status).toBe(202);
  }
}

test("popular posts: most viewed first, only posts readers can see, limited", async () => {
  const services = { quire: blog, render: createRenderer(blog, { providers: [], discovery: false }) };
  const publish = (title: string) => createPost(services, { title, status: "published" });
  await publish("Alpha");
  await publish("Beta");
  await publish("Gamma");
  const hidden = await publish("Later a draft");
  await createPost(services, { title: "Draft" });
  await updatePost(services, { id: hidden.id, data: { status: "draft" } });

  await views("/", 9); // not a post
  await views("/posts/beta", 5);
  await views("/posts/alpha", 3);
  await views("/posts/alpha/", 1); // same post, trailing slash
  await views("/posts/draft", 7); // a draft's views never surface
  await views("/posts/later-a-draft", 6); // unpublished since
  await views("/posts/gamma", 2);
  await views("/posts/%E0%A4%A", 4); // a broken escape someone typed

  const top = await getPopularPosts(blog, peers, SITE, { limit: 2 });
  if (!top.up) throw new Error("analytics down");
  expect(top.posts.map((p) => [p.url, p.title, p.pageviews])).toEqual([
    ["/posts/beta", "Beta", 5],
    ["/posts/alpha", "Alpha", 3],
  ]);
  const all = await getPopularPosts(blog, peers, SITE, { limit: 10 });
  if (!all.up) throw new Error("analytics down");
  expect(all.posts.map((p) => p.slug)).toEqual(["beta", "alpha", "gamma"]);
});

test("analytics down or the site unknown: no list, no exception", async () => {
  const down = createAnalyticsClient({ url: "http://127.0.0.1:9", token: "t", timeoutMs: 300 });
  expect(
    await getPopularPosts(blog, { search: searchDown, analytics: { url: "x", client: down } }, SITE),
  ).toEqual({ up: false });
  expect(await getPopularPosts(blog, peers, "unknown.test")).toEqual({ up: false });
});

test("the blog registers its site with analytics, retrying while analytics is down", async () => {
  const siteCount = () => analytics.sqlite.prepare("SELECT count(*) FROM sites").pluck().get() as number;
  const before = siteCount();
  let calls = 0;
  const down = createAnalyticsClient({ url: "http://127.0.0.1:9", token: "t", timeoutMs: 300 });
  // Down for the first two attempts, then up.
  const registration = registerAnalyticsSite(
    async () => {
      calls++;
      return calls <= 2 ? { search: searchDown, analytics: { url: "x", client: down } } : peers;
    },
    "new-blog.test",
    { retryMs: 20 },
  );
  expect(await registration.done).toEqual({ created: true });
  expect(calls).toBe(3);
  expect(siteCount()).toBe(before + 1);
  // Again (a restart): nothing new.
  expect(await registerAnalyticsSite(async () => peers, "new-blog.test").done).toEqual({ created: false });
  expect(siteCount()).toBe(before + 1);
  // Now its page views are kept.
  const res = await handlePlausibleEvent(
    analytics,
    new Request("http://analytics.test/api/event", {
      method: "POST",
      headers: { "content-type": "text/plain", "user-agent": CHROME },
      body: JSON.stringify({ n: "pageview", u: "https://new-blog.test/posts/x", d: "new-blog.test" }),
    }),
  );
  expect(res.headers.get("x-plausible-dropped")).toBeNull();
  expect(analytics.sqlite.prepare("SELECT count(*) FROM events").pluck().get()).toBe(1);
});

test("a stopped registration makes no more calls", async () => {
  let calls = 0;
  const down = createAnalyticsClient({ url: "http://127.0.0.1:9", token: "t", timeoutMs: 200 });
  const registration = registerAnalyticsSite(
    async () => {
      calls++;
      return { search: searchDown, analytics: { url: "x", client: down } };
    },
    "never.test",
    { retryMs: 10 },
  );
  await new Promise((r) => setTimeout(r, 300));
  registration.stop();
  const seen = calls;
  await new Promise((r) => setTimeout(r, 300));
  expect(calls).toBe(seen);
  expect(seen).toBeGreaterThanOrEqual(1);
});
