import { parseEnv, resolveDataLocation, sharedEnvShape } from "@quire/env";
import { z } from "zod";

/** The blog's environment, validated once; the only place that reads process.env. */
export const env = parseEnv("blog", {
  ...sharedEnvShape,
  BLOG_DATABASE_PATH: z.string().min(1).optional(),
  BLOG_DB_KEY: z.string().min(1).optional(),
  /** A Ghost Content API key for automation, accepted alongside the keys managed in admin. */
  BLOG_CONTENT_API_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/, "must be 16–128 letters, digits, - or _")
    .optional(),
  /**
   * "1" on local and test deployments: the analytics tracker also counts visits on localhost and
   * from automated browsers (`data-localhost data-webdriver`), which it skips by default.
   */
  BLOG_TRACK_LOCAL_VISITS: z.enum(["0", "1"]).default("0"),
  /**
   * "1" lets oEmbed discovery fetch loopback and private addresses (a provider on the local
   * network, or a test's fake provider on 127.0.0.1). Off by default: no requests inside the network.
   */
  BLOG_OEMBED_ALLOW_PRIVATE: z.enum(["0", "1"]).default("0"),
});

export const location = resolveDataLocation("blog", { ...env, databasePath: env.BLOG_DATABASE_PATH });

/** Encryption key of this app's database (SQLCipher 4), if any. */
export const databaseKey = env.BLOG_DB_KEY ?? env.QUIRE_DB_KEY;

/**
 * True while `next build` prerenders (the not-found page): nothing may open the database then,
 * or the build would bake a build machine's content into the app.
 */
export const isBuildPhase = process.env.NEXT_PHASE === "phase-production-build";
