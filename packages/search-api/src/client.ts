import { createServiceClient } from "@quire/trpc/client";
import type { ServiceClientOptions } from "@quire/trpc/client";

import type { SearchRouter } from "./router";

export type { SearchRouter };

/**
 * Typed client for the search app's `service.*` procedures: the only way
 * another app reaches search.
 */
export function createSearchClient(options: ServiceClientOptions<SearchRouter>) {
  return createServiceClient<SearchRouter>(options);
}
export type SearchClient = ReturnType<typeof createSearchClient>;
