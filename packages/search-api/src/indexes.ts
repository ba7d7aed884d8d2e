import {
  countDocumentsInIndexes,
  inferredFieldTypes,
  listIndexFields,
  setIndexFields,
  deleteIndex as deleteIndexRow,
  findIndexById,
  findIndexByName,
  insertIndex,
  listIndexesPage,
  readSnapshot,
  renameIndex as renameIndexRow,
} from "@quire/search-db";
import type {
  IndexOrder,
  IndexRow,
  IndexSummary,
  MetadataType,
  SearchDatabase,
} from "@quire/search-db";

import { badRequest, isUniqueViolation, notFound } from "./errors";

/** Names that would be shadowed by the REST routes `/documents/` and `/attachments/`. */
export const RESERVED_INDEX_NAMES: ReadonlySet<string> = new Set(["documents", "attachments"]);
export const MAX_INDEX_NAME_LENGTH = 255;

/** More index names than this in one request is a 400 (each becomes a bound parameter). */
export const MAX_INDEX_NAMES = 100;

/** 400 when a request names more than {@link MAX_INDEX_NAMES} indexes. */
export function checkIndexCount(names: readonly string[]): void {
  if (names.length > MAX_INDEX_NAMES)
    throw badRequest(`Too many indexes (at most ${MAX_INDEX_NAMES}).`);
}

/** A usable index name: non-empty, not a route name, no `/` (it is a URL segment). */
export function checkIndexName(name: string): void {
  if (name.trim() === "") throw badRequest("Missing required fields: name");
  if (name.length > MAX_INDEX_NAME_LENGTH) {
    throw badRequest(`Index name is too long (at most ${MAX_INDEX_NAME_LENGTH} characters).`);
  }
  if (RESERVED_INDEX_NAMES.has(name)) throw badRequest(`"${name}" is a reserved name.`);
  if (name.includes("/")) throw badRequest('Index names may not contain "/".');
}

export function getIndexByName(
  quire: SearchDatabase,
  name: string,
): IndexRow & { documentCount: number } {
  return readSnapshot(quire, (db) => {
    const index = findIndexByName(db, name);
    if (!index) throw notFound(`Index "${name}" not found.`);
    return { ...index, documentCount: countDocumentsInIndexes(db, [index.id]) };
  });
}

export function listIndexPage(
  quire: SearchDatabase,
  options: { ordering: IndexOrder[]; limit: number; offset: number },
): { rows: IndexSummary[]; total: number } {
  return readSnapshot(quire, (db) => listIndexesPage(db, options));
}

/** Create an index; 400 when the name exists. */
export async function createIndex(quire: SearchDatabase, name: string): Promise<IndexRow> {
  checkIndexName(name);
  try {
    return await quire.writer.run((db) => insertIndex(db, name));
  } catch (error) {
    if (isUniqueViolation(error)) throw badRequest(`"${name}" already exists.`);
    throw error;
  }
}

/** Rename the index `current` (a name or an id); 400 when the new name is taken. */
export async function renameIndex(
  quire: SearchDatabase,
  current: string | number,
  name: string,
): Promise<IndexRow> {
  checkIndexName(name);
  try {
    return await quire.writer.run((db) => {
      const index =
        typeof current === "number" ? findIndexById(db, current) : findIndexByName(db, current);
      if (!index) throw notFound(`Index "${current}" not found.`);
      return renameIndexRow(db, index.id, name)!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw badRequest(`"${name}" is already in use.`);
    throw error;
  }
}

/** Delete an index (a name or an id); its documents stay. */
export async function deleteIndex(
  quire: SearchDatabase,
  current: string | number,
): Promise<{ unlinked: number }> {
  return quire.writer.run((db) => {
    const index =
      typeof current === "number" ? findIndexById(db, current) : findIndexByName(db, current);
    if (!index) throw notFound(`Index "${current}" not found.`);
    return { unlinked: deleteIndexRow(db, index.id) };
  });
}

/** The metadata types an index declares, and what its documents' values are. */
export function getIndexFields(
  quire: SearchDatabase,
  name: string,
): { declared: Record<string, MetadataType>; inferred: ReturnType<typeof inferredFieldTypes> } {
  return readSnapshot(quire, (db) => {
    const index = findIndexByName(db, name);
    if (!index) throw notFound(`Index "${name}" not found.`);
    return { declared: listIndexFields(db, index.id), inferred: inferredFieldTypes(db, index.id) };
  });
}

/**
 * Declare metadata types for an index (`null` undeclares a key): filters,
 * sorting and facets in that index then read the key as that type.
 */
export async function updateIndexFields(
  quire: SearchDatabase,
  name: string,
  fields: Record<string, MetadataType | null>,
): Promise<Record<string, MetadataType>> {
  for (const [key, type] of Object.entries(fields)) {
    if (key.trim() === "" || key.length > 255) throw badRequest("Invalid metadata key.");
    if (type !== null && !["string", "number", "date", "boolean"].includes(type)) {
      throw badRequest(
        `Unrecognized type for "${key}": ${String(type)}. Valid types are string, number, date, boolean.`,
      );
    }
  }
  return quire.writer.run((db) => {
    const index = findIndexByName(db, name);
    if (!index) throw notFound(`Index "${name}" not found.`);
    setIndexFields(db, index.id, fields);
    return listIndexFields(db, index.id);
  });
}
