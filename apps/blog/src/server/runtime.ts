import "server-only";

import { seedBlogDemo, startScheduler } from "@quire/blog-api";
import type { BlogContext, BlogPeers, Scheduler } from "@quire/blog-api";
import { getSettings, openBlogDatabase } from "@quire/blog-db";
import type { SiteSettings } from "@quire/blog-db";
import { createAnalyticsClient } from "@quire/analytics-api/client";
import { createSearchClient } from "@quire/search-api/client";
import { defineAppRuntime } from "@quire/runtime";
import { createBaseContext } from "@quire/trpc";

import { databaseKey, env, location } from "~/env";

export const runtime = defineAppRuntime({
  app: "blog",
  location,
  encryptionKey: databaseKey,
  open: (file, options) => openBlogDatabase(file, options),
  seed: (quire) => seedBlogDemo(quire),
  seedDemo: env.QUIRE_SEED_DEMO === "1",
  secrets: {
    serviceToken: env.QUIRE_SERVICE_TOKEN,
    sessionSecret: env.QUIRE_SESSION_SECRET,
    adminPassword: env.QUIRE_ADMIN_PASSWORD,
  },
  trustedOrigins: [env.SEARCH_URL, env.ANALYTICS_URL],
});

/** The public base URL, for canonical links, feeds and the sitemap. */
export const siteUrl = env.BLOG_URL.replace(/\/+$/, "");

type Background = { scheduler?: Scheduler };
const background = ((globalThis as Record<string, unknown>).__quire_blog_background ??= {}) as Background;

/**
 * Start-up plus the blog's background work: the scheduler that publishes scheduled posts on time
 * (and at once for any that fell due while the app was down). Idempotent.
 */
export async function startBlog() {
  await runtime.start();
  background.scheduler ??= startScheduler(runtime.getDb());
}

/** Called after admin writes: re-plan the scheduler. */
export function postsChanged() {
  background.scheduler?.poke();
}

/** Site settings (title, description, language). */
export async function getSite(): Promise<SiteSettings & { url: string }> {
  await startBlog();
  return { ...getSettings(runtime.getDb()), url: siteUrl };
}

let peers: BlogPeers | undefined;

/** Typed tRPC clients for search and analytics, authenticated with the service token. */
export async function getPeers(): Promise<BlogPeers> {
  if (peers) return peers;
  const { serviceToken: token } = await runtime.getAuth();
  peers = {
    search: { url: env.SEARCH_URL, client: createSearchClient({ url: env.SEARCH_URL, token, timeoutMs: 2500 }) },
    analytics: {
      url: env.ANALYTICS_URL,
      client: createAnalyticsClient({ url: env.ANALYTICS_URL, token, timeoutMs: 2500 }),
    },
  };
  return peers;
}

export async function createContext(request: Request): Promise<BlogContext> {
  await startBlog();
  const auth = await runtime.getAuth();
  return {
    ...createBaseContext(auth, request),
    quire: runtime.getDb(),
    peers: await getPeers(),
    onPostsChanged: postsChanged,
  };
}
