import {
  addDocumentToIndexes,
  deleteDocumentRow,
  findDocumentByIdentifier,
  findIndexesByNames,
  insertDocument,
  insertIndex,
  loadDocumentRelations,
  mergeMetadata,
  readSnapshot,
  releaseIdentifier,
  replaceMetadata,
  setDocumentIndexes,
  updateDocumentRow,
} from "@quire/search-db";
import type { AttachmentSummary, DocumentRow, SearchDatabase, SearchDb } from "@quire/search-db";

import { attachPreparedFiles } from "./attachments";
import type { PreparedFile } from "./attachments";
import { resolveDocument } from "./document-ref";
import { badRequest } from "./errors";
import { checkIndexCount, checkIndexName } from "./indexes";

/** A document as every API returns it: row, metadata, index names, attachments. */
export interface DocumentView {
  id: number;
  identifier: string | null;
  /** Optional title: its own FTS5 column, weighted above the content by the default ranking. */
  title: string | null;
  content: string;
  /** Index names, sorted. */
  indexes: string[];
  metadata: Record<string, string>;
  /** Sorted by filename. */
  attachments: AttachmentSummary[];
}

/** A metadata value as sent by a client; stored as a string, like Scout. */
export type MetadataInput = Record<string, unknown>;

/** Create input: Scout's `POST /documents/` body, already shaped. */
export interface NewDocument {
  content: string;
  /** Empty or null: none. */
  title?: string | null;
  /** Index names; at least one, all must exist. */
  indexes: string[];
  /** Empty or null: none. An identifier that exists turns the create into an update. */
  identifier?: string | null;
  /** On the update path: absent keeps the metadata, null or {} clears it. */
  metadata?: MetadataInput | null;
}

/** Update input: every field optional; a present field replaces. */
export interface DocumentChanges {
  content?: string;
  /** null or empty clears it. */
  title?: string | null;
  /** Reassigned (taken from its previous owner); null or empty clears it. */
  identifier?: string | null;
  /** Replaces the links; empty unlinks from every index. */
  indexes?: string[];
  /** Replaces all metadata; null or {} clears it. */
  metadata?: MetadataInput | null;
}

export { resolveDocument };

export const IDENTIFIER_RE = /^[A-Za-z0-9_\-.:]+$/;
export const IDENTIFIER_MESSAGE =
  'Identifier may only consist of the following: letters, numbers, "_", "-", ".", ":"';

/** Throws Scout's 400 unless `identifier` is made of letters, digits, `_ - . :`. */
export function checkIdentifier(identifier: string): void {
  if (!IDENTIFIER_RE.test(identifier)) throw badRequest(IDENTIFIER_MESSAGE);
}

/**
 * How Scout (Python) turns a metadata value into its stored string: numbers
 * as written, booleans `True`/`False`; objects and arrays as JSON.
 */
export function metadataString(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? "";
}

/** A record keyed by user text: no prototype, so "__proto__" or "constructor" are ordinary keys. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function metadataEntries(input: MetadataInput): Record<string, string> {
  const out = dict<string>();
  for (const [key, value] of Object.entries(input)) {
    if (value !== null && value !== undefined) out[key] = metadataString(value);
  }
  return out;
}

/** Ids of the named indexes; a 400 naming every one that does not exist (Scout's message). */
export function indexIdsByName(db: SearchDb, names: readonly string[]): number[] {
  checkIndexCount(names);
  const found = new Map(findIndexesByNames(db, names).map((i) => [i.name, i.id]));
  const missing = names.filter((n) => !found.has(n));
  if (missing.length > 0)
    throw badRequest(`The following indexes were not found: ${missing.join(", ")}.`);
  return [...new Set(names.map((n) => found.get(n)!))];
}

/** Views of several documents, read in the same snapshot as the rows. */
export function documentViews(
  db: SearchDb,
  rows: readonly Pick<DocumentRow, "id" | "identifier" | "title" | "content">[],
): DocumentView[] {
  const relations = loadDocumentRelations(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const rel = relations.get(row.id)!;
    return {
      id: row.id,
      identifier: row.identifier,
      title: row.title,
      content: row.content,
      ...rel,
    };
  });
}

function viewOf(db: SearchDb, row: DocumentRow): DocumentView {
  return documentViews(db, [row])[0]!;
}

/** One document by identifier or id (404 if missing). */
export function getDocument(quire: SearchDatabase, ref: string | number): DocumentView {
  return readSnapshot(quire, (db) => viewOf(db, resolveDocument(db, ref)));
}

function applyUpdate(
  db: SearchDb,
  row: DocumentRow,
  input: DocumentChanges,
  files: readonly PreparedFile[],
): DocumentRow {
  const changes: { content?: string; identifier?: string | null; title?: string | null } = {};
  if (input.content !== undefined) changes.content = input.content;
  if (input.title !== undefined) changes.title = input.title || null;
  if (input.identifier !== undefined) {
    const identifier = input.identifier || null;
    if (identifier !== null) {
      checkIdentifier(identifier);
      releaseIdentifier(db, identifier, row.id);
    }
    changes.identifier = identifier;
  }
  const indexIds = input.indexes !== undefined ? indexIdsByName(db, input.indexes) : undefined;
  const updated =
    Object.keys(changes).length > 0 ? (updateDocumentRow(db, row.id, changes) ?? row) : row;
  if (input.metadata !== undefined)
    replaceMetadata(db, row.id, metadataEntries(input.metadata ?? {}));
  if (indexIds !== undefined) setDocumentIndexes(db, row.id, indexIds);
  attachPreparedFiles(db, row.id, files);
  return updated;
}

function applyCreate(
  db: SearchDb,
  input: NewDocument,
  files: readonly PreparedFile[],
): DocumentRow {
  const identifier = input.identifier || null;
  if (identifier !== null) checkIdentifier(identifier);
  if (input.indexes.length === 0)
    throw badRequest('You must specify either an "index" or "indexes".');
  const indexIds = indexIdsByName(db, input.indexes);
  if (identifier !== null) {
    const existing = findDocumentByIdentifier(db, identifier);
    // Scout: creating with a known identifier updates that document instead.
    if (existing) {
      return applyUpdate(
        db,
        existing,
        {
          content: input.content,
          // Absent keeps the title, as absent metadata keeps the metadata.
          ...(input.title !== undefined ? { title: input.title } : {}),
          indexes: input.indexes,
          metadata: input.metadata,
        },
        files,
      );
    }
  }
  const row = insertDocument(db, {
    content: input.content,
    identifier,
    title: input.title || null,
  });
  if (input.metadata) replaceMetadata(db, row.id, metadataEntries(input.metadata));
  addDocumentToIndexes(db, row.id, indexIds);
  attachPreparedFiles(db, row.id, files);
  return row;
}

/**
 * Create a document in one or more indexes (or update the one holding the
 * same identifier), with metadata and attachments, in one transaction.
 *
 * @example
 * await createDocument(quire, { content: "Hello", indexes: ["blog"], identifier: "post-1", metadata: { tag: "x" } });
 */
export async function createDocument(
  quire: SearchDatabase,
  input: NewDocument,
  files: readonly PreparedFile[] = [],
): Promise<DocumentView> {
  return quire.writer.run((db) => viewOf(db, applyCreate(db, input, files)));
}

/** Partial update of the document `ref` names (identifier first, then id). */
export async function updateDocument(
  quire: SearchDatabase,
  ref: string | number,
  input: DocumentChanges,
  files: readonly PreparedFile[] = [],
): Promise<DocumentView> {
  return quire.writer.run((db) =>
    viewOf(db, applyUpdate(db, resolveDocument(db, ref), input, files)),
  );
}

/** Merge metadata: a value sets its key, `null` deletes it; `{}` clears everything. */
export async function mergeDocumentMetadata(
  quire: SearchDatabase,
  ref: string | number,
  changes: MetadataInput,
): Promise<DocumentView> {
  return quire.writer.run((db) => {
    const row = resolveDocument(db, ref);
    if (Object.keys(changes).length === 0) {
      replaceMetadata(db, row.id, {});
    } else {
      const merged = dict<string | null>();
      for (const [key, value] of Object.entries(changes)) {
        merged[key] = value === null || value === undefined ? null : metadataString(value);
      }
      mergeMetadata(db, row.id, merged);
    }
    return viewOf(db, row);
  });
}

/**
 * Delete a document with its links, metadata and attachments; blobs no other
 * attachment uses go too.
 */
export async function deleteDocument(quire: SearchDatabase, ref: string | number): Promise<void> {
  await quire.writer.run((db) => {
    deleteDocumentRow(db, resolveDocument(db, ref).id);
  });
}

/**
 * Create or replace many documents by identifier in one transaction (the
 * blog's indexing call). Each document is put in `index` (created when
 * missing); content and metadata are replaced.
 */
export async function upsertDocuments(
  quire: SearchDatabase,
  input: {
    index: string;
    documents: {
      identifier: string;
      content: string;
      title?: string | null;
      metadata?: MetadataInput;
    }[];
  },
): Promise<{ created: number; updated: number; ids: number[] }> {
  checkIndexName(input.index);
  for (const doc of input.documents) checkIdentifier(doc.identifier);
  return quire.writer.run((db) => {
    const indexId = findIndexesByNames(db, [input.index])[0]?.id ?? insertIndex(db, input.index).id;
    let created = 0;
    let updated = 0;
    const ids: number[] = [];
    for (const doc of input.documents) {
      const existing = findDocumentByIdentifier(db, doc.identifier);
      const title = doc.title || null;
      const row = existing
        ? (updateDocumentRow(db, existing.id, { content: doc.content, title }) ?? existing)
        : insertDocument(db, { content: doc.content, identifier: doc.identifier, title });
      if (existing) updated++;
      else created++;
      replaceMetadata(db, row.id, metadataEntries(doc.metadata ?? {}));
      addDocumentToIndexes(db, row.id, [indexId]);
      ids.push(row.id);
    }
    return { created, updated, ids };
  });
}

/** Delete documents by identifier; unknown identifiers are skipped. */
export async function deleteDocumentsByIdentifier(
  quire: SearchDatabase,
  identifiers: readonly string[],
): Promise<{ deleted: number }> {
  return quire.writer.run((db) => {
    let deleted = 0;
    for (const identifier of new Set(identifiers)) {
      const row = findDocumentByIdentifier(db, identifier);
      if (row && deleteDocumentRow(db, row.id)) deleted++;
    }
    return { deleted };
  });
}
