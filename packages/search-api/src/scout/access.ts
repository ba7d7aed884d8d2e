import { findDocumentByIdentifier, readSnapshot } from "@quire/search-db";
import type { SearchDatabase } from "@quire/search-db";

import type { KeyAccess } from "../api-keys";
import { getDocument } from "../documents";
import { ScoutError } from "../errors";
import type { ScoutBody } from "./body";

/** What the key check needs to know about a request whose route matched. */
export interface AccessRequest {
  quire: SearchDatabase;
  /** Decoded path segments below the prefix. */
  segments: readonly string[];
  /** Upper case; HEAD already turned into GET. */
  method: string;
  /** The request's query parameters: listings are narrowed here to the key's indexes. */
  params: URLSearchParams;
  /** The parsed body, read once and shared with the route. */
  body: () => Promise<ScoutBody>;
}

const forbidden = (message: string) => new ScoutError(403, message);

/**
 * Refuse (403, or 404 for a document the key may not see) what a stored API
 * key may not do; a key with every right passes untouched.
 *
 * - A search key may only search: GET `/:index/` or `/documents/`, within its indexes when limited.
 * - An admin key limited to indexes reads and writes those indexes, their
 *   documents (a write needs every index of the document to be its own) and
 *   their attachments; it sees only its indexes in `/` and may create an index
 *   only under a name it is limited to. Keys themselves are managed in the
 *   console (tRPC, admin session), never with a key.
 *
 * Listings (`/documents/`, `/attachments/`) are narrowed by adding the key's
 * indexes as `index=` parameters when the request names none.
 */
export async function enforceKeyAccess(access: KeyAccess, request: AccessRequest): Promise<void> {
  if (access.scope === "search") return checkSearchKey(access.indexes, request);
  if (access.indexes !== null) await checkLimitedAdminKey(access.indexes, request);
}

function checkSearchKey(
  allowed: readonly string[] | null,
  { segments, method, params }: AccessRequest,
) {
  const [first, second] = segments;
  const searchRoute =
    method === "GET" && first !== undefined && second === undefined && first !== "attachments";
  if (!searchRoute) throw forbidden("This API key may only search.");
  if (!allowed) return;
  if (first === "documents") narrowIndexParams(allowed, params);
  else checkIndex(allowed, first);
}

async function checkLimitedAdminKey(allowed: readonly string[], request: AccessRequest) {
  const { quire, segments, method, params } = request;
  const [first, second] = segments;
  if (first === undefined) {
    // GET lists only the key's indexes (the route reads them from the context).
    if (method === "POST") {
      const { data } = await request.body();
      if (typeof data.name === "string") checkIndex(allowed, data.name, "create");
      else throw forbidden("This API key may only create the indexes it is limited to.");
    }
    return;
  }
  if (first === "attachments") return narrowIndexParams(allowed, params);
  if (first === "documents") {
    if (second === undefined) {
      if (method === "GET") return narrowIndexParams(allowed, params);
      const { data } = await request.body();
      checkTargetIndexes(allowed, data);
      checkIdentifierTakeover(quire, allowed, data.identifier, null);
      return;
    }
    const document = findDocument(quire, second);
    if (!document) return; // the route answers its own 404
    if (!document.indexes.some((name) => allowed.includes(name))) {
      throw new ScoutError(404, `Document "${second}" not found.`);
    }
    if (method === "GET") return;
    checkWritable(allowed, document.indexes, second);
    if (segments.length === 2 && method !== "DELETE") {
      const { data } = await request.body();
      checkTargetIndexes(allowed, data);
      checkIdentifierTakeover(quire, allowed, data.identifier, document.id);
    }
    return;
  }
  checkIndex(allowed, first);
  if (second === undefined && (method === "POST" || method === "PUT")) {
    const { data } = await request.body();
    if (typeof data.name === "string") checkIndex(allowed, data.name, "rename an index to");
  }
}

function checkIndex(allowed: readonly string[], name: string, verb = "use"): void {
  if (!allowed.includes(name)) throw forbidden(`This API key may not ${verb} the index "${name}".`);
}

/** Listings: the `index=` names must be the key's; none named means all of the key's. */
function narrowIndexParams(allowed: readonly string[], params: URLSearchParams): void {
  const names = params.getAll("index");
  for (const name of names) checkIndex(allowed, name);
  if (names.length === 0) for (const name of allowed) params.append("index", name);
}

/** A document body's `index` / `indexes` (Scout accepts both): each must be the key's. */
function checkTargetIndexes(allowed: readonly string[], data: Record<string, unknown>): void {
  for (const field of ["index", "indexes"] as const) {
    const value = data[field];
    const list: unknown[] = Array.isArray(value) ? value : value ? [value] : [];
    for (const name of list) {
      if (typeof name === "string" || typeof name === "number") checkIndex(allowed, String(name));
    }
  }
}

function findDocument(quire: SearchDatabase, ref: string | number) {
  try {
    return getDocument(quire, ref);
  } catch (error) {
    if (error instanceof ScoutError && error.status === 404) return undefined;
    throw error;
  }
}

/** Writing a document changes what every one of its indexes finds: all of them must be the key's. */
function checkWritable(allowed: readonly string[], indexes: readonly string[], ref: string): void {
  const other = indexes.find((name) => !allowed.includes(name));
  if (other !== undefined || indexes.length === 0) {
    throw forbidden(
      `This API key may not change document "${ref}": it is in ${other === undefined ? "no index" : `the index "${other}"`}.`,
    );
  }
}

/**
 * Identifiers are global: creating with a known one updates that document,
 * and giving one to a document takes it from its holder. Either must be a
 * document the key may write.
 */
function checkIdentifierTakeover(
  quire: SearchDatabase,
  allowed: readonly string[],
  identifier: unknown,
  selfId: number | null,
): void {
  if (typeof identifier !== "string" && typeof identifier !== "number") return;
  const text = String(identifier);
  if (text === "") return;
  const holder = readSnapshot(quire, (db) => findDocumentByIdentifier(db, text));
  if (!holder || holder.id === selfId) return;
  checkWritable(allowed, getDocument(quire, holder.id).indexes, text);
}

/**
 * For a bulk import with an index-limited key: an item whose identifier
 * belongs to a document outside the key's indexes is refused (reported as
 * that item's error) instead of overwriting it.
 */
export function importItemGuard(
  quire: SearchDatabase,
  allowed: readonly string[],
): (item: unknown) => Error | null {
  return (item) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return null;
    try {
      checkIdentifierTakeover(quire, allowed, (item as { identifier?: unknown }).identifier, null);
      return null;
    } catch (error) {
      if (error instanceof ScoutError) return error;
      throw error;
    }
  };
}
