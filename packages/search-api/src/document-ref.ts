import { findDocumentById, findDocumentByIdentifier } from "@quire/search-db";
import type { DocumentRow, SearchDb } from "@quire/search-db";

import { notFound } from "./errors";

/**
 * The document a URL segment names: by identifier first, then, for digits,
 * by numeric id. 404 when neither exists.
 */
export function resolveDocument(db: SearchDb, ref: string | number): DocumentRow {
  const text = String(ref);
  const byIdentifier = typeof ref === "string" ? findDocumentByIdentifier(db, text) : undefined;
  if (byIdentifier) return byIdentifier;
  if (/^\d{1,15}$/.test(text)) {
    const byId = findDocumentById(db, Number(text));
    if (byId) return byId;
  }
  throw notFound(`Document "${text}" not found.`);
}
