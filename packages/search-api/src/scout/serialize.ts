import type { AttachmentSummary, IndexSummary } from "@quire/search-db";

import type { DocumentView } from "../documents";
import type { SearchHit } from "../search/search";

/** Scout's timestamp text: `YYYY-MM-DD HH:MM:SS` (UTC). */
export function scoutTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/** Relative URLs inside responses, as Scout's `url_for` builds them (with the URL prefix). */
export function scoutUrls(prefix: string) {
  const seg = encodeURIComponent;
  return {
    index: (name: string) => `${prefix}/${seg(name)}/`,
    document: (id: number) => `${prefix}/documents/${id}/`,
    download: (documentId: number, filename: string) =>
      `${prefix}/documents/${documentId}/attachments/${seg(filename)}/download/`,
  };
}
export type ScoutUrls = ReturnType<typeof scoutUrls>;

export function serializeIndex(index: IndexSummary, urls: ScoutUrls) {
  return {
    id: index.id,
    name: index.name,
    documents: urls.index(index.name),
    document_count: index.documentCount,
  };
}

/** An attachment on its own (attachment routes): with the link back to its document. */
export function serializeAttachment(a: AttachmentSummary, urls: ScoutUrls) {
  return {
    filename: a.filename,
    mimetype: a.mimetype,
    timestamp: scoutTimestamp(a.timestamp),
    data_length: a.size,
    document: urls.document(a.documentId),
    data: urls.download(a.documentId, a.filename),
  };
}

/** A document; search hits add `score` (when ranked) and, if asked, `highlight`/`snippet`. */
export function serializeDocument(doc: DocumentView | SearchHit, urls: ScoutUrls) {
  const hit = doc as SearchHit;
  return {
    id: doc.id,
    identifier: doc.identifier,
    // An extension of Scout's shape: present only when the document has a title.
    ...(doc.title !== null ? { title: doc.title } : {}),
    content: doc.content,
    indexes: doc.indexes,
    metadata: doc.metadata,
    attachments: doc.attachments.map((a) => ({
      filename: a.filename,
      mimetype: a.mimetype,
      timestamp: scoutTimestamp(a.timestamp),
      data_length: a.size,
      data: urls.download(a.documentId, a.filename),
    })),
    ...(hit.score !== undefined ? { score: hit.score } : {}),
    ...(hit.highlight !== undefined ? { highlight: hit.highlight, snippet: hit.snippet } : {}),
    ...(hit.titleHighlight !== undefined ? { title_highlight: hit.titleHighlight } : {}),
  };
}
