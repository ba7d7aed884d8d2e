import "server-only";

import { createCollectHandler, ensureSites, startMaintenance } from "@quire/analytics-api";
import type { AnalyticsContext } from "@quire/analytics-api";
import { openAnalyticsDatabase, seedDemo } from "@quire/analytics-db";
import type { AnalyticsDatabase } from "@quire/analytics-db";
import { defineAppRuntime } from "@quire/runtime";
import { createBaseContext } from "@quire/trpc";

import { databaseKey, env, location } from "~/env";

/** Demo content (when QUIRE_SEED_DEMO=1), then the ANALYTICS_SITES that do not exist yet. */
async function prepare(quire: AnalyticsDatabase): Promise<boolean> {
  const seeded = env.QUIRE_SEED_DEMO === "1" && (await seedDemo(quire));
  const created = await ensureSites(quire, env.ANALYTICS_SITES);
  if (created.length > 0) console.log(`[quire:analytics] created sites from ANALYTICS_SITES: ${created.join(", ")}`);
  return seeded;
}

const base = defineAppRuntime({
  app: "analytics",
  location,
  encryptionKey: databaseKey,
  open: (file, options) => openAnalyticsDatabase(file, options),
  seed: prepare,
  // `prepare` decides about the demo itself: the env sites must be created either way.
  seedDemo: true,
  secrets: {
    serviceToken: env.QUIRE_SERVICE_TOKEN,
    sessionSecret: env.QUIRE_SESSION_SECRET,
    adminPassword: env.QUIRE_ADMIN_PASSWORD,
  },
  trustedOrigins: [env.BLOG_URL, env.SEARCH_URL],
});

export const runtime = {
  ...base,
  /** Start-up (database, seed, sites, secrets), then the daily retention and salt maintenance. */
  async start(): Promise<void> {
    await base.start();
    startMaintenance(base.getDb());
  },
};

/**
 * Where `server.mjs` finds the collection fast path. A global symbol rather
 * than an import: the custom server is plain JS outside Next's bundles, and
 * the handler must be this runtime's (one database, one writer, one ingest
 * queue per process), not a second copy of the code.
 */
export const COLLECT_HANDLER_KEY = Symbol.for("quire.analytics.ingest");

/** Publish `{ handle(req, res): boolean, trustProxy }` for the custom server; called by instrumentation once the database is open. */
export function publishCollectHandler(): void {
  const trustProxy = env.QUIRE_TRUST_PROXY === "1";
  const handle = createCollectHandler({ getDb: () => runtime.getDb(), trustProxy });
  (globalThis as Record<symbol, unknown>)[COLLECT_HANDLER_KEY] = { handle, trustProxy };
}

export async function createContext(request: Request): Promise<AnalyticsContext> {
  await runtime.start();
  const auth = await runtime.getAuth();
  return { ...createBaseContext(auth, request), quire: runtime.getDb() };
}
