import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";

import type { SearchDb } from "../index";
import { attachments, blobs, indexDocuments } from "../schema";
import type { AttachmentSummary } from "./documents";

export type AttachmentOrderKey = "id" | "document" | "hash" | "filename" | "mimetype" | "timestamp";
export interface AttachmentOrder {
  key: AttachmentOrderKey;
  desc: boolean;
}

export interface AttachmentFilter {
  documentId?: number;
  /** Only attachments of documents in one of these indexes (an empty list matches nothing). */
  indexIds?: readonly number[];
  filename?: string;
  mimetype?: string;
}

const summary = {
  id: attachments.id,
  documentId: attachments.documentId,
  filename: attachments.filename,
  mimetype: attachments.mimetype,
  hash: attachments.hash,
  timestamp: attachments.timestamp,
  size: blobs.size,
};

const orderColumns = {
  id: attachments.id,
  document: attachments.documentId,
  hash: attachments.hash,
  filename: attachments.filename,
  mimetype: attachments.mimetype,
  timestamp: attachments.timestamp,
} as const;

/** One page of attachments matching `filter`, plus how many match in all. */
export function listAttachments(
  db: SearchDb,
  filter: AttachmentFilter,
  options: { ordering: AttachmentOrder[]; limit: number; offset: number },
): { rows: AttachmentSummary[]; total: number } {
  const conditions: SQL[] = [];
  if (filter.documentId !== undefined)
    conditions.push(eq(attachments.documentId, filter.documentId));
  if (filter.filename !== undefined) conditions.push(eq(attachments.filename, filter.filename));
  if (filter.mimetype !== undefined) conditions.push(eq(attachments.mimetype, filter.mimetype));
  if (filter.indexIds !== undefined) {
    if (filter.indexIds.length === 0) return { rows: [], total: 0 };
    conditions.push(
      inArray(
        attachments.documentId,
        db
          .select({ id: indexDocuments.documentId })
          .from(indexDocuments)
          .where(inArray(indexDocuments.indexId, [...filter.indexIds])),
      ),
    );
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const order =
    options.ordering.length > 0 ? options.ordering : [{ key: "filename" as const, desc: false }];
  const rows = db
    .select(summary)
    .from(attachments)
    .innerJoin(blobs, eq(blobs.hash, attachments.hash))
    .where(where)
    .orderBy(
      ...order.map((o) => (o.desc ? desc(orderColumns[o.key]) : asc(orderColumns[o.key]))),
      asc(attachments.id),
    )
    .limit(options.limit)
    .offset(options.offset)
    .all();
  const total = db.select({ n: count() }).from(attachments).where(where).get()?.n ?? 0;
  return { rows, total };
}

export function findAttachment(
  db: SearchDb,
  documentId: number,
  filename: string,
): AttachmentSummary | undefined {
  return db
    .select(summary)
    .from(attachments)
    .innerJoin(blobs, eq(blobs.hash, attachments.hash))
    .where(and(eq(attachments.documentId, documentId), eq(attachments.filename, filename)))
    .get();
}

/** Store compressed bytes under their hash unless already there (content-addressed). Call inside `writer.run`. */
export function putBlob(db: SearchDb, blob: { hash: string; data: Buffer; size: number }): void {
  db.insert(blobs).values(blob).onConflictDoNothing().run();
}

/** The compressed bytes and uncompressed size stored under `hash`. */
export function readBlob(db: SearchDb, hash: string): { data: Buffer; size: number } | undefined {
  return db
    .select({ data: blobs.data, size: blobs.size })
    .from(blobs)
    .where(eq(blobs.hash, hash))
    .get();
}

/**
 * Attach (or replace, same document and filename) a file whose blob is
 * already stored. A replaced blob left without attachments is deleted by
 * trigger. Call inside `writer.run`.
 */
export function upsertAttachment(
  db: SearchDb,
  values: { documentId: number; filename: string; mimetype: string; hash: string },
): number {
  return db
    .insert(attachments)
    .values(values)
    .onConflictDoUpdate({
      target: [attachments.documentId, attachments.filename],
      set: {
        hash: values.hash,
        mimetype: values.mimetype,
        timestamp: sql`(unixepoch('subsec') * 1000)`,
      },
    })
    .returning({ id: attachments.id })
    .get().id;
}

/** Detach a file; its blob goes too when nothing else uses it (trigger). Call inside `writer.run`. */
export function deleteAttachment(db: SearchDb, id: number): boolean {
  return db.delete(attachments).where(eq(attachments.id, id)).run().changes > 0;
}
