import { and, eq, inArray } from "drizzle-orm";

import type { SearchDb } from "../index";
import { metadata } from "../schema";
import type { MetadataType } from "../schema";

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)$/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** A metadata value's type and its number for sorting and ranges (null for text). */
export interface TypedValue {
  type: MetadataType;
  num: number | null;
}

/**
 * Infer a metadata value's type from its text (values are stored as text,
 * as Scout does): "True"/"False" in any case → boolean (1/0); a Scout-style
 * number (`-12`, `3.5`, `.5`) → number; an ISO 8601 date or date-time (no
 * offset: UTC) → date (epoch milliseconds); anything else → string. The
 * migration drizzle/0010 applies the same rules to existing rows.
 *
 * @example
 * typedMetadata("2024-05-01"); // { type: "date", num: 1714521600000 }
 */
export function typedMetadata(value: string): TypedValue {
  const lower = value.toLowerCase();
  if (lower === "true" || lower === "false")
    return { type: "boolean", num: lower === "true" ? 1 : 0 };
  if (NUMBER.test(value)) return { type: "number", num: Number(value) };
  const date = DATE.exec(value);
  if (date) {
    // A date-time without an offset is UTC here, as in SQLite (JavaScript would read it as local time).
    const ms = Date.parse(date[1] || !value.includes("T") ? value : `${value}Z`);
    if (Number.isFinite(ms)) return { type: "date", num: ms };
  }
  return { type: "string", num: null };
}

/** Parse a filter or declared value as `type`: its number, or null when it is not of that type. */
export function numberAs(type: MetadataType, value: string): number | null {
  if (type === "string") return null;
  const typed = typedMetadata(value);
  return typed.type === type ? typed.num : null;
}

/** Replace all of a document's metadata with `entries`. Call inside `writer.run`. */
export function replaceMetadata(
  db: SearchDb,
  documentId: number,
  entries: Record<string, string>,
): void {
  db.delete(metadata).where(eq(metadata.documentId, documentId)).run();
  const rows = Object.entries(entries).map(([key, value]) => ({
    documentId,
    key,
    value,
    ...typedMetadata(value),
  }));
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
    const typed = typedMetadata(value);
    db.insert(metadata)
      .values({ documentId, key, value, ...typed })
      .onConflictDoUpdate({
        target: [metadata.documentId, metadata.key],
        set: { value, ...typed },
      })
      .run();
  }
}
