import { and, eq, inArray, sql } from "drizzle-orm";

import type { SearchDb } from "../index";
import { indexFields } from "../schema";
import type { MetadataType } from "../schema";

/** The metadata types an index declares, by key. */
export function listIndexFields(db: SearchDb, indexId: number): Record<string, MetadataType> {
  const out = Object.create(null) as Record<string, MetadataType>;
  for (const row of db.select().from(indexFields).where(eq(indexFields.indexId, indexId)).all()) {
    out[row.key] = row.type;
  }
  return out;
}

/** Declare (or, with null, undeclare) metadata types of an index. Call inside `writer.run`. */
export function setIndexFields(
  db: SearchDb,
  indexId: number,
  fields: Record<string, MetadataType | null>,
): void {
  for (const [key, type] of Object.entries(fields)) {
    if (type === null) {
      db.delete(indexFields)
        .where(and(eq(indexFields.indexId, indexId), eq(indexFields.key, key)))
        .run();
    } else {
      db.insert(indexFields)
        .values({ indexId, key, type })
        .onConflictDoUpdate({ target: [indexFields.indexId, indexFields.key], set: { type } })
        .run();
    }
  }
}

/**
 * The declared type of each key that every one of `indexIds` declares the same
 * way (a search over several indexes that disagree reads values by their
 * inferred types). None when the search is not restricted to indexes.
 */
export function declaredTypes(
  db: SearchDb,
  indexIds: readonly number[] | null,
  keys: readonly string[],
): Map<string, MetadataType> {
  const out = new Map<string, MetadataType>();
  if (indexIds === null || indexIds.length === 0 || keys.length === 0) return out;
  const rows = db
    .select()
    .from(indexFields)
    .where(
      and(
        inArray(indexFields.indexId, [...indexIds]),
        inArray(indexFields.key, [...new Set(keys)]),
      ),
    )
    .all();
  for (const key of new Set(keys)) {
    const types = rows.filter((r) => r.key === key);
    const first = types[0]?.type;
    if (first && types.length === new Set(indexIds).size && types.every((r) => r.type === first)) {
      out.set(key, first);
    }
  }
  return out;
}

/** Per metadata key of an index's documents: how many values of each inferred type. */
export function inferredFieldTypes(
  db: SearchDb,
  indexId: number,
): Record<string, Partial<Record<MetadataType, number>>> {
  const rows = db.all<{ key: string; type: MetadataType; n: number }>(
    sql`SELECT m.key AS key, m.type AS type, count(*) AS n
        FROM index_documents x JOIN metadata m ON m.document_id = x.document_id
        WHERE x.index_id = ${indexId}
        GROUP BY m.key, m.type ORDER BY m.key, m.type`,
  );
  const out = Object.create(null) as Record<string, Partial<Record<MetadataType, number>>>;
  for (const r of rows) (out[r.key] ??= {})[r.type] = r.n;
  return out;
}
