import { getPublishedPostBySlug } from "@quire/blog-db";
import type { BlogDatabase } from "@quire/blog-db";

import type { BlogPeers } from "./trpc";

export interface PageViews {
  path: string;
  pageviews: number;
  visitors: number;
}

export type PostAnalytics =
  { up: true; top7: PageViews[]; top30: PageViews[] } | { up: false; error: string };

/**
 * The admin dashboard's numbers from the analytics service (service procedures): the most read
 * posts over 7 and 30 days. Analytics being down is an answer, not an error.
 */
export async function getPostAnalytics(
  peers: BlogPeers,
  site: string,
  limit = 10,
): Promise<PostAnalytics> {
  try {
    const analytics = peers.analytics.client.service;
    const [top7, top30] = await Promise.all([
      analytics.topPages.query({ site, range: { period: "7d" }, limit }),
      analytics.topPages.query({ site, range: { period: "30d" }, limit }),
    ]);
    return { up: true, top7, top30 };
  } catch (error) {
    return {
      up: false,
      error: (error instanceof Error ? error.message : String(error)).slice(0, 300),
    };
  }
}

/** Views of given post paths (e.g. the admin post list's counters). */
export async function getViewsPerPath(
  peers: BlogPeers,
  site: string,
  paths: string[],
): Promise<Map<string, PageViews> | null> {
  if (paths.length === 0) return new Map();
  try {
    const rows = await peers.analytics.client.service.viewsPerPath.query({
      site,
      range: { period: "30d" },
      paths: paths.slice(0, 500),
    });
    return new Map(rows.map((r) => [r.path, r]));
  } catch {
    return null;
  }
}

export interface PopularPost {
  slug: string;
  title: string;
  excerpt: string;
  url: string;
  pageviews: number;
  visitors: number;
}

export type PopularPosts = { up: true; posts: PopularPost[] } | { up: false };

const POST_PATH = /^\/posts\/([^/?#]+)\/?$/;

/**
 * The public "popular posts" list: the analytics service's top pages of the blog's site, kept to
 * posts a reader may see now (a draft's or deleted post's old views never surface). Analytics
 * being down is an answer (`up: false`) the page shows quietly.
 *
 * @example
 * const popular = await getPopularPosts(quire, peers, "blog.example.com", { period: "30d", limit: 5 });
 */
export async function getPopularPosts(
  quire: BlogDatabase,
  peers: BlogPeers,
  site: string,
  { period = "30d", limit = 5 }: { period?: "7d" | "30d"; limit?: number } = {},
): Promise<PopularPosts> {
  let pages: PageViews[];
  try {
    // Ask for more than `limit`: the home page, tag pages and gone posts are in the top too.
    pages = await peers.analytics.client.service.topPages.query({
      site,
      range: { period },
      limit: Math.min(100, limit * 4 + 10),
    });
  } catch {
    return { up: false };
  }
  const posts: PopularPost[] = [];
  const seen = new Set<string>();
  for (const page of pages) {
    const match = POST_PATH.exec(page.path);
    if (!match) continue;
    let slug: string;
    try {
      slug = decodeURIComponent(match[1]!);
    } catch {
      continue;
    }
    if (seen.has(slug)) continue;
    seen.add(slug);
    const post = await getPublishedPostBySlug(quire, slug);
    if (!post) continue;
    posts.push({
      slug: post.slug,
      title: post.title,
      excerpt: post.excerpt,
      url: `/posts/${post.slug}`,
      pageviews: page.pageviews,
      visitors: page.visitors,
    });
    if (posts.length >= limit) break;
  }
  return { up: true, posts };
}

export interface SiteRegistration {
  /** Resolves once the analytics service has the site (created now or before). */
  done: Promise<{ created: boolean }>;
  stop: () => void;
}

/**
 * Register the blog's site with the analytics service (service call `ensureSite`) so its tracker's
 * page views are kept from the first visit, without any set-up in the analytics dashboard. While
 * analytics is down it retries with backoff (from `retryMs` up to 5 minutes); timers never keep
 * the process alive.
 *
 * @example
 * registerAnalyticsSite(getPeers, "blog.example.com").done.then(({ created }) => …);
 */
export function registerAnalyticsSite(
  getPeers: () => Promise<BlogPeers>,
  site: string,
  { retryMs = 5_000, maxRetryMs = 5 * 60_000 }: { retryMs?: number; maxRetryMs?: number } = {},
): SiteRegistration {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<{ created: boolean }>((resolve) => {
    const attempt = async (wait: number) => {
      if (stopped) return;
      try {
        const peers = await getPeers();
        const result = await peers.analytics.client.service.ensureSite.mutate({ domain: site });
        resolve({ created: result.created });
      } catch {
        if (stopped) return;
        timer = setTimeout(() => void attempt(Math.min(wait * 2, maxRetryMs)), wait);
        timer.unref?.();
      }
    };
    void attempt(retryMs);
  });
  return {
    done,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
