"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "./trpc";

/** Visitors in the last five minutes, refreshed every ten seconds. */
export function Realtime({ siteId, shareToken }: { siteId: number; shareToken?: string }) {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.stats.realtime.queryOptions({ siteId, shareToken }), refetchInterval: 10_000, staleTime: 0 });
  const top = data?.pages[0];
  return (
    <div className="qa-realtime" data-testid="realtime" aria-live="polite">
      <span className="qa-pulse" aria-hidden="true" />
      <strong data-testid="realtime-visitors">{data ? data.visitors : "…"}</strong> current visitor{data?.visitors === 1 ? "" : "s"}
      {top ? <span className="q-muted qa-small"> · {top.value}</span> : null}
    </div>
  );
}
