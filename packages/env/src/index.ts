import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export type AppName = "blog" | "search" | "analytics";

export const DEFAULT_PORTS: Record<AppName, number> = { blog: 3000, search: 3001, analytics: 3002 };

/** The monorepo root (where pnpm-workspace.yaml is), so `data/` is the same for every app. */
export function findRepoRoot(start = process.cwd()): string {
  let dir = path.resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    if (fs.existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(/*turbopackIgnore: true*/ start);
    dir = parent;
  }
}

const url = (fallback: string) => z.url({ protocol: /^https?$/ }).default(fallback);

/** Variables every app reads. Each is declared in turbo.json and documented in .env.example. */
export const sharedEnvShape = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  QUIRE_DATA_DIR: z.string().min(1).optional(),
  QUIRE_SEED_DEMO: z.enum(["0", "1"]).default("1"),
  QUIRE_SERVICE_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  QUIRE_SESSION_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  QUIRE_ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  /** Keep every app's SQLite file encrypted (SQLCipher 4): a passphrase or x'<64 hex>'. Per-app keys win. */
  QUIRE_DB_KEY: z.string().min(1).optional(),
  /** 1 behind a reverse proxy that appends the client address to X-Forwarded-For. */
  QUIRE_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  BLOG_URL: url(`http://localhost:${DEFAULT_PORTS.blog}`),
  SEARCH_URL: url(`http://localhost:${DEFAULT_PORTS.search}`),
  ANALYTICS_URL: url(`http://localhost:${DEFAULT_PORTS.analytics}`),
};

/**
 * Validate `process.env` against a zod shape; empty strings count as unset.
 * Throws one readable error listing every bad variable.
 *
 * @example
 * export const env = parseEnv("blog", { ...sharedEnvShape, BLOG_DATABASE_PATH: z.string().optional() });
 */
export function parseEnv<T extends z.ZodRawShape>(
  app: string,
  shape: T,
  source: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<T>> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = z.object(shape).safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment for ${app}:\n${lines.join("\n")}`);
  }
  return result.data;
}

export interface DataLocation {
  dataDir: string;
  databasePath: string;
  /** True when the user named the location; then a missing directory is an error, not created. */
  explicit: boolean;
}

/** Where an app's database lives: `<APP>_DATABASE_PATH`, else `$QUIRE_DATA_DIR/<app>.db`, else `<repo>/data/<app>.db`. */
export function resolveDataLocation(
  app: AppName,
  env: { QUIRE_DATA_DIR?: string | undefined; databasePath?: string | undefined },
): DataLocation {
  const dataDir = env.QUIRE_DATA_DIR ? path.resolve(env.QUIRE_DATA_DIR) : path.join(findRepoRoot(), "data");
  if (env.databasePath) return { dataDir, databasePath: path.resolve(env.databasePath), explicit: true };
  return { dataDir, databasePath: path.join(dataDir, `${app}.db`), explicit: Boolean(env.QUIRE_DATA_DIR) };
}
