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
