import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import { schema } from "@quire/analytics-db";
import type { AnalyticsDatabase } from "@quire/analytics-db";
import { TRPCError } from "@quire/trpc";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";

const { apiKeys } = schema;

/** Keys look like `qa_` + 43 base64url characters (32 random bytes). */
const KEY_PREFIX = "qa_";
/** How much of a key the list shows. */
const SHOWN = KEY_PREFIX.length + 8;
/** `last_used_at` is written at most this often per key: a busy integration should not mean a write per query. */
const TOUCH_EVERY_MS = 60_000;

export const ApiKeySchema = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const CreateApiKeyInput = z.object({ name: z.string().trim().min(1, "Give the key a name").max(100) });
export const CreateApiKeyOutput = ApiKeySchema.extend({ key: z.string() });
export const DeleteApiKeyInput = z.object({ id: z.number().int() });

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** Every key, newest first (never the key itself: it is not stored). */
export function listApiKeys(quire: AnalyticsDatabase): ApiKey[] {
  return quire.db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .orderBy(desc(apiKeys.id))
    .all();
}

/**
 * Make a Stats API key. The returned `key` is the only time it exists in
 * clear: the database keeps its SHA-256 and the first characters.
 *
 * @example
 * const { key } = await createApiKey(quire, { name: "Grafana" });
 * // Authorization: Bearer <key>
 */
export async function createApiKey(quire: AnalyticsDatabase, input: z.input<typeof CreateApiKeyInput>): Promise<ApiKey & { key: string }> {
  const { name } = CreateApiKeyInput.parse(input);
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const row = await quire.writer.run((db) =>
    db
      .insert(apiKeys)
      .values({ name, prefix: key.slice(0, SHOWN), hash: hashKey(key) })
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt })
      .get(),
  );
  return { ...row, key };
}

/** Revoke a key: it stops working at once. */
export async function deleteApiKey(quire: AnalyticsDatabase, id: number): Promise<void> {
  const deleted = await quire.writer.run((db) => db.delete(apiKeys).where(eq(apiKeys.id, id)).run().changes);
  if (deleted === 0) throw new TRPCError({ code: "NOT_FOUND", message: `API key ${id} does not exist` });
}

function sameSecret(given: string, wanted: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(wanted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a bearer value is a valid Stats API key: `envKey`
 * (ANALYTICS_API_KEY, compared in constant time) or a dashboard key (looked
 * up by its SHA-256, which tells nothing about other keys). A dashboard key's
 * `last_used_at` is updated, at most once a minute.
 */
export async function verifyApiKey(quire: AnalyticsDatabase, bearer: string, envKey: string | undefined, now = Date.now()): Promise<boolean> {
  if (bearer.length === 0 || bearer.length > 200) return false;
  if (envKey && sameSecret(bearer, envKey)) return true;
  if (!bearer.startsWith(KEY_PREFIX)) return false;
  const row = quire.db.select({ id: apiKeys.id, lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.hash, hashKey(bearer))).get();
  if (!row) return false;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    await quire.writer.run((db) => db.update(apiKeys).set({ lastUsedAt: new Date(now) }).where(eq(apiKeys.id, row.id)).run());
  }
  return true;
}

/** Whether any Stats API key can work at all (the env key or at least one dashboard key). */
export function apiKeysConfigured(quire: AnalyticsDatabase, envKey: string | undefined): boolean {
  return Boolean(envKey) || quire.db.select({ id: apiKeys.id }).from(apiKeys).limit(1).get() !== undefined;
}
