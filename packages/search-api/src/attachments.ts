import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { deflateRaw, inflateRaw } from "node:zlib";

import {
  deleteAttachment,
  findAttachment,
  findIndexesByNames,
  listAttachments,
  putBlob,
  readBlob,
  readSnapshot,
  upsertAttachment,
} from "@quire/search-db";
import type {
  AttachmentOrder,
  AttachmentSummary,
  SearchDatabase,
  SearchDb,
} from "@quire/search-db";

import { resolveDocument } from "./document-ref";
import { badRequest, notFound } from "./errors";
import { checkIndexCount } from "./indexes";
import { guessMimetype } from "./mimetypes";

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/** An uploaded file as it arrives: name as the client sent it, raw bytes. */
export interface UploadedFile {
  filename: string;
  bytes: Uint8Array;
}

/** A file hashed and compressed ahead of the write transaction (which must stay synchronous). */
export interface PreparedFile {
  filename: string;
  mimetype: string;
  hash: string;
  data: Buffer;
  size: number;
}

export const MAX_FILENAME_LENGTH = 255;

/**
 * Scout's filename rule (werkzeug's `secure_filename`): unicode folded to
 * ASCII, path separators and whitespace become `_`, anything but letters,
 * digits, `_ . -` is dropped, leading/trailing dots and underscores trimmed;
 * `unnamed` when nothing is left.
 *
 * @example
 * sanitizeFilename("../../etc/passwd"); // "etc_passwd"
 * sanitizeFilename("My résumé.pdf");    // "My_resume.pdf"
 */
export function sanitizeFilename(filename: string): string {
  const ascii = filename.normalize("NFKD").replace(/[^\x20-\x7e\s]/g, "");
  const joined = ascii.replace(/[/\\]/g, " ").trim().split(/\s+/).join("_");
  let clean = joined.replace(/[^A-Za-z0-9_.-]/g, "").replace(/^[._]+|[._]+$/g, "");
  if (clean.length > MAX_FILENAME_LENGTH) {
    // Keep the extension: it decides the media type.
    const dot = clean.lastIndexOf(".");
    const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : "";
    clean = clean.slice(0, MAX_FILENAME_LENGTH - ext.length) + ext;
  }
  return clean || "unnamed";
}

/**
 * Sanitize names, guess media types, hash (SHA-256 of the raw bytes: one blob
 * per distinct content) and compress, before opening the write transaction.
 */
export async function prepareFiles(files: readonly UploadedFile[]): Promise<PreparedFile[]> {
  return Promise.all(
    files.map(async (file) => {
      const filename = sanitizeFilename(file.filename);
      return {
        filename,
        mimetype: guessMimetype(filename),
        hash: createHash("sha256").update(file.bytes).digest("hex"),
        data: await deflate(file.bytes, { level: 6 }),
        size: file.bytes.byteLength,
      };
    }),
  );
}

/** Store prepared files on a document (same name replaces). Call inside `writer.run`. */
export function attachPreparedFiles(
  db: SearchDb,
  documentId: number,
  files: readonly PreparedFile[],
): AttachmentSummary[] {
  const attached: AttachmentSummary[] = [];
  for (const file of files) {
    putBlob(db, { hash: file.hash, data: file.data, size: file.size });
    upsertAttachment(db, {
      documentId,
      filename: file.filename,
      mimetype: file.mimetype,
      hash: file.hash,
    });
    attached.push(findAttachment(db, documentId, file.filename)!);
  }
  return attached;
}

function requireAttachment(db: SearchDb, documentId: number, filename: string): AttachmentSummary {
  const found = findAttachment(db, documentId, filename);
  if (!found) throw notFound(`Attachment "${filename}" not found.`);
  return found;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

/** A document's attachments, one page. */
export function listDocumentAttachments(
  quire: SearchDatabase,
  ref: string | number,
  options: { ordering: AttachmentOrder[]; limit: number; offset: number },
): Page<AttachmentSummary> & { documentId: number } {
  return readSnapshot(quire, (db) => {
    const doc = resolveDocument(db, ref);
    return { documentId: doc.id, ...listAttachments(db, { documentId: doc.id }, options) };
  });
}

/** Every attachment, filtered by index names (any), exact filename and exact media type. */
export function searchAttachments(
  quire: SearchDatabase,
  filter: { indexes?: string[]; filename?: string; mimetype?: string },
  options: { ordering: AttachmentOrder[]; limit: number; offset: number },
): Page<AttachmentSummary> {
  checkIndexCount(filter.indexes ?? []);
  return readSnapshot(quire, (db) => {
    const indexIds = filter.indexes?.length
      ? findIndexesByNames(db, filter.indexes).map((i) => i.id)
      : undefined;
    return listAttachments(
      db,
      { indexIds, filename: filter.filename, mimetype: filter.mimetype },
      options,
    );
  });
}

export function getAttachment(
  quire: SearchDatabase,
  ref: string | number,
  filename: string,
): AttachmentSummary {
  return readSnapshot(quire, (db) => requireAttachment(db, resolveDocument(db, ref).id, filename));
}

/** Attach files to a document; returns the stored attachments. */
export async function attachFiles(
  quire: SearchDatabase,
  ref: string | number,
  files: readonly UploadedFile[],
): Promise<AttachmentSummary[]> {
  if (files.length === 0) throw badRequest("No file attachments found.");
  const prepared = await prepareFiles(files);
  return quire.writer.run((db) => attachPreparedFiles(db, resolveDocument(db, ref).id, prepared));
}

/** Replace an attachment with one uploaded file (Scout: delete, then attach). */
export async function replaceAttachment(
  quire: SearchDatabase,
  ref: string | number,
  filename: string,
  files: readonly UploadedFile[],
): Promise<AttachmentSummary> {
  if (files.length > 1) throw badRequest("Only one attachment permitted when performing update.");
  if (files.length === 0) throw badRequest("No file attachment found.");
  const prepared = await prepareFiles(files);
  return quire.writer.run((db) => {
    const documentId = resolveDocument(db, ref).id;
    const old = requireAttachment(db, documentId, filename);
    // Delete first: the trigger may drop the old blob, and attaching puts the (possibly same) blob back.
    deleteAttachment(db, old.id);
    return attachPreparedFiles(db, documentId, prepared)[0]!;
  });
}

export async function detachFile(
  quire: SearchDatabase,
  ref: string | number,
  filename: string,
): Promise<void> {
  await quire.writer.run((db) => {
    const documentId = resolveDocument(db, ref).id;
    deleteAttachment(db, requireAttachment(db, documentId, filename).id);
  });
}

/** The raw bytes of an attachment with its stored media type. */
export async function downloadAttachment(
  quire: SearchDatabase,
  ref: string | number,
  filename: string,
): Promise<{ attachment: AttachmentSummary; bytes: Buffer }> {
  const { attachment, blob } = readSnapshot(quire, (db) => {
    const found = requireAttachment(db, resolveDocument(db, ref).id, filename);
    return { attachment: found, blob: readBlob(db, found.hash)! };
  });
  return { attachment, bytes: await inflate(blob.data) };
}
