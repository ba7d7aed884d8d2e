import { openDatabase } from "@quire/db";
import type { DrizzleDb, OpenDatabaseOptions, QuireDatabase } from "@quire/db";

import { migrations } from "./migrations.generated";
import { quireCollect } from "./queries/term-scores";
import * as schema from "./schema";

export { schema };
export { API_KEY_SCOPES, METADATA_TYPES } from "./schema";
export type { ApiKeyScope, IndexSettings, MetadataType } from "./schema";
export * from "./queries/indexes";
export * from "./queries/documents";
export * from "./queries/metadata";
export * from "./queries/attachments";
export * from "./queries/search";
export * from "./queries/term-scores";
export * from "./queries/bulk";
export * from "./queries/vocabulary";
export * from "./queries/fts";
export * from "./queries/tokenizers";
export * from "./queries/fields";
export * from "./queries/api-keys";
export { readSnapshot } from "./snapshot";
export { seedDemo } from "./seed";

export type SearchSchema = typeof schema;
export type SearchDatabase = QuireDatabase<SearchSchema>;
/** The drizzle handle: `quire.db` for reads, the argument of `quire.writer.run` for writes. */
export type SearchDb = DrizzleDb<SearchSchema>;
export type OpenSearchOptions = Omit<
  OpenDatabaseOptions<SearchSchema>,
  "schema" | "migrations" | "migrationsFolder"
>;

/** Committed SQL migrations (drizzle/, embedded by `pnpm db:generate`), applied at open. */
export { migrations };

/** The SQL functions the search needs (see `quireCollect`), after the caller's own. */
export function searchExtensions(options: Pick<OpenSearchOptions, "extensions">) {
  return { extensions: [...(options.extensions ?? []), quireCollect] };
}

/** Open the search's own SQLite file (`search.db`), migrated. */
export function openSearchDatabase(file: string, options: OpenSearchOptions = {}): SearchDatabase {
  return openDatabase(file, { ...options, ...searchExtensions(options), schema, migrations });
}
