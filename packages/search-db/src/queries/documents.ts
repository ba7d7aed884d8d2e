import { and, asc, count, eq, inArray, ne } from "drizzle-orm";

import type { SearchDb } from "../index";
import { attachments, blobs, documents, indexDocuments, indexes, metadata } from "../schema";

export interface DocumentRow {
  id: number;
  identifier: string | null;
  title: string | null;
  content: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a document carries besides its row: metadata, index names, attachments. */
export interface DocumentRelations {
  metadata: Record<string, string>;
  /** Index names, sorted. */
  indexes: string[];
  /** Sorted by filename. */
  attachments: AttachmentSummary[];
}

export interface AttachmentSummary {
  id: number;
  documentId: number;
  filename: string;
  mimetype: string;
  hash: string;
  size: number;
  timestamp: Date;
}

export function findDocumentById(db: SearchDb, id: number): DocumentRow | undefined {
  return db.select().from(documents).where(eq(documents.id, id)).get();
}

export function findDocumentByIdentifier(
  db: SearchDb,
  identifier: string,
): DocumentRow | undefined {
  return db.select().from(documents).where(eq(documents.identifier, identifier)).get();
}

export function countDocuments(db: SearchDb): number {
  return db.select({ n: count() }).from(documents).get()?.n ?? 0;
}

/** Insert a document row (the FTS5 trigger indexes its content). Call inside `writer.run`. */
export function insertDocument(
  db: SearchDb,
  values: { content: string; identifier?: string | null; title?: string | null },
): DocumentRow {
  return db
    .insert(documents)
    .values({
      content: values.content,
      identifier: values.identifier ?? null,
      title: values.title ?? null,
    })
    .returning()
    .get();
}

/** Change content, title and/or identifier; `updated_at` follows. Call inside `writer.run`. */
export function updateDocumentRow(
  db: SearchDb,
  id: number,
  values: { content?: string; identifier?: string | null; title?: string | null },
): DocumentRow | undefined {
  return db
    .update(documents)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(documents.id, id))
    .returning()
    .get();
}

/**
 * Take `identifier` away from whichever other document holds it, so it can be
 * given to `exceptId` (Scout reassigns identifiers silently). Call inside `writer.run`.
 */
export function releaseIdentifier(db: SearchDb, identifier: string, exceptId: number): number {
  return db
    .update(documents)
    .set({ identifier: null, updatedAt: new Date() })
    .where(and(eq(documents.identifier, identifier), ne(documents.id, exceptId)))
    .run().changes;
}

/**
 * Delete a document. Links, metadata and attachments go by ON DELETE CASCADE,
 * orphaned blobs by trigger, the FTS5 row by trigger. Call inside `writer.run`.
 */
export function deleteDocumentRow(db: SearchDb, id: number): boolean {
  return db.delete(documents).where(eq(documents.id, id)).run().changes > 0;
}

/** Replace the document's index links with exactly `indexIds`. Call inside `writer.run`. */
export function setDocumentIndexes(
  db: SearchDb,
  documentId: number,
  indexIds: readonly number[],
): void {
  db.delete(indexDocuments).where(eq(indexDocuments.documentId, documentId)).run();
  const unique = [...new Set(indexIds)];
  if (unique.length > 0) {
    db.insert(indexDocuments)
      .values(unique.map((indexId) => ({ indexId, documentId })))
      .run();
  }
}

/** Add links to `indexIds`, keeping existing ones. Call inside `writer.run`. */
export function addDocumentToIndexes(
  db: SearchDb,
  documentId: number,
  indexIds: readonly number[],
): void {
  const unique = [...new Set(indexIds)];
  if (unique.length === 0) return;
  db.insert(indexDocuments)
    .values(unique.map((indexId) => ({ indexId, documentId })))
    .onConflictDoNothing()
    .run();
}

// SQLite's default limit on bound parameters is 32766; stay far below it.
const CHUNK = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Metadata, index names and attachments of several documents in three
 * queries. Run it in the same synchronous read as the query that found the
 * ids (see `readSnapshot`) so each document comes back whole.
 */
export function loadDocumentRelations(
  db: SearchDb,
  ids: readonly number[],
): Map<number, DocumentRelations> {
  const out = new Map<number, DocumentRelations>();
  // Null-prototype objects: metadata keys are user text ("__proto__" is a fine key).
  for (const id of ids)
    out.set(id, {
      metadata: Object.create(null) as Record<string, string>,
      indexes: [],
      attachments: [],
    });
  for (const part of chunks([...new Set(ids)])) {
    const meta = db
      .select()
      .from(metadata)
      .where(inArray(metadata.documentId, part))
      .orderBy(asc(metadata.documentId), asc(metadata.key))
      .all();
    for (const m of meta) out.get(m.documentId)!.metadata[m.key] = m.value;

    const links = db
      .select({ documentId: indexDocuments.documentId, name: indexes.name })
      .from(indexDocuments)
      .innerJoin(indexes, eq(indexes.id, indexDocuments.indexId))
      .where(inArray(indexDocuments.documentId, part))
      .orderBy(asc(indexDocuments.documentId), asc(indexes.name))
      .all();
    for (const l of links) out.get(l.documentId)!.indexes.push(l.name);

    const files = db
      .select({
        id: attachments.id,
        documentId: attachments.documentId,
        filename: attachments.filename,
        mimetype: attachments.mimetype,
        hash: attachments.hash,
        timestamp: attachments.timestamp,
        size: blobs.size,
      })
      .from(attachments)
      .innerJoin(blobs, eq(blobs.hash, attachments.hash))
      .where(inArray(attachments.documentId, part))
      .orderBy(asc(attachments.documentId), asc(attachments.filename))
      .all();
    for (const f of files) out.get(f.documentId)!.attachments.push(f);
  }
  return out;
}
