import { and, eq, inArray } from "drizzle-orm";

import type { SearchDb } from "../index";
import { metadata } from "../schema";

/** Replace all of a document's metadata with `entries`. Call inside `writer.run`. */
export function replaceMetadata(
  db: SearchDb,
  documentId: number,
  entries: Record<string, string>,
): void {
  db.delete(metadata).where(eq(metadata.documentId, documentId)).run();
  const rows = Object.entries(entries).map(([key, value]) => ({ documentId, key, value }));
  for (let i = 0; i < rows.length; i += 500)
    db.insert(metadata)
      .values(rows.slice(i, i + 500))
      .run();
}

/**
 * Merge `changes` into a document's metadata: a string sets the key, `null`
 * deletes it. Call inside `writer.run`.
 */
export function mergeMetadata(
  db: SearchDb,
  documentId: number,
  changes: Record<string, string | null>,
): void {
  const remove = Object.keys(changes).filter((k) => changes[k] === null);
  for (let i = 0; i < remove.length; i += 500) {
    db.delete(metadata)
      .where(
        and(eq(metadata.documentId, documentId), inArray(metadata.key, remove.slice(i, i + 500))),
      )
      .run();
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) continue;
    db.insert(metadata)
      .values({ documentId, key, value })
      .onConflictDoUpdate({ target: [metadata.documentId, metadata.key], set: { value } })
      .run();
  }
}
