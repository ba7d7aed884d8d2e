import "server-only";

import type { AnalyticsContext } from "@quire/analytics-api";
import { openAnalyticsDatabase, seedDemo } from "@quire/analytics-db";
import { defineAppRuntime } from "@quire/runtime";
import { createBaseContext } from "@quire/trpc";

import { env, location } from "~/env";

export const runtime = defineAppRuntime({
  app: "analytics",
  location,
  open: (file, options) => openAnalyticsDatabase(file, options),
  seed: (quire) => seedDemo(quire),
  seedDemo: env.QUIRE_SEED_DEMO === "1",
  secrets: {
    serviceToken: env.QUIRE_SERVICE_TOKEN,
    sessionSecret: env.QUIRE_SESSION_SECRET,
    adminPassword: env.QUIRE_ADMIN_PASSWORD,
  },
  trustedOrigins: [env.BLOG_URL, env.SEARCH_URL],
  trustProxy: env.QUIRE_TRUST_PROXY === "1",
});

export async function createContext(request: Request): Promise<AnalyticsContext> {
  await runtime.start();
  const auth = await runtime.getAuth();
  return { ...createBaseContext(auth, request), quire: runtime.getDb() };
}
