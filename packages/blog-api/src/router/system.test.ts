/**
 * Cross-app test: the blog's System page against the real search and
 * analytics routers, each over its own test database, reached through the
 * blog's typed service clients with an in-process link instead of HTTP.
 */
import { seedDemo } from "@quire/blog-db";
import { createTestBlogDatabase } from "@quire/blog-db/testing";
import { createAnalyticsClient } from "@quire/analytics-api/client";
import {
  analyticsRouter,
  createTestAnalyticsDatabase,
  seedAnalyticsDemo,
} from "@quire/analytics-api/testing";
import { createSearchClient } from "@quire/search-api/client";
import { createTestSearchDatabase, searchRouter, seedSearchDemo } from "@quire/search-api/testing";
import type { PeerStatus } from "@quire/trpc";
import { createLocalLink } from "@quire/trpc/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createCallerFactory } from "../trpc";
import type { BlogContext, BlogPeers } from "../trpc";
import { blogRouter } from "./index";

const SEARCH_URL = "http://search.test";
const ANALYTICS_URL = "http://analytics.test";
const TOKEN = "service-token-0123456789";

let blog: ReturnType<typeof createTestBlogDatabase>;
let search: ReturnType<typeof createTestSearchDatabase>;
let analytics: ReturnType<typeof createTestAnalyticsDatabase>;
let events: number;

beforeAll(async () => {
  blog = createTestBlogDatabase();
  search = createTestSearchDatabase();
  analytics = createTestAnalyticsDatabase();
  await seedDemo(blog);
  await seedSearchDemo(search);
  await seedAnalyticsDemo(analytics);
  events = analytics.sqlite.prepare("SELECT count(*) FROM events").pluck().get() as number;
});

afterAll(async () => {
  await Promise.all([blog, search, analytics].map((t) => t?.cleanup()));
});

/**
 * Peers served in-process. `tokenAccepted` plays the peer's verdict on the
 * bearer token (what createBaseContext derives from the Authorization header).
 */
function inProcessPeers(tokenAccepted: boolean): BlogPeers {
  const base = { session: null, service: tokenAccepted, headers: new Headers() };
  return {
    search: {
      url: SEARCH_URL,
      client: createSearchClient({
        url: SEARCH_URL,
        token: TOKEN,
        link: createLocalLink({
          router: searchRouter,
          createContext: () => ({ ...base, quire: search }),
        }),
      }),
    },
    analytics: {
      url: ANALYTICS_URL,
      client: createAnalyticsClient({
        url: ANALYTICS_URL,
        token: TOKEN,
        link: createLocalLink({
          router: analyticsRouter,
          createContext: () => ({ ...base, quire: analytics }),
        }),
      }),
    },
  };
}

const admin = (peers: BlogPeers): BlogContext => ({
  session: { subject: "admin", issuedAt: 1_700_000_000, expiresAt: 4_000_000_000 },
  service: false,
  headers: new Headers(),
  quire: blog,
  peers,
});
const status = (peers: BlogPeers) => createCallerFactory(blogRouter)(admin(peers)).system.status();

/** Row counts and committed write batches of every database, to prove a call wrote nothing. */
function footprint() {
  const count = (
    t: { sqlite: { prepare(sql: string): { pluck(): { get(): unknown } } } },
    table: string,
  ) => t.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  return {
    posts: count(blog, "posts"),
    documents: count(search, "documents"),
    indexes: count(search, "indexes"),
    events: count(analytics, "events"),
    batches: [blog, search, analytics].map((t) => t.writer.metrics().batches),
  };
}

function expectDown(
  peer: PeerStatus,
  url: string,
): asserts peer is Extract<PeerStatus, { up: false }> {
  expect(peer.up).toBe(false);
  expect(peer.url).toBe(url);
}

test("system.status reports both peers up with their own counts", async () => {
  const result = await status(inProcessPeers(true));
  expect(result.self).toMatchObject({ app: "blog", counts: { posts: 6, published: 4 } });
  const { search: s, analytics: a } = result.peers;
  expect(s).toMatchObject({
    up: true,
    url: SEARCH_URL,
    health: { app: "search", counts: { indexes: 1, documents: 8 } },
  });
  expect(a).toMatchObject({
    up: true,
    url: ANALYTICS_URL,
    health: { app: "analytics", counts: { sites: 1, events } },
  });
  expect(s.latencyMs).toBeGreaterThanOrEqual(0);
  // The peers' own database stats came across (superjson, real routers).
  for (const peer of [s, a]) {
    if (!peer.up) continue;
    expect(peer.health.database.journalMode).toBe("wal");
    expect(peer.health.database.migrations).toBeGreaterThan(0);
    expect(peer.health.database.sizeBytes).toBeGreaterThan(0);
  }
});

test("with a token the peers refuse, both are down with an UNAUTHORIZED error and nothing is written", async () => {
  const before = footprint();
  const result = await status(inProcessPeers(false));
  expectDown(result.peers.search, SEARCH_URL);
  expectDown(result.peers.analytics, ANALYTICS_URL);
  expect(result.peers.search.error).toMatch(/service token/i);
  expect(result.peers.analytics.error).toMatch(/service token/i);
  expect(result.self.app).toBe("blog");
  expect(footprint()).toEqual(before);
});

test("a peer where nothing listens is down quickly; the other one still answers", async () => {
  const nowhere = "http://127.0.0.1:9";
  const peers = inProcessPeers(true);
  peers.search = {
    url: nowhere,
    client: createSearchClient({ url: nowhere, token: TOKEN, timeoutMs: 500 }),
  };
  const started = performance.now();
  const result = await status(peers);
  expect(performance.now() - started).toBeLessThan(3_000);
  expectDown(result.peers.search, nowhere);
  expect(result.peers.search.error.length).toBeGreaterThan(0);
  expect(result.peers.search.latencyMs).toBeLessThan(3_000);
  expect(result.peers.analytics.up).toBe(true);
});
