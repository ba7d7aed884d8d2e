import { createServiceClient } from "@quire/trpc/client";
import type { ServiceClientOptions } from "@quire/trpc/client";

import type { BlogRouter } from "./router";

export type { BlogRouter };

/**
 * Typed client for the blog app's `service.*` procedures: the only way
 * another app reaches blog.
 */
export function createBlogClient(options: ServiceClientOptions<BlogRouter>) {
  return createServiceClient<BlogRouter>(options);
}
export type BlogClient = ReturnType<typeof createBlogClient>;
