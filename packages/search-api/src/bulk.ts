import {
  bulkUpsertDocuments,
  countDocumentsInIndexes,
  findIndexByName,
  insertIndex,
  mergeIndex,
  readAutomerge,
  setAutomerge,
} from "@quire/search-db";
import type { BulkRow, SearchDatabase } from "@quire/search-db";

import { checkIdentifier, dict, metadataString } from "./documents";
import { badRequest, ScoutError } from "./errors";
import { checkIndexName } from "./indexes";

/** Counts so far; `onProgress` receives one after each committed unit. */
export interface ImportProgress {
  /** Items read from the input. */
  read: number;
  created: number;
  updated: number;
  /** Items refused (see `errors`). */
  failed: number;
}

export interface ImportItemError {
  /** 1-based position of the item in the input (the line of an NDJSON file). */
  item: number;
  error: string;
}

export interface ImportResult extends ImportProgress {
  index: string;
  /** Documents in the index once the import has committed. */
  documentCount: number;
  /** The first {@link MAX_REPORTED_ERRORS} refused items. */
  errors: ImportItemError[];
}

export interface ImportOptions {
  /** Documents per writer unit (default 250): small enough to keep the event loop responsive. */
  batchSize?: number;
  /** Units queued at once (default 4); the writer commits the ones queued together as one transaction. */
  inFlight?: number;
  /** Create the index when it does not exist (default true). */
  createIndex?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

export const MAX_REPORTED_ERRORS = 100;

/** An input item that could not even be parsed (a bad NDJSON line): counted and reported as failed. */
export class ImportParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportParseError";
  }
}
const ITEM_KEYS: ReadonlySet<string> = new Set(["identifier", "title", "content", "metadata"]);
const MAX_CONTENT = 10_000_000;

/**
 * One import item checked and shaped: `{ content, identifier?, title?,
 * metadata? }`; content a string (or number), metadata an object whose
 * values are stored as strings (Scout's rule). Throws a ScoutError naming the problem.
 */
export function bulkRow(item: unknown): BulkRow {
  if (typeof item !== "object" || item === null || Array.isArray(item))
    throw badRequest("Each document must be a JSON object.");
  const record = item as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !ITEM_KEYS.has(k));
  if (unknown.length > 0) throw badRequest(`Invalid keys: ${unknown.sort().join(", ")}`);
  const text = (value: unknown, field: string): string | null => {
    if (value === undefined || value === null || value === "") return null;
    if (typeof value === "string") return value;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    throw badRequest(`"${field}" must be a string.`);
  };
  const content = text(record.content, "content");
  if (content === null) throw badRequest("Missing required fields: content");
  if (content.length > MAX_CONTENT) throw badRequest('"content" is too long.');
  const identifier = text(record.identifier, "identifier");
  if (identifier !== null) checkIdentifier(identifier);
  let metadata: Record<string, string> | undefined;
  if (record.metadata !== undefined && record.metadata !== null) {
    if (typeof record.metadata !== "object" || Array.isArray(record.metadata))
      throw badRequest("Metadata must be a JSON object.");
    metadata = dict<string>();
    for (const [key, value] of Object.entries(record.metadata)) {
      if (value !== null && value !== undefined) metadata[key] = metadataString(value);
    }
  } else if (record.metadata === null) {
    metadata = dict<string>();
  }
  return { identifier, title: text(record.title, "title"), content, metadata };
}

function messageOf(error: unknown): string {
  return error instanceof ScoutError ? error.message : (error as Error).message || String(error);
}

/**
 * Bulk import into one index: documents created, or updated when their
 * identifier exists (upsert). Items are validated one by one (a bad item is
 * counted and reported, the others go in), written in units of `batchSize`
 * through the group-committing writer, several units in flight. Resolves with
 * exact counts once everything has committed.
 *
 * @example
 * const result = await importDocuments(quire, "papers", [{ identifier: "p1", title: "Wings", content: "…" }], {
 *   onProgress: (p) => console.log(p.read, p.created + p.updated),
 * });
 */
export async function importDocuments(
  quire: SearchDatabase,
  index: string,
  items: Iterable<unknown> | AsyncIterable<unknown>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  checkIndexName(index);
  const indexId = await quire.writer.run((db) => {
    const found = findIndexByName(db, index);
    if (found) return found.id;
    if (options.createIndex === false) return null;
    return insertIndex(db, index).id;
  });
  if (indexId === null) throw badRequest(`The following indexes were not found: ${index}.`);
  await beginBulk(quire);
  try {
    return await runImport(quire, index, indexId, items, options);
  } finally {
    await endBulk(quire);
  }
}

/** Imports running per database, and the `automerge` to restore after the last. */
const bulkState = new WeakMap<SearchDatabase["sqlite"], { running: number; automerge: number }>();
const BULK_AUTOMERGE = 16;

/**
 * While imports run, FTS5 merges segments less often (automerge 16 instead
 * of 4): +20% docs/s. The last import to finish restores the setting, then
 * merges the index in small writer units so queries read few segments again.
 */
async function beginBulk(quire: SearchDatabase): Promise<void> {
  const state = bulkState.get(quire.sqlite);
  if (state) {
    state.running++;
    return;
  }
  const entry = { running: 1, automerge: 0 };
  bulkState.set(quire.sqlite, entry);
  await quire.writer.run((db) => {
    entry.automerge = readAutomerge(db);
    setAutomerge(db, Math.max(BULK_AUTOMERGE, entry.automerge));
  });
}

async function endBulk(quire: SearchDatabase): Promise<void> {
  const state = bulkState.get(quire.sqlite)!;
  if (--state.running > 0) return;
  bulkState.delete(quire.sqlite);
  await quire.writer.run((db) => setAutomerge(db, state.automerge));
  // Bounded: each unit writes at most 500 pages; a fully merged index stops at once.
  for (let i = 0; i < 10_000; i++) {
    if (!(await quire.writer.run((db) => mergeIndex(db, 500)))) break;
  }
}

async function runImport(
  quire: SearchDatabase,
  index: string,
  indexId: number,
  items: Iterable<unknown> | AsyncIterable<unknown>,
  options: ImportOptions,
): Promise<ImportResult> {
  const batchSize = Math.max(1, options.batchSize ?? 250);
  const inFlight = Math.max(1, options.inFlight ?? 4);

  const progress: ImportProgress = { read: 0, created: 0, updated: 0, failed: 0 };
  const errors: ImportItemError[] = [];
  const fail = (item: number, error: unknown) => {
    progress.failed++;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push({ item, error: messageOf(error) });
  };

  /** Write one batch; if the unit fails, retry its rows one by one so only the bad ones are lost. */
  const write = async (rows: BulkRow[], positions: number[]) => {
    try {
      const out = await quire.writer.run((db) => bulkUpsertDocuments(db, indexId, rows));
      progress.created += out.created;
      progress.updated += out.updated;
    } catch (error) {
      if (rows.length === 1) {
        fail(positions[0]!, error);
      } else {
        for (let i = 0; i < rows.length; i++) await write([rows[i]!], [positions[i]!]);
        return;
      }
    }
    options.onProgress?.({ ...progress });
  };

  const pending = new Set<Promise<void>>();
  let rows: BulkRow[] = [];
  let positions: number[] = [];
  const flush = async () => {
    if (rows.length === 0) return;
    const unit = write(rows, positions);
    rows = [];
    positions = [];
    pending.add(unit);
    void unit.finally(() => pending.delete(unit));
    // Backpressure: at most `inFlight` units queued; reading waits for the writer.
    if (pending.size >= inFlight) await Promise.race(pending);
  };

  for await (const item of items) {
    progress.read++;
    if (item instanceof ImportParseError) {
      fail(progress.read, item);
      continue;
    }
    try {
      rows.push(bulkRow(item));
      positions.push(progress.read);
    } catch (error) {
      fail(progress.read, error);
    }
    if (rows.length >= batchSize) await flush();
  }
  await flush();
  await Promise.all(pending);
  options.onProgress?.({ ...progress });

  const documentCount = countDocumentsInIndexes(quire.db, [indexId]);
  return { index, ...progress, documentCount, errors };
}
