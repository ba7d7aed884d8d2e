import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { openDatabase } from "./open";
import type { OpenDatabaseOptions, QuireDatabase, Schema } from "./open";

export interface TestDatabase<TSchema extends Schema> extends QuireDatabase<TSchema> {
  dir: string;
  /** Close and delete the temp directory. */
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database file in its own temp directory: real SQLite,
 * real WAL, real writer — for tests.
 *
 * @example
 * const t = createTestDatabase({ schema, migrationsFolder });
 * afterAll(() => t.cleanup());
 */
export function createTestDatabase<TSchema extends Schema = Schema>(
  options: OpenDatabaseOptions<TSchema> & { name?: string } = {},
): TestDatabase<TSchema> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-test-"));
  const quire = openDatabase(path.join(dir, options.name ?? "test.db"), options);
  return {
    ...quire,
    dir,
    async cleanup() {
      await quire.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
