import { sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { ScalarFunction } from "@quire/db";

import type { SearchDb } from "../index";
import { integerList } from "./sql-lists";
import { ftsTable } from "./tokenizers";
import type { Tokenizer } from "./tokenizers";
import { ftsVersion } from "./vocabulary";

/**
 * bm25 "term at a time", exactly as FTS5 computes it, for OR queries of many
 * phrases over big indexes (a natural-language question: 10 to 20 words, most
 * of them in thousands of documents).
 *
 * FTS5's bm25 of a row is a sum over the phrases of the expression, each term
 * depending on that phrase alone (its idf, its hits in the row, the row's
 * length): `score = -Σᵢ idfᵢ · fᵢ(k1+1) / (fᵢ + k1(1 − b + b·D/avgdl))`. So
 * the score of `"a" OR "b" OR "c"` is the sum of the scores of `"a"`, `"b"`
 * and `"c"` asked one by one, added in phrase order: bit for bit the same
 * double (tested), and every document of the OR has at least one of them.
 *
 * One FTS5 query for the whole OR pays, each time, for merging every doclist,
 * scanning each phrase's doclist again for its idf and scoring every matching
 * row with every phrase: 80 ms for a 14-word question matching 83% of a
 * 100k-document index. One phrase's scores, once computed, stay right until
 * the index changes (N, avgdl and the idf are all index-wide), so they are
 * kept per connection, as typed arrays, until FTS5's structure record
 * changes ({@link ftsVersion}); a question whose phrases are cached is then a
 * few additions per matching document, and the exact count comes for free.
 * A search in some indexes only skips the documents outside them, from a
 * bitmap kept until their links change ({@link indexMembers}).
 */

/** Cached phrase scores per connection, at most this many bytes (12 per document per phrase). */
export const TERM_SCORE_CACHE_BYTES = 48 * 1024 * 1024;

/**
 * Document ids up to this are scored phrase by phrase (sums in a 9-byte-per-id
 * scratch array per connection: 38 MB at most); beyond it, one FTS5 query.
 */
export const MAX_ACCUMULATED_ID = 4 * 1024 * 1024;

/** The documents holding a phrase, ascending, with the phrase's bm25 term for each (negative). */
export interface PhraseScores {
  ids: Int32Array;
  scores: Float64Array;
}

interface Sink {
  ids: Int32Array;
  scores: Float64Array;
  n: number;
}

/**
 * The state of this module, shared by every copy of it in the process: a
 * Next.js build bundles this file into each of its server bundles, but the
 * connection (and the `quire_collect` function installed on it) is opened by
 * one of them and used by all, so the collector and the caches must be the
 * same object whichever copy runs.
 */
interface SharedState {
  sink: Sink | null;
  caches: WeakMap<object, Map<Tokenizer, Cache>>;
  memberCaches: WeakMap<object, Map<string, Members>>;
  scratches: WeakMap<object, Scratch>;
}
const STATE = Symbol.for("quire.search-db.term-scores");
const shared = globalThis as { [STATE]?: SharedState };
const state: SharedState = (shared[STATE] ??= {
  sink: null,
  caches: new WeakMap(),
  memberCaches: new WeakMap(),
  scratches: new WeakMap(),
});

/**
 * `quire_collect(id, value)`: appends the pair to the arrays being filled by
 * {@link collectRows} (returning rows to JavaScript costs 1.3 µs each; a
 * function call, a fifth of it). Outside of it, a no-op.
 */
export const quireCollect: ScalarFunction = {
  kind: "function",
  name: "quire_collect",
  fn: (id, score) => {
    const s = state.sink;
    if (s === null || typeof id !== "number" || typeof score !== "number") return null;
    if (s.n === s.ids.length) {
      const ids = new Int32Array(s.n * 2);
      ids.set(s.ids);
      const scores = new Float64Array(s.n * 2);
      scores.set(s.scores);
      s.ids = ids;
      s.scores = scores;
    }
    s.ids[s.n] = id;
    s.scores[s.n] = score;
    s.n++;
    return null;
  },
};

/** bm25 column weights (title, content), as in `bm25(fts, title, content)`. */
export interface ScoreWeights {
  title: number;
  content: number;
}

/**
 * One phrase's bm25 term for every document holding it: FTS5's own bm25 of
 * the one-phrase query, in rowid order. Needs {@link quireCollect} on the
 * connection (`openSearchDatabase` installs it).
 */
export function phraseScores(
  db: SearchDb,
  tokenizer: Tokenizer | undefined,
  phrase: string,
  weights: ScoreWeights,
): PhraseScores {
  const fts = ftsTable(tokenizer);
  return collectRows(
    db,
    sql`SELECT count(*) FROM ${fts} WHERE ${fts} MATCH ${phrase}
        AND quire_collect(${fts}.rowid, bm25(${fts}, ${weights.title}, ${weights.content})) IS NULL`,
  );
}

/** Run a statement that calls `quire_collect(id, value)` per row; the pairs it collected. */
function collectRows(db: SearchDb, query: SQL): PhraseScores {
  const previous = state.sink;
  const mine: Sink = { ids: new Int32Array(256), scores: new Float64Array(256), n: 0 };
  state.sink = mine;
  try {
    db.get(query);
  } finally {
    state.sink = previous;
  }
  return { ids: mine.ids.slice(0, mine.n), scores: mine.scores.slice(0, mine.n) };
}

interface Members {
  version: string;
  /** `members[id]` is 1 for a document in one of the indexes. */
  members: Uint8Array;
}
/** Indexes (or sets of indexes) whose documents are kept per connection. */
const MAX_MEMBER_SETS = 16;

/**
 * Which documents are in at least one of the indexes, as a bitmap by id:
 * read once (one pass over the links), then kept per connection until a link
 * of one of them is added or removed (`indexes.links_version`, bumped by the
 * link triggers of drizzle/0013_index_links_version.sql).
 */
export function indexMembers(db: SearchDb, indexIds: readonly number[]): Uint8Array {
  const ids = [...new Set(indexIds)].sort((a, b) => a - b);
  const list = integerList(ids);
  const version =
    db.get<{ v: string | null }>(
      sql`SELECT group_concat(id || ':' || links_version, ',') AS v
          FROM (SELECT id, links_version FROM indexes WHERE id IN (${list}) ORDER BY id)`,
    )?.v ?? "";
  let cache = state.memberCaches.get(db);
  if (!cache) state.memberCaches.set(db, (cache = new Map<string, Members>()));
  const key = ids.join(",");
  const cached = cache.get(key);
  cache.delete(key);
  if (cached && cached.version === version) {
    cache.set(key, cached);
    return cached.members;
  }
  const rows = collectRows(
    db,
    sql`SELECT count(*) FROM index_documents
        WHERE index_id IN (${list}) AND quire_collect(document_id, 0) IS NULL`,
  );
  const members = new Uint8Array(rows.ids.reduce((max, id) => Math.max(max, id), 0) + 1);
  for (const id of rows.ids) members[id] = 1;
  cache.set(key, { version, members });
  for (const oldest of cache.keys()) {
    if (cache.size <= MAX_MEMBER_SETS) break;
    cache.delete(oldest);
  }
  return members;
}

interface Cache {
  version: string;
  /** Insertion order is use order: the first entry is the least recently used. */
  lists: Map<string, PhraseScores>;
  bytes: number;
}

const sizeOf = (list: PhraseScores) => list.ids.byteLength + list.scores.byteLength;

/** The cache of phrase scores of this connection and tokenizer, emptied if the index changed. */
function cacheOf(db: SearchDb, tokenizer: Tokenizer): Cache {
  let byTokenizer = state.caches.get(db);
  if (!byTokenizer) state.caches.set(db, (byTokenizer = new Map<Tokenizer, Cache>()));
  const version = ftsVersion(db, tokenizer);
  let cache = byTokenizer.get(tokenizer);
  if (!cache || cache.version !== version) {
    cache = { version, lists: new Map(), bytes: 0 };
    byTokenizer.set(tokenizer, cache);
  }
  return cache;
}

/** What the phrase-score cache of a connection holds for a tokenizer now (for tests and benchmarks). */
export function termScoreCacheStats(
  db: SearchDb,
  tokenizer: Tokenizer = "porter",
): { phrases: number; bytes: number } {
  const cache = state.caches.get(db)?.get(tokenizer);
  return { phrases: cache?.lists.size ?? 0, bytes: cache?.bytes ?? 0 };
}

/** Scratch arrays per connection, sized by the largest rowid seen, cleared after each use. */
interface Scratch {
  sums: Float64Array;
  seen: Uint8Array;
}

function scratchOf(db: SearchDb, maxId: number): Scratch {
  let scratch = state.scratches.get(db);
  if (!scratch || scratch.seen.length <= maxId) {
    const size = Math.max(1024, 2 ** Math.ceil(Math.log2(maxId + 1)));
    scratch = { sums: new Float64Array(size), seen: new Uint8Array(size) };
    state.scratches.set(db, scratch);
  }
  return scratch;
}

/** A document and its bm25 score (lower is better). */
export interface ScoredDocument {
  id: number;
  score: number;
}

/** The documents of an OR of phrases, scored: the exact count, and the best ones on demand. */
export interface AccumulatedScores {
  /** Documents holding at least one of the phrases (FTS5's count of their OR). */
  total: number;
  /**
   * The documents ranked `offset` to `offset + limit` by score, then id (as
   * `ORDER BY bm25(…), rowid`), leaving out `exclude`.
   */
  top(offset: number, limit: number, exclude?: ReadonlySet<number>): ScoredDocument[];
}

/**
 * The bm25 scores of `phrases[0] OR phrases[1] OR …` (each an FTS5 phrase:
 * `"word"`, `"wor"*`, `"two words"`), summed from each phrase's cached scores
 * (computed and cached on first use, see the top of this file). Same scores,
 * same count and same order as FTS5 over the OR expression. Null when
 * document ids go beyond {@link MAX_ACCUMULATED_ID}.
 *
 * @example
 * const scored = accumulateScores(db, "porter", { title: 3, content: 1 }, ['"transverse"', '"flow"', '"comput"*']);
 * scored.total; scored.top(0, 20);
 */
export function accumulateScores(
  db: SearchDb,
  tokenizer: Tokenizer | undefined,
  weights: ScoreWeights,
  phrases: readonly string[],
  /** Only the documents of these indexes (see {@link indexMembers}); null: every document. */
  indexIds: readonly number[] | null = null,
): AccumulatedScores | null {
  // Sums (and index bitmaps) are arrays indexed by document id: ids far beyond
  // that (years of deletes and re-creates) would make them huge; FTS5 alone
  // answers then.
  const maxId = db.get<{ n: number | null }>(sql`SELECT max(id) AS n FROM documents`)?.n ?? 0;
  if (maxId > MAX_ACCUMULATED_ID) return null;
  const members = indexIds === null ? undefined : indexMembers(db, indexIds);
  const cache = cacheOf(db, tokenizer ?? "porter");
  const lists = phrases.map((phrase) => {
    const key = `${weights.title},${weights.content}\u0000${phrase}`;
    let list = cache.lists.get(key);
    if (list) {
      cache.lists.delete(key); // most recently used: to the end
    } else {
      list = phraseScores(db, tokenizer, phrase, weights);
      cache.bytes += sizeOf(list);
    }
    cache.lists.set(key, list);
    return list;
  });
  for (const [key, list] of cache.lists) {
    if (cache.bytes <= TERM_SCORE_CACHE_BYTES || cache.lists.size <= phrases.length) break;
    cache.lists.delete(key);
    cache.bytes -= sizeOf(list);
  }

  const { sums, seen } = scratchOf(db, maxId); // a phrase's ids are document ids
  const touched: number[] = [];
  // Phrase by phrase, so each document's terms are added in phrase order, as FTS5 adds them.
  for (const { ids, scores } of lists) {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (members !== undefined && members[id] !== 1) continue;
      if (seen[id] === 0) {
        seen[id] = 1;
        touched.push(id);
      }
      sums[id] = sums[id]! + scores[i]!;
    }
  }
  const results = new Float64Array(touched.length);
  const docs = Int32Array.from(touched);
  for (let i = 0; i < docs.length; i++) {
    const id = docs[i]!;
    results[i] = sums[id]!;
    sums[id] = 0;
    seen[id] = 0;
  }

  return {
    total: docs.length,
    top(offset, limit, exclude) {
      const want = offset + limit;
      if (limit <= 0 || want <= 0) return [];
      const better = (a: number, b: number) =>
        results[a]! < results[b]! || (results[a] === results[b] && docs[a]! < docs[b]!);
      // A binary max-heap of the `want` best so far (the worst of them on top).
      const heap: number[] = [];
      const down = (from: number) => {
        let i = from;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let worst = i;
          if (l < heap.length && better(heap[worst]!, heap[l]!)) worst = l;
          if (r < heap.length && better(heap[worst]!, heap[r]!)) worst = r;
          if (worst === i) return;
          [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
          i = worst;
        }
      };
      for (let k = 0; k < docs.length; k++) {
        if (exclude?.has(docs[k]!)) continue;
        if (heap.length < want) {
          heap.push(k);
          for (let i = heap.length - 1; i > 0;) {
            const parent = (i - 1) >> 1;
            if (!better(heap[parent]!, heap[i]!)) break;
            [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
            i = parent;
          }
        } else if (better(k, heap[0]!)) {
          heap[0] = k;
          down(0);
        }
      }
      return heap
        .sort((a, b) => (better(a, b) ? -1 : 1))
        .slice(offset)
        .map((k) => ({ id: docs[k]!, score: results[k]! }));
    },
  };
}
