import { createTestDatabase } from "@quire/db/testing";

import { migrations, schema, searchExtensions } from "./index";
import type { OpenSearchOptions } from "./index";

/** A fresh, migrated search database in a temp dir, for tests (real SQLite file, real writer). */
export function createTestSearchDatabase(options: OpenSearchOptions = {}) {
  return createTestDatabase({
    ...options,
    ...searchExtensions(options),
    schema,
    migrations,
    name: "search.db",
  });
}
