import "server-only";

import type { BlogContext, BlogPeers } from "@quire/blog-api";
import { openBlogDatabase, seedDemo } from "@quire/blog-db";
import { createAnalyticsClient } from "@quire/analytics-api/client";
import { createSearchClient } from "@quire/search-api/client";
import { defineAppRuntime } from "@quire/runtime";
import { createBaseContext } from "@quire/trpc";

import { env, location } from "~/env";

export const runtime = defineAppRuntime({
  app: "blog",
  location,
  open: (file, options) => openBlogDatabase(file, options),
  seed: (quire) => seedDemo(quire),
  seedDemo: env.QUIRE_SEED_DEMO === "1",
  secrets: {
    serviceToken: env.QUIRE_SERVICE_TOKEN,
    sessionSecret: env.QUIRE_SESSION_SECRET,
    adminPassword: env.QUIRE_ADMIN_PASSWORD,
  },
  trustedOrigins: [env.SEARCH_URL, env.ANALYTICS_URL],
  trustProxy: env.QUIRE_TRUST_PROXY === "1",
});

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
  await runtime.start();
  const auth = await runtime.getAuth();
  return { ...createBaseContext(auth, request), quire: runtime.getDb(), peers: await getPeers() };
}
