import "server-only";

import {
  registerAnalyticsSite,
  reindexAll,
  seedBlogDemo,
  startScheduler,
  startSearchOutboxWorker,
} from "@quire/blog-api";
import type {
  BlogContext,
  BlogPeers,
  Scheduler,
  SearchOutboxWorker,
  SiteRegistration,
} from "@quire/blog-api";
import {
  DEFAULT_SETTINGS,
  getNavigation,
  getSettings,
  listPublishedPages,
  openBlogDatabase,
} from "@quire/blog-db";
import type { NavigationLink, SiteSettings } from "@quire/blog-db";
import { createAnalyticsClient } from "@quire/analytics-api/client";
import { createSearchClient } from "@quire/search-api/client";
import { clearPageCache, defineAppRuntime } from "@quire/runtime";
import { createBaseContext } from "@quire/trpc";
import { revalidatePath } from "next/cache";

import { databaseKey, env, isBuildPhase, location } from "~/env";

export const runtime = defineAppRuntime({
  app: "blog",
  location,
  encryptionKey: databaseKey,
  open: (file, options) => openBlogDatabase(file, options),
  // Demo posts go to the search index like any other (through the outbox).
  seed: async (quire) => {
    const seeded = await seedBlogDemo(quire);
    if (seeded) await reindexAll(quire);
    return seeded;
  },
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
/** The blog's site in the analytics service (its host name, as the tracker reports it). */
export const analyticsSite = new URL(env.BLOG_URL).hostname;
export const analyticsUrl = env.ANALYTICS_URL.replace(/\/+$/, "");
/** Local and test deployments count visits the tracker would skip (localhost, automated browsers). */
export const trackLocalVisits = env.BLOG_TRACK_LOCAL_VISITS === "1";
/** oEmbed settings for every render (editor preview, save, autosave beacon). */
export const oembedOptions = { allowPrivateHosts: env.BLOG_OEMBED_ALLOW_PRIVATE === "1" };

type Background = {
  scheduler?: Scheduler;
  outbox?: SearchOutboxWorker;
  analyticsSite?: SiteRegistration;
};
const background = ((globalThis as Record<string, unknown>).__quire_blog_background ??= {}) as Background;

/**
 * Start-up plus the blog's background work: the scheduler that publishes scheduled posts on time
 * (and at once for any that fell due while the app was down). Idempotent.
 */
export async function startBlog() {
  await runtime.start();
  const quire = runtime.getDb();
  background.outbox ??= startSearchOutboxWorker(quire, async () => (await getPeers()).search.client);
  // The tracker's page views count from the first visit: the site exists in analytics.
  background.analyticsSite ??= registerAnalyticsSite(getPeers, analyticsSite);
  background.scheduler ??= startScheduler(quire, {
    onPublished: () => {
      background.outbox?.poke();
      void requestRevalidation();
    },
  });
}

/**
 * Public pages are cached (ISR) and rebuilt on their next visit after a change. Call inside a
 * request (route handler, server action) after anything public changed.
 */
export function revalidatePublic() {
  revalidatePath("/", "layout");
  // And the copies the custom server replays in front of Next (server.mjs).
  clearPageCache();
}

/** Called after admin writes: re-plan the scheduler and drop the cached public pages. */
export function postsChanged() {
  background.scheduler?.poke();
  background.outbox?.poke();
  revalidatePublic();
}

/**
 * The scheduler runs outside any request, where Next cannot revalidate: it asks this app's own
 * /api/revalidate (service token) to do it.
 */
async function requestRevalidation() {
  try {
    const { serviceToken } = await runtime.getAuth();
    await fetch(`${siteUrl}/api/revalidate`, {
      method: "POST",
      headers: { authorization: `Bearer ${serviceToken}` },
      signal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    // The cached pages still expire on their own (revalidate); say why they were late.
    console.error(`[quire:blog] could not revalidate after publishing: ${(error as Error).message}`);
  }
}

type Site = SiteSettings & {
  url: string;
  pages: { slug: string; title: string }[];
  navigation: NavigationLink[];
};

/** Site settings (title, description, language, navigation links) and the static pages. */
export async function getSite(): Promise<Site> {
  if (isBuildPhase) return { ...DEFAULT_SETTINGS, url: siteUrl, pages: [], navigation: [] };
  await startBlog();
  const quire = runtime.getDb();
  return {
    ...getSettings(quire),
    url: siteUrl,
    pages: listPublishedPages(quire),
    navigation: getNavigation(quire),
  };
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
    oembed: oembedOptions,
    onPostsChanged: postsChanged,
  };
}
