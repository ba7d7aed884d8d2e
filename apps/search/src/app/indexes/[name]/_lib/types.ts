import type { SearchRouter } from "@quire/search-api/client";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<SearchRouter>;

/** What the console's `search` procedure answers. */
export type SearchData = Outputs["search"];
export type SearchHitData = SearchData["documents"][number];
export type FacetData = NonNullable<SearchData["facets"]>[string];
export type DocumentData = Outputs["documents"]["get"];
