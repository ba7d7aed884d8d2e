import { runImportCli } from "@quire/search-api/import-cli";

import { location } from "../src/env";

// `pnpm --filter @quire/search import <index> <file>`: into the app's own database (its env decides where).
process.exitCode = await runImportCli(location.databasePath, process.argv.slice(2), {
  createDirectory: !location.explicit,
});
