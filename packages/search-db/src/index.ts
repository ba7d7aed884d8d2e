import { fileURLToPath } from "node:url";

import { openDatabase } from "@quire/db";
import type { OpenDatabaseOptions, QuireDatabase } from "@quire/db";
import { createTestDatabase } from "@quire/db/testing";

import * as schema from "./schema";

export { schema };
export * from "./queries/indexes";
export { seedDemo } from "./seed";

export type SearchSchema = typeof schema;
export type SearchDatabase = QuireDatabase<SearchSchema>;
type Options = Omit<OpenDatabaseOptions<SearchSchema>, "schema" | "migrationsFolder">;

/** Committed SQL migrations (drizzle-kit generate), applied at open. */
export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

/** Open the search's own SQLite file (`search.db`), migrated. */
export function openSearchDatabase(file: string, options: Options = {}): SearchDatabase {
  return openDatabase(file, { ...options, schema, migrationsFolder });
}

/** A fresh, migrated search database in a temp dir, for tests. */
export function createTestSearchDatabase(options: Options = {}) {
  return createTestDatabase({ ...options, schema, migrationsFolder, name: "search.db" });
}
