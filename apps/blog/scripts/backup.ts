import { runBackupCli } from "@quire/db/backup-cli";

import { databaseKey, location } from "../src/env";

process.exitCode = await runBackupCli("blog", location.databasePath, process.argv.slice(2), { encryptionKey: databaseKey });
