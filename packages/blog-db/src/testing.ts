import { createTestDatabase } from "@quire/db/testing";

import { bitsetExtensions } from "./extensions/bitset";
import { migrations, schema } from "./index";
import type { OpenBlogOptions } from "./index";

/** A fresh, migrated blog database in a temp dir, for tests (real SQLite file, real writer). */
export function createTestBlogDatabase(options: OpenBlogOptions = {}) {
  return createTestDatabase({
    ...options,
    extensions: [...bitsetExtensions, ...(options.extensions ?? [])],
    schema,
    migrations,
    name: "blog.db",
  });
}
