import { parseEnv, resolveDataLocation, sharedEnvShape } from "@quire/env";
import { z } from "zod";

/** The search's environment, validated once; the only place that reads process.env. */
export const env = parseEnv("search", {
  ...sharedEnvShape,
  SEARCH_DATABASE_PATH: z.string().min(1).optional(),
  SEARCH_DB_KEY: z.string().min(1).optional(),
  /** When set, the Scout REST API (/scout) requires it as header `key` or `?key=`. */
  SEARCH_MASTER_KEY: z.string().min(1).optional(),
});

export const location = resolveDataLocation("search", {
  ...env,
  databasePath: env.SEARCH_DATABASE_PATH,
});

/** Encryption key of this app's database (SQLCipher 4), if any. */
export const databaseKey = env.SEARCH_DB_KEY ?? env.QUIRE_DB_KEY;
