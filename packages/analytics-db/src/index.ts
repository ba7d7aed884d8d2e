import { openDatabase } from "@quire/db";
import type { OpenDatabaseOptions, QuireDatabase } from "@quire/db";

import { migrations } from "./migrations.generated";
import * as schema from "./schema";

export { schema };
export * from "./queries/sites";
export { seedDemo } from "./seed";
export * from "./dims";
export * from "./time";
export * from "./ingest";
export { perDatabase, forgetPerDatabase } from "./state";
export { generateHits, mulberry32 } from "./generate";
export type { GenerateOptions } from "./generate";

export type AnalyticsSchema = typeof schema;
export type AnalyticsDatabase = QuireDatabase<AnalyticsSchema>;
export type OpenAnalyticsOptions = Omit<OpenDatabaseOptions<AnalyticsSchema>, "schema" | "migrations" | "migrationsFolder">;
export type Site = typeof schema.sites.$inferSelect;
export type { FunnelStep } from "./schema";

/** Committed SQL migrations (drizzle/, embedded by `pnpm db:generate`), applied at open. */
export { migrations };

/** Open the analytics's own SQLite file (`analytics.db`), migrated. */
export function openAnalyticsDatabase(file: string, options: OpenAnalyticsOptions = {}): AnalyticsDatabase {
  return openDatabase(file, { ...options, schema, migrations });
}
