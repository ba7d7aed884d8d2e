"use client";

import { useQuery } from "@tanstack/react-query";

import type { DashboardState } from "./state";
import { useTRPC } from "./trpc";

/**
 * The pages each top source's visitors viewed most (a window-function top-N
 * over raw events): loaded after the page, which is served from rollups.
 */
export function PagesPerSource({ siteId, shareToken, state }: { siteId: number; shareToken?: string; state: DashboardState }) {
  const trpc = useTRPC();
  const { data, isPending } = useQuery(trpc.stats.topPagesPerSource.queryOptions({ siteId, shareToken, range: state.range, filters: state.filters }));
  if (isPending) return <p className="q-muted qa-small">Loading…</p>;
  if (!data || data.length === 0) return <p className="q-muted qa-small">No data</p>;
  return (
    <div className="qa-breakdowns">
      {data.map((g) => (
        <div key={g.source} className="qa-breakdown">
          <h3>
            {g.source || "Direct / None"} <span className="q-muted qa-small">{g.visitors.toLocaleString("en")} visitors</span>
          </h3>
          <ol className="qa-small">
            {g.pages.map((p) => (
              <li key={p.page}>
                {p.page} <span className="q-muted">{p.pageviews.toLocaleString("en")}</span>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}
