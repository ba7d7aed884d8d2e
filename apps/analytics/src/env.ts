import { parseEnv, resolveDataLocation, sharedEnvShape } from "@quire/env";
import { z } from "zod";

/** The analytics's environment, validated once; the only place that reads process.env. */
export const env = parseEnv("analytics", {
  ...sharedEnvShape,
  ANALYTICS_DATABASE_PATH: z.string().min(1).optional(),
});

export const location = resolveDataLocation("analytics", { ...env, databasePath: env.ANALYTICS_DATABASE_PATH });
