import { databaseStats } from "@quire/db";
import { countSearchData } from "@quire/search-db";
import type { SearchDatabase } from "@quire/search-db";
import { serviceHealth } from "@quire/trpc";
import type { ServiceHealth } from "@quire/trpc";

/** The search app's health: database stats plus index and document counts. */
export async function getSearchHealth(quire: SearchDatabase): Promise<ServiceHealth> {
  return serviceHealth("search", databaseStats(quire), await countSearchData(quire));
}
