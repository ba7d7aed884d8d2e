import { fileURLToPath } from "node:url";

import { openDatabase } from "@quire/db";
import type { OpenDatabaseOptions, QuireDatabase } from "@quire/db";
import { createTestDatabase } from "@quire/db/testing";

import * as schema from "./schema";

export { schema };
export * from "./queries/posts";
export { seedDemo } from "./seed";

export type BlogSchema = typeof schema;
export type BlogDatabase = QuireDatabase<BlogSchema>;
type Options = Omit<OpenDatabaseOptions<BlogSchema>, "schema" | "migrationsFolder">;

/** Committed SQL migrations (drizzle-kit generate), applied at open. */
export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

/** Open the blog's own SQLite file (`blog.db`), migrated. */
export function openBlogDatabase(file: string, options: Options = {}): BlogDatabase {
  return openDatabase(file, { ...options, schema, migrationsFolder });
}

/** A fresh, migrated blog database in a temp dir, for tests. */
export function createTestBlogDatabase(options: Options = {}) {
  return createTestDatabase({ ...options, schema, migrationsFolder, name: "blog.db" });
}
