import { asc, count, countDistinct, desc, eq, inArray, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";

import type { SearchDatabase, SearchDb } from "../index";
import { countDocuments } from "./documents";
import { documents, indexDocuments, indexes } from "../schema";
import type { IndexSettings } from "../schema";

export interface IndexSummary {
  id: number;
  name: string;
  documentCount: number;
  createdAt: Date;
}

export interface IndexRow {
  id: number;
  name: string;
  documentCount: number;
  createdAt: Date;
}

/** Sort keys of the index list (Scout's `ordering`). */
export type IndexOrderKey = "name" | "id" | "document_count";
export interface IndexOrder {
  key: IndexOrderKey;
  desc: boolean;
}

function summaries(db: SearchDb) {
  return db
    .select({
      id: indexes.id,
      name: indexes.name,
      createdAt: indexes.createdAt,
      documentCount: indexes.documentCount,
    })
    .from(indexes);
}

/** Every index with its document count, by name. */
export async function listIndexes(quire: SearchDatabase): Promise<IndexSummary[]> {
  return summaries(quire.db).orderBy(indexes.name);
}

/**
 * One page of indexes with their document counts, in the given order (name by
 * default), plus the total number of indexes.
 */
export function listIndexesPage(
  db: SearchDb,
  options: { ordering: IndexOrder[]; limit: number; offset: number },
): { rows: IndexSummary[]; total: number } {
  const column = (key: IndexOrderKey): SQL | typeof indexes.id | typeof indexes.documentCount =>
    key === "name" ? sql`${indexes.name}` : key === "id" ? indexes.id : indexes.documentCount;
  const order =
    options.ordering.length > 0 ? options.ordering : [{ key: "name" as const, desc: false }];
  const rows = summaries(db)
    .orderBy(
      ...order.map((o) => (o.desc ? desc(column(o.key)) : asc(column(o.key)))),
      asc(indexes.id),
    )
    .limit(options.limit)
    .offset(options.offset)
    .all();
  const total = db.select({ n: count() }).from(indexes).get()?.n ?? 0;
  return { rows, total };
}

export async function countSearchData(quire: SearchDatabase) {
  const [i] = await quire.db.select({ n: count() }).from(indexes);
  const [d] = await quire.db.select({ n: count() }).from(documents);
  return { indexes: i?.n ?? 0, documents: d?.n ?? 0 };
}

export function findIndexByName(db: SearchDb, name: string): IndexRow | undefined {
  return db.select().from(indexes).where(eq(indexes.name, name)).get();
}

export function findIndexById(db: SearchDb, id: number): IndexRow | undefined {
  return db.select().from(indexes).where(eq(indexes.id, id)).get();
}

/** The indexes among `names` that exist (any order; unknown names are simply absent). */
export function findIndexesByNames(db: SearchDb, names: readonly string[]): IndexRow[] {
  if (names.length === 0) return [];
  return db
    .select()
    .from(indexes)
    .where(inArray(indexes.name, [...new Set(names)]))
    .all();
}

/** Number of distinct documents in any of the given indexes. */
export function countDocumentsInIndexes(db: SearchDb, indexIds: readonly number[]): number {
  if (indexIds.length === 0) return 0;
  if (indexIds.length === 1) {
    // Kept by triggers (drizzle/0008_index_counts.sql): one row read.
    return findIndexById(db, indexIds[0]!)?.documentCount ?? 0;
  }
  return (
    db
      .select({ n: countDistinct(indexDocuments.documentId) })
      .from(indexDocuments)
      .where(inArray(indexDocuments.indexId, [...indexIds]))
      .get()?.n ?? 0
  );
}

/**
 * Whether the index holds every document, so that restricting a search to it
 * changes nothing (and the restriction, a lookup per candidate, can go).
 */
export function indexHoldsEveryDocument(db: SearchDb, indexId: number): boolean {
  const index = findIndexById(db, indexId);
  return index !== undefined && index.documentCount === countDocuments(db);
}

/** Insert an index; throws SQLite's UNIQUE error when the name is taken. Call inside `writer.run`. */
export function insertIndex(db: SearchDb, name: string): IndexRow {
  return db.insert(indexes).values({ name }).returning().get();
}

/** Rename an index; throws SQLite's UNIQUE error when the name is taken. Call inside `writer.run`. */
export function renameIndex(db: SearchDb, id: number, name: string): IndexRow | undefined {
  return db.update(indexes).set({ name }).where(eq(indexes.id, id)).returning().get();
}

/**
 * Delete an index. Its links go with it (ON DELETE CASCADE); the documents
 * stay, as in Scout. Returns how many documents were unlinked.
 */
export function deleteIndex(db: SearchDb, id: number): number {
  const unlinked = db.delete(indexDocuments).where(eq(indexDocuments.indexId, id)).run().changes;
  db.delete(indexes).where(eq(indexes.id, id)).run();
  return unlinked;
}

/** The settings of an index ({} when it has none). */
export function readIndexSettings(db: SearchDb, indexId: number): IndexSettings {
  return (
    db.select({ settings: indexes.settings }).from(indexes).where(eq(indexes.id, indexId)).get()
      ?.settings ?? {}
  );
}

/** Replace the settings of an index. Call inside `writer.run`. */
export function writeIndexSettings(db: SearchDb, indexId: number, settings: IndexSettings): void {
  db.update(indexes).set({ settings }).where(eq(indexes.id, indexId)).run();
}
