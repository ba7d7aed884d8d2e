import { countPosts } from "@quire/blog-db";
import type { BlogDatabase } from "@quire/blog-db";
import { databaseStats } from "@quire/db";
import { serviceHealth } from "@quire/trpc";
import type { PeerStatus, ServiceHealth } from "@quire/trpc";

import type { BlogPeers } from "./trpc";

/** The blog's own health: database stats plus post counts. */
export async function getBlogHealth(quire: BlogDatabase): Promise<ServiceHealth> {
  return serviceHealth("blog", databaseStats(quire), await countPosts(quire));
}

async function checkPeer(url: string, call: () => Promise<ServiceHealth>): Promise<PeerStatus> {
  const started = performance.now();
  const latency = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const health = await call();
    return { up: true, url, latencyMs: latency(), health };
  } catch (error) {
    // Fail closed: any error (refused, timeout, bad token, bad answer) means down.
    const message = error instanceof Error ? error.message : String(error);
    return { up: false, url, latencyMs: latency(), error: message.slice(0, 300) };
  }
}

/** Ask search and analytics for their health over tRPC service calls, in parallel. */
export async function checkPeers(
  peers: BlogPeers,
): Promise<{ search: PeerStatus; analytics: PeerStatus }> {
  const [search, analytics] = await Promise.all([
    checkPeer(peers.search.url, () => peers.search.client.service.health.query()),
    checkPeer(peers.analytics.url, () => peers.analytics.client.service.health.query()),
  ]);
  return { search, analytics };
}
