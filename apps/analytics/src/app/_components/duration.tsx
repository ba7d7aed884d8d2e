"use client";

import { useQuery } from "@tanstack/react-query";

import type { DashboardState } from "./state";
import { useTRPC } from "./trpc";

function format(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "–";
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

/**
 * Visit duration percentiles (median, p75, p95). Loaded after the page: the
 * `median`/`percentile` aggregates read every visit of the range, which the
 * rest of the dashboard (served from rollups) should not wait for.
 */
export function DurationStats({ siteId, shareToken, state }: { siteId: number; shareToken?: string; state: DashboardState }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.stats.duration.queryOptions({ siteId, shareToken, range: state.range, filters: state.filters }));
  return (
    <span className="q-muted qa-small" data-testid="duration">
      Visit duration: median {format(data?.median)}, p75 {format(data?.p75)}, p95 {format(data?.p95)}
    </span>
  );
}
