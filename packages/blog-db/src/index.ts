import { openDatabase } from "@quire/db";
import type { OpenDatabaseOptions, QuireDatabase } from "@quire/db";

import { bitsetExtensions } from "./extensions/bitset";
import { migrations } from "./migrations.generated";
import * as schema from "./schema";

export { schema };
export * from "./schema";
export * from "./queries/posts";
export * from "./queries/tags";
export * from "./queries/admin";
export { seedDemo, postIdBySlug } from "./seed";
export type { RenderedBody, RenderMarkdown } from "./seed";
export { bitsetExtensions, bitsetOf, bitsetIndexes } from "./extensions/bitset";

export type BlogSchema = typeof schema;
export type BlogDatabase = QuireDatabase<BlogSchema>;
export type OpenBlogOptions = Omit<
  OpenDatabaseOptions<BlogSchema>,
  "schema" | "migrations" | "migrationsFolder"
>;

/** Committed SQL migrations (drizzle/, embedded by `pnpm db:generate`), applied at open. */
export { migrations };

/**
 * Open the blog's own SQLite file (`blog.db`), migrated, with the blog's SQL functions
 * (`bitset_*`, used by the tagging triggers and the bitmap tag filter) installed.
 */
export function openBlogDatabase(file: string, options: OpenBlogOptions = {}): BlogDatabase {
  return openDatabase(file, {
    ...options,
    extensions: [...bitsetExtensions, ...(options.extensions ?? [])],
    schema,
    migrations,
  });
}
