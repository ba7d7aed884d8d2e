import { createAuth } from "@quire/auth";
import type { Auth } from "@quire/auth";
import type { AppName, DataLocation } from "@quire/env";

export interface AppRuntimeOptions<TDb> {
  app: AppName;
  location: DataLocation;
  /** Open (and migrate) the app's own database file. */
  open: (file: string, options: { createDirectory: boolean; encryptionKey?: string }) => TDb;
  /** Keep the database encrypted at rest with this key (undefined: unencrypted). */
  encryptionKey?: string;
  /** Fill an empty database with demo content (skipped when `seedDemo` is false). */
  seed?: (db: TDb) => Promise<boolean>;
  seedDemo: boolean;
  secrets: { serviceToken?: string; sessionSecret?: string; adminPassword?: string };
  /** Origins of the peer apps (trusted for cookie-authenticated writes). */
  trustedOrigins: string[];
  /** Tell login clients apart by X-Forwarded-For (only behind a reverse proxy). */
  trustProxy?: boolean;
}

type Slot<TDb> = { db?: TDb; auth?: Promise<Auth>; started?: Promise<void> };

/**
 * One app's process-wide singletons (its database, the shared admin identity)
 * and its start-up. Kept on `globalThis` so Next's module graphs (instrumentation,
 * route handlers, pages) and dev hot reloads share one connection and one writer.
 *
 * @example
 * export const runtime = defineAppRuntime({ app: "blog", location, open: openBlogDatabase, seed: seedDemo, ... });
 * const quire = runtime.getDb();
 */
export function defineAppRuntime<TDb>(options: AppRuntimeOptions<TDb>) {
  const g = globalThis as unknown as Record<string, Slot<TDb> | undefined>;
  const key = `__quire_runtime_${options.app}`;
  const slot = (g[key] ??= {});
  const tag = `[quire:${options.app}]`;

  function getDb(): TDb {
    return (slot.db ??= options.open(options.location.databasePath, {
      createDirectory: !options.location.explicit,
      encryptionKey: options.encryptionKey,
    }));
  }

  function getAuth(): Promise<Auth> {
    return (slot.auth ??= createAuth({
      dataDir: options.location.dataDir,
      serviceToken: options.secrets.serviceToken,
      sessionSecret: options.secrets.sessionSecret,
      adminPassword: options.secrets.adminPassword,
      trustedOrigins: options.trustedOrigins,
      trustProxy: options.trustProxy ?? false,
      onGeneratedPassword(password, file) {
        console.log(
          `\n${tag} Admin password (shown once): ${password}\n` +
            `${tag} Its hash is in ${file}; set QUIRE_ADMIN_PASSWORD to choose your own.\n`,
        );
      },
    }));
  }

  /**
   * Open the database (migrations run), seed demo content, load the secrets.
   * Any failure prints one clear line and exits: never a half-started app.
   */
  function start(): Promise<void> {
    return (slot.started ??= (async () => {
      try {
        const db = getDb();
        if (options.seedDemo && options.seed && (await options.seed(db))) {
          console.log(`${tag} seeded demo content into ${options.location.databasePath}`);
        }
        await getAuth();
        console.log(`${tag} database ${options.location.databasePath} ready`);
      } catch (error) {
        console.error(`${tag} cannot start: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      }
    })());
  }

  return { getDb, getAuth, start, location: options.location };
}

/**
 * The body of every app's `instrumentation.ts` `register()`: load the app's
 * server runtime (its env is validated on import) and start it; any failure
 * prints one line and exits — never a half-started app.
 *
 * @example
 * export const register = () => startOrExit(async () => (await import("./server/runtime")).runtime.start());
 */
export async function startOrExit(start: () => Promise<void>): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    await start();
  } catch (error) {
    console.error(`[quire] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/**
 * Drop every page the custom server's page cache holds (see next-server.mjs / page-cache.mjs).
 * Call wherever the app revalidates its public pages; a no-op without the custom server
 * (`next dev`, tests).
 */
export function clearPageCache(): void {
  const cache = (globalThis as Record<symbol, { clear?: () => void } | undefined>)[
    Symbol.for("quire.pageCache")
  ];
  cache?.clear?.();
}
