import { backup } from "./backup";
import type { BackupOptions } from "./backup";

/**
 * The body of each app's `backup` script: `pnpm --filter @quire/<app> backup <file>`.
 * Prints one line and sets the exit code; never a stack trace for a user mistake.
 * Pass the app's `encryptionKey` for an encrypted database: the backup is
 * encrypted with the same key.
 */
export async function runBackupCli(
  app: string,
  databasePath: string,
  argv: string[],
  options: BackupOptions = {},
): Promise<number> {
  const target = argv.find((a) => !a.startsWith("-"));
  if (!target || argv.includes("--help")) {
    console.error(`usage: pnpm --filter @quire/${app} backup <file>\n  copies ${databasePath} to <file> (online, consistent)`);
    return target ? 0 : 1;
  }
  try {
    const r = await backup(databasePath, target, options);
    const how = r.encrypted ? ", encrypted with the database's key" : "";
    console.log(`${app}: backed up ${databasePath} to ${r.file} (${r.bytes} bytes, ${r.pages} pages, ${r.ms} ms${how})`);
    return 0;
  } catch (error) {
    console.error(`${app}: backup failed: ${(error as Error).message}`);
    return 1;
  }
}
