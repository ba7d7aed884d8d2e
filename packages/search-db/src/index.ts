import { openDatabase } from "@quire/db";
import type { OpenDatabaseOptions, QuireDatabase } from "@quire/db";

import { migrations } from "./migrations.generated";
import * as schema from "./schema";

export { schema };
export * from "./queries/indexes";
export { seedDemo } from "./seed";

export type SearchSchema = typeof schema;
export type SearchDatabase = QuireDatabase<SearchSchema>;
export type OpenSearchOptions = Omit<OpenDatabaseOptions<SearchSchema>, "schema" | "migrations" | "migrationsFolder">;

/** Committed SQL migrations (drizzle/, embedded by `pnpm db:generate`), applied at open. */
export { migrations };

/** Open the search's own SQLite file (`search.db`), migrated. */
export function openSearchDatabase(file: string, options: OpenSearchOptions = {}): SearchDatabase {
  return openDatabase(file, { ...options, schema, migrations });
}
