import { count, eq, sql } from "drizzle-orm";

import type { SearchDatabase } from "../index";
import { documents, indexDocuments, indexes } from "../schema";

export interface IndexSummary {
  id: number;
  name: string;
  documentCount: number;
  createdAt: Date;
}

/** Every index with its document count, by name. */
export async function listIndexes(quire: SearchDatabase): Promise<IndexSummary[]> {
  return quire.db
    .select({
      id: indexes.id,
      name: indexes.name,
      createdAt: indexes.createdAt,
      documentCount: sql<number>`count(${indexDocuments.documentId})`.mapWith(Number),
    })
    .from(indexes)
    .leftJoin(indexDocuments, eq(indexDocuments.indexId, indexes.id))
    .groupBy(indexes.id)
    .orderBy(indexes.name);
}

export async function countSearchData(quire: SearchDatabase) {
  const [i] = await quire.db.select({ n: count() }).from(indexes);
  const [d] = await quire.db.select({ n: count() }).from(documents);
  return { indexes: i?.n ?? 0, documents: d?.n ?? 0 };
}
