import type { BlogDatabase } from "@quire/blog-db";
import type { AnalyticsClient } from "@quire/analytics-api/client";
import type { SearchClient } from "@quire/search-api/client";
import { createTRPC } from "@quire/trpc";
import type { BaseContext } from "@quire/trpc";

/** How the blog reaches its peers: typed tRPC clients, never their databases. */
export interface BlogPeers {
  search: { url: string; client: SearchClient };
  analytics: { url: string; client: AnalyticsClient };
}

export interface BlogContext extends BaseContext {
  quire: BlogDatabase;
  peers: BlogPeers;
}

export const { router, publicProcedure, adminProcedure, serviceProcedure, createCallerFactory } =
  createTRPC<BlogContext>();
