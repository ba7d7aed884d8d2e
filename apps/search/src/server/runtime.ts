import "server-only";

import type { SearchContext } from "@quire/search-api";
import { openSearchDatabase, seedDemo } from "@quire/search-db";
import { defineAppRuntime } from "@quire/runtime";
import { createBaseContext } from "@quire/trpc";

import { databaseKey, env, location } from "~/env";

export const runtime = defineAppRuntime({
  app: "search",
  location,
  encryptionKey: databaseKey,
  open: (file, options) => openSearchDatabase(file, options),
  seed: (quire) => seedDemo(quire),
  seedDemo: env.QUIRE_SEED_DEMO === "1",
  secrets: {
    serviceToken: env.QUIRE_SERVICE_TOKEN,
    sessionSecret: env.QUIRE_SESSION_SECRET,
    adminPassword: env.QUIRE_ADMIN_PASSWORD,
  },
  trustedOrigins: [env.BLOG_URL, env.ANALYTICS_URL],
  trustProxy: env.QUIRE_TRUST_PROXY === "1",
});

export async function createContext(request: Request): Promise<SearchContext> {
  await runtime.start();
  const auth = await runtime.getAuth();
  return { ...createBaseContext(auth, request), quire: runtime.getDb() };
}
