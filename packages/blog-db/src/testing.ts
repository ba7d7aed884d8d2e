import { createTestDatabase } from "@quire/db/testing";

import { migrations, schema } from "./index";
import type { OpenBlogOptions } from "./index";

/** A fresh, migrated blog database in a temp dir, for tests (real SQLite file, real writer). */
export function createTestBlogDatabase(options: OpenBlogOptions = {}) {
  return createTestDatabase({ ...options, schema, migrations, name: "blog.db" });
}
