import { fileURLToPath } from "node:url";

import { openDatabase } from "@quire/db";
import type { OpenDatabaseOptions, QuireDatabase } from "@quire/db";
import { createTestDatabase } from "@quire/db/testing";

import * as schema from "./schema";

export { schema };
export * from "./queries/sites";
export { seedDemo } from "./seed";

export type AnalyticsSchema = typeof schema;
export type AnalyticsDatabase = QuireDatabase<AnalyticsSchema>;
type Options = Omit<OpenDatabaseOptions<AnalyticsSchema>, "schema" | "migrationsFolder">;

/** Committed SQL migrations (drizzle-kit generate), applied at open. */
export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

/** Open the analytics's own SQLite file (`analytics.db`), migrated. */
export function openAnalyticsDatabase(file: string, options: Options = {}): AnalyticsDatabase {
  return openDatabase(file, { ...options, schema, migrationsFolder });
}

/** A fresh, migrated analytics database in a temp dir, for tests. */
export function createTestAnalyticsDatabase(options: Options = {}) {
  return createTestDatabase({ ...options, schema, migrationsFolder, name: "analytics.db" });
}
