import { randomBytes, timingSafeEqual } from "node:crypto";

import { contentApiKeys, isContentApiKey } from "@quire/blog-db";
import type { BlogDatabase } from "@quire/blog-db";
import { eq } from "drizzle-orm";
import { z } from "zod";

import { BlogError } from "../errors";

export const CreateKeyInput = z.object({ name: z.string().trim().min(1).max(100) });

/** A new Content API key: 26 hex characters, like Ghost's. */
export async function createContentApiKey(
  quire: BlogDatabase,
  input: z.input<typeof CreateKeyInput>,
) {
  const { name } = CreateKeyInput.parse(input);
  const secret = randomBytes(13).toString("hex");
  return quire.writer.run((db) =>
    db
      .insert(contentApiKeys)
      .values({ name, secret })
      .returning({
        id: contentApiKeys.id,
        name: contentApiKeys.name,
        secret: contentApiKeys.secret,
      })
      .get(),
  );
}

export async function deleteContentApiKey(quire: BlogDatabase, id: number) {
  const gone = await quire.writer.run((db) =>
    db
      .delete(contentApiKeys)
      .where(eq(contentApiKeys.id, id))
      .returning({ id: contentApiKeys.id })
      .get(),
  );
  if (!gone) throw new BlogError("NOT_FOUND", "No such key");
  return { deleted: 1 };
}

/** A key from the admin's list, or the one from the environment (`BLOG_CONTENT_API_KEY`). */
export function isValidContentKey(quire: BlogDatabase, key: string, envKey?: string): boolean {
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(key)) return false;
  if (envKey) {
    const a = Buffer.from(key);
    const b = Buffer.from(envKey);
    if (a.length === b.length && timingSafeEqual(a, b)) return true;
  }
  return isContentApiKey(quire, key);
}
