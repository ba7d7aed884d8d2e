import { count, desc, eq } from "drizzle-orm";

import type { SearchDb } from "../index";
import { apiKeys } from "../schema";
import type { ApiKeyScope } from "../schema";

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  indexes: string[] | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scope: apiKeys.scope,
  indexes: apiKeys.indexes,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
};

/** Every key, newest first (never the hash). */
export function listApiKeys(db: SearchDb): ApiKeyRow[] {
  return db.select(columns).from(apiKeys).orderBy(desc(apiKeys.id)).all();
}

export function countApiKeys(db: SearchDb): number {
  return db.select({ n: count() }).from(apiKeys).get()?.n ?? 0;
}

/** The key whose SHA-256 is `hash`, if any. */
export function findApiKeyByHash(db: SearchDb, hash: string): ApiKeyRow | undefined {
  return db.select(columns).from(apiKeys).where(eq(apiKeys.hash, hash)).get();
}

/** Store a new key (its hash only). Call inside `writer.run`. */
export function insertApiKey(
  db: SearchDb,
  values: {
    name: string;
    prefix: string;
    hash: string;
    scope: ApiKeyScope;
    indexes: string[] | null;
  },
): ApiKeyRow {
  return db.insert(apiKeys).values(values).returning(columns).get();
}

/** Call inside `writer.run`. */
export function deleteApiKey(db: SearchDb, id: number): boolean {
  return db.delete(apiKeys).where(eq(apiKeys.id, id)).run().changes > 0;
}

/** Call inside `writer.run`. */
export function touchApiKey(db: SearchDb, id: number, at: Date): void {
  db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id)).run();
}
