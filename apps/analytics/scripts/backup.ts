import { runBackupCli } from "@quire/db/backup-cli";

import { location } from "../src/env";

process.exitCode = await runBackupCli("analytics", location.databasePath, process.argv.slice(2));
