import { openDatabase } from "@quire/db";
import type { OpenDatabaseOptions, QuireDatabase } from "@quire/db";

import { migrations } from "./migrations.generated";
import * as schema from "./schema";

export { schema };
export * from "./queries/posts";
export { seedDemo } from "./seed";

export type BlogSchema = typeof schema;
export type BlogDatabase = QuireDatabase<BlogSchema>;
export type OpenBlogOptions = Omit<OpenDatabaseOptions<BlogSchema>, "schema" | "migrations" | "migrationsFolder">;

/** Committed SQL migrations (drizzle/, embedded by `pnpm db:generate`), applied at open. */
export { migrations };

/** Open the blog's own SQLite file (`blog.db`), migrated. */
export function openBlogDatabase(file: string, options: OpenBlogOptions = {}): BlogDatabase {
  return openDatabase(file, { ...options, schema, migrations });
}
