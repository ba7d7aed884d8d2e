import { parseEnv, resolveDataLocation, sharedEnvShape } from "@quire/env";
import { z } from "zod";

/** The blog's environment, validated once; the only place that reads process.env. */
export const env = parseEnv("blog", {
  ...sharedEnvShape,
  BLOG_DATABASE_PATH: z.string().min(1).optional(),
});

export const location = resolveDataLocation("blog", { ...env, databasePath: env.BLOG_DATABASE_PATH });
