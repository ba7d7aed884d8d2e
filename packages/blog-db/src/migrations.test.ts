import { fileURLToPath } from "node:url";

import { readMigrationsFolder } from "@quire/db";
import { expect, test } from "vitest";

import { migrations } from "./migrations.generated";

test("embedded migrations match the committed drizzle/ folder (run pnpm db:generate after changing the schema)", () => {
  const folder = fileURLToPath(new URL("../drizzle", import.meta.url));
  expect(migrations).toEqual(readMigrationsFolder(folder));
});
