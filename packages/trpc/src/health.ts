import type { ServiceHealth } from "./schemas";

const startedAt = Date.now();

/** Assemble the `service.health` answer from an app's database stats and headline counts. */
export function serviceHealth(
  app: ServiceHealth["app"],
  stats: { sizeBytes: number; journalMode: string; migrations: number; writer: ServiceHealth["writer"] },
  counts: Record<string, number>,
): ServiceHealth {
  return {
    ok: true,
    app,
    version: "0.1.0",
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    database: { sizeBytes: stats.sizeBytes, journalMode: stats.journalMode, migrations: stats.migrations },
    counts,
    writer: stats.writer,
  };
}
