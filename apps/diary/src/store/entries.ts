import type { Diary } from "./open";

export interface Entry {
  id: number;
  title: string | null;
  body: string;
  tags: string[];
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
}

export interface NewEntry {
  title?: string | null;
  body: string;
  tags?: string[];
  createdAt?: number;
  updatedAt?: number;
}

export interface EntryChanges {
  title?: string | null;
  body?: string;
  tags?: string[];
}

interface EntryRow {
  id: number;
  title: string | null;
  body: string;
  created_at: number;
  updated_at: number;
  tags: string | null;
}

/** Tags travel as one JSON array per row (json_group_array), so a list is one query. */
const ENTRY_COLUMNS = `e.id, e.title, e.body, e.created_at, e.updated_at,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM entry_tags t WHERE t.entry_id = e.id ORDER BY tag)) AS tags`;

function toEntry(row: EntryRow): Entry {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Lower-case, without a leading `#`; letters, digits, `-` and `_` only. */
export function normalizeTag(tag: string): string {
  const t = tag.trim().replace(/^#/, "").toLowerCase();
  if (!/^[\p{L}\p{N}_-]+$/u.test(t)) throw new TypeError(`invalid tag "${tag}": use letters, digits, - and _`);
  return t;
}

export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.flatMap((t) => t.split(",")).filter((t) => t.trim() !== "").map(normalizeTag))].sort();
}

function setTags(diary: Diary, id: number, tags: string[]) {
  diary.sqlite.prepare("DELETE FROM entry_tags WHERE entry_id = ?").run(id);
  const insert = diary.sqlite.prepare("INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)");
  for (const tag of tags) insert.run(id, tag);
}

/** Add an entry (through the writer); resolves once it is committed. */
export async function addEntry(diary: Diary, input: NewEntry): Promise<Entry> {
  const now = Date.now();
  const tags = normalizeTags(input.tags ?? []);
  const id = await diary.writer.run(() => {
    const created = input.createdAt ?? now;
    const row = diary.sqlite
      .prepare("INSERT INTO entries (title, body, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id")
      .pluck()
      .get(input.title || null, input.body, created, input.updatedAt ?? created) as number;
    setTags(diary, row, tags);
    return row;
  });
  return getEntry(diary, id)!;
}

export function getEntry(diary: Diary, id: number): Entry | undefined {
  const row = diary.sqlite.prepare(`SELECT ${ENTRY_COLUMNS} FROM entries e WHERE e.id = ?`).get(id) as EntryRow | undefined;
  return row && toEntry(row);
}

export interface ListOptions {
  /** Only entries created at or after this instant (ms). */
  since?: number;
  limit?: number;
  offset?: number;
  tag?: string;
}

/** Newest first. */
export function listEntries(diary: Diary, options: ListOptions = {}): Entry[] {
  const rows = diary.sqlite
    .prepare(
      `SELECT ${ENTRY_COLUMNS} FROM entries e
       WHERE e.created_at >= @since
         AND (@tag IS NULL OR EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id AND t.tag = @tag))
       ORDER BY e.created_at DESC, e.id DESC
       LIMIT @limit OFFSET @offset`,
    )
    .all({
      since: options.since ?? Number.MIN_SAFE_INTEGER,
      tag: options.tag ? normalizeTag(options.tag) : null,
      limit: options.limit ?? -1,
      offset: options.offset ?? 0,
    }) as EntryRow[];
  return rows.map(toEntry);
}

/** Oldest first: the order of an export. */
export function allEntries(diary: Diary): Entry[] {
  const rows = diary.sqlite.prepare(`SELECT ${ENTRY_COLUMNS} FROM entries e ORDER BY e.created_at, e.id`).all() as EntryRow[];
  return rows.map(toEntry);
}

export function countEntries(diary: Diary): number {
  return diary.sqlite.prepare("SELECT count(*) FROM entries").pluck().get() as number;
}

/** Change what is given; `updated_at` moves only when something changed. Undefined when there is no such entry. */
export async function updateEntry(diary: Diary, id: number, changes: EntryChanges): Promise<Entry | undefined> {
  const tags = changes.tags && normalizeTags(changes.tags);
  const found = await diary.writer.run(() => {
    const before = getEntry(diary, id);
    if (!before) return false;
    const title = changes.title === undefined ? before.title : changes.title || null;
    const body = changes.body ?? before.body;
    const tagsChanged = tags !== undefined && tags.join("\n") !== before.tags.join("\n");
    if (title === before.title && body === before.body && !tagsChanged) return true;
    diary.sqlite.prepare("UPDATE entries SET title = ?, body = ?, updated_at = ? WHERE id = ?").run(title, body, Date.now(), id);
    if (tags && tagsChanged) setTags(diary, id, tags);
    return true;
  });
  return found ? getEntry(diary, id) : undefined;
}

export async function deleteEntry(diary: Diary, id: number): Promise<boolean> {
  return diary.writer.run(() => diary.sqlite.prepare("DELETE FROM entries WHERE id = ?").run(id).changes > 0);
}

/** Marks around a match in {@link SearchHit} text; the formatter turns them into colour or brackets. */
export const MARK_START = "\u0001";
export const MARK_END = "\u0002";

export interface SearchHit {
  entry: Entry;
  /** The title with matches marked, or null. */
  title: string | null;
  /** A short excerpt of the body around the matches, marked. */
  snippet: string;
  /** bm25 score: lower is better. */
  rank: number;
}

/**
 * What the user typed, as an FTS5 query that cannot be a syntax error: every
 * word or "quoted phrase" becomes a string (all must match), `word*` keeps
 * its prefix star, `OR` between two terms is kept.
 */
export function toFtsQuery(input: string): string {
  const parts: string[] = [];
  for (const m of input.matchAll(/"([^"]*)"|(\S+)/g)) {
    if (m[1] !== undefined) {
      if (m[1].trim()) parts.push(`"${m[1].replaceAll('"', '""')}"`);
      continue;
    }
    const word = m[2]!;
    if (word === "OR" && parts.length > 0) {
      if (parts.at(-1) !== "OR") parts.push("OR");
      continue;
    }
    const prefix = word.endsWith("*") && word.length > 1;
    const text = (prefix ? word.slice(0, -1) : word).replaceAll('"', '""');
    parts.push(`"${text}"${prefix ? "*" : ""}`);
  }
  while (parts.at(-1) === "OR") parts.pop();
  return parts.join(" ");
}

/** Full-text search over titles and bodies, best match first (bm25, a title hit weighs double). */
export function searchEntries(diary: Diary, query: string, options: { limit?: number } = {}): SearchHit[] {
  const match = toFtsQuery(query);
  if (!match) return [];
  // FTS5's auxiliary functions (bm25, highlight, snippet) have no drizzle form.
  const rows = diary.sqlite
    .prepare(
      `SELECT ${ENTRY_COLUMNS},
         bm25(entries_fts, 2.0, 1.0) AS rank,
         highlight(entries_fts, 0, @start, @end) AS marked_title,
         snippet(entries_fts, 1, @start, @end, '…', 16) AS snippet
       FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid
       WHERE entries_fts MATCH @match
       ORDER BY rank, e.created_at DESC
       LIMIT @limit`,
    )
    .all({ match, start: MARK_START, end: MARK_END, limit: options.limit ?? -1 }) as (EntryRow & { rank: number; marked_title: string | null; snippet: string })[];
  return rows.map((r) => ({ entry: toEntry(r), title: r.marked_title, snippet: r.snippet, rank: r.rank }));
}

export interface ImportResult {
  imported: number;
  /** Already in the diary (same creation time and text). */
  skipped: number;
}

/** Add many entries in one unit of work; importing the same export twice adds nothing. */
export async function importEntries(diary: Diary, entries: NewEntry[]): Promise<ImportResult> {
  const prepared = entries.map((e) => ({ ...e, tags: normalizeTags(e.tags ?? []) }));
  return diary.writer.run(() => {
    const exists = diary.sqlite.prepare("SELECT 1 FROM entries WHERE created_at = ? AND body = ?").pluck();
    const insert = diary.sqlite
      .prepare("INSERT INTO entries (title, body, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id")
      .pluck();
    const now = Date.now();
    let imported = 0;
    let skipped = 0;
    for (const e of prepared) {
      const created = e.createdAt ?? now;
      if (exists.get(created, e.body)) {
        skipped++;
        continue;
      }
      const id = insert.get(e.title || null, e.body, created, e.updatedAt ?? created) as number;
      setTags(diary, id, e.tags);
      imported++;
    }
    return { imported, skipped };
  });
}
