import { createTestDatabase } from "@quire/db/testing";

import { migrations, schema } from "./index";
import type { OpenAnalyticsOptions } from "./index";

/** A fresh, migrated analytics database in a temp dir, for tests (real SQLite file, real writer). */
export function createTestAnalyticsDatabase(options: OpenAnalyticsOptions = {}) {
  return createTestDatabase({ ...options, schema, migrations, name: "analytics.db" });
}
