import { createHash, randomBytes } from "node:crypto";

import {
  countApiKeys,
  deleteApiKey as deleteApiKeyRow,
  findApiKeyByHash,
  findIndexesByNames,
  insertApiKey,
  listApiKeys as listApiKeyRows,
  readSnapshot,
  touchApiKey,
} from "@quire/search-db";
import type { ApiKeyRow, ApiKeyScope, SearchDatabase } from "@quire/search-db";

import { badRequest, notFound } from "./errors";

export type { ApiKeyRow };

/** What a request may do, once its key is known. */
export interface KeyAccess {
  scope: ApiKeyScope;
  /**
   * Index names the key is limited to; null: any. A search key searches only
   * these; an admin key reads and writes only these, their documents and attachments.
   */
  indexes: string[] | null;
}

const PREFIX = "qk_";
const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

export function listApiKeys(quire: SearchDatabase): ApiKeyRow[] {
  return readSnapshot(quire, (db) => listApiKeyRows(db));
}

/**
 * Make a key: 256 random bits, shown once in the answer; only its SHA-256 is
 * stored. Either scope may be limited to indexes (which must exist).
 *
 * @example
 * const { key } = await createApiKey(quire, { name: "blog search", scope: "search", indexes: ["blog"] });
 * const { key: deploy } = await createApiKey(quire, { name: "blog sync", scope: "admin", indexes: ["blog"] });
 */
export async function createApiKey(
  quire: SearchDatabase,
  input: { name: string; scope: ApiKeyScope; indexes?: readonly string[] },
): Promise<{ apiKey: ApiKeyRow; key: string }> {
  const indexes =
    input.indexes && input.indexes.length > 0 ? [...new Set(input.indexes)].sort() : null;
  const key = PREFIX + randomBytes(32).toString("base64url");
  const apiKey = await quire.writer.run((db) => {
    if (indexes) {
      const found = new Set(findIndexesByNames(db, indexes).map((i) => i.name));
      const missing = indexes.filter((n) => !found.has(n));
      if (missing.length > 0)
        throw badRequest(`The following indexes were not found: ${missing.join(", ")}.`);
    }
    return insertApiKey(db, {
      name: input.name,
      prefix: key.slice(0, PREFIX.length + 6),
      hash: hashKey(key),
      scope: input.scope,
      indexes,
    });
  });
  return { apiKey, key };
}

export async function deleteApiKey(quire: SearchDatabase, id: number): Promise<void> {
  const deleted = await quire.writer.run((db) => deleteApiKeyRow(db, id));
  if (!deleted) throw notFound(`API key ${id} not found.`);
}

/** Whether any API key exists: then the REST API needs a key. */
export function hasApiKeys(quire: SearchDatabase): boolean {
  return countApiKeys(quire.db) > 0;
}

const TOUCH_EVERY_MS = 60_000;
/** Per database: key id → when its last use was recorded. */
const touched = new WeakMap<SearchDatabase["sqlite"], Map<number, number>>();

/**
 * The access a presented key grants, or null for an unknown key. Records
 * when the key was last used (at most once a minute per key, off the request's path).
 */
export function authenticateKey(quire: SearchDatabase, key: string): KeyAccess | null {
  if (!key.startsWith(PREFIX)) return null;
  const row = findApiKeyByHash(quire.db, hashKey(key));
  if (!row) return null;
  const now = Date.now();
  let times = touched.get(quire.sqlite);
  if (!times) touched.set(quire.sqlite, (times = new Map<number, number>()));
  if (now - (times.get(row.id) ?? 0) > TOUCH_EVERY_MS) {
    times.set(row.id, now);
    void quire.writer.run((db) => touchApiKey(db, row.id, new Date(now))).catch(() => {});
  }
  return { scope: row.scope, indexes: row.indexes };
}
