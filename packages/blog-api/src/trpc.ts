import type { BlogDatabase } from "@quire/blog-db";
import type { AnalyticsClient } from "@quire/analytics-api/client";
import type { SearchClient } from "@quire/search-api/client";
import { createTRPC } from "@quire/trpc";
import type { BaseContext } from "@quire/trpc";

import type { OembedResolverOptions } from "./markdown/oembed";

/** How the blog reaches its peers: typed tRPC clients, never their databases. */
export interface BlogPeers {
  search: { url: string; client: SearchClient };
  analytics: { url: string; client: AnalyticsClient };
}

export interface BlogContext extends BaseContext {
  quire: BlogDatabase;
  peers: BlogPeers;
  /** oEmbed settings (tests point them at a local fake provider). */
  oembed?: OembedResolverOptions;
  /** Told after a post changed (the app re-plans its scheduler and wakes the search outbox). */
  onPostsChanged?: () => void;
}

export const { router, publicProcedure, adminProcedure, serviceProcedure, createCallerFactory } =
  createTRPC<BlogContext>();
