import { parseEnv, resolveDataLocation, sharedEnvShape } from "@quire/env";
import { z } from "zod";

/** The analytics's environment, validated once; the only place that reads process.env. */
export const env = parseEnv("analytics", {
  ...sharedEnvShape,
  ANALYTICS_DATABASE_PATH: z.string().min(1).optional(),
  ANALYTICS_DB_KEY: z.string().min(1).optional(),
  /** Sites (domains, comma-separated) created at start when missing. */
  ANALYTICS_SITES: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((d) => d.trim()).filter(Boolean)),
  /** Bearer key accepted by the Stats API (`POST /api/v2/query`). */
  ANALYTICS_API_KEY: z.string().min(16, "must be at least 16 characters").optional(),
});

export const location = resolveDataLocation("analytics", { ...env, databasePath: env.ANALYTICS_DATABASE_PATH });

/** Encryption key of this app's database (SQLCipher 4), if any. */
export const databaseKey = env.ANALYTICS_DB_KEY ?? env.QUIRE_DB_KEY;
