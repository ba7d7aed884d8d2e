import { countDocuments, ftsVersion, readVocabulary, tokenize } from "@quire/search-db";
import type { SearchDatabase, SearchDb, Tokenizer, VocabularyTerm } from "@quire/search-db";

import { editDistance, stemDistance, suffixCosts } from "./edit-distance";

/** Corrections kept per word: the closest, then the most frequent. */
export const MAX_CORRECTIONS = 8;
/** Indexes with fewer documents treat no word as frequent (see `Vocabulary.isFrequent`). */
export const FREQUENT_WORDS_MIN_DOCUMENTS = 10_000;

export interface Correction {
  term: string;
  /** Typos counted the Meilisearch way (first letter: two). */
  typos: number;
  docs: number;
}

/**
 * The index's vocabulary (stemmed terms), arranged for typo lookups: terms by
 * first letter and length, so a word is compared only with terms that could
 * be within reach.
 */
export class Vocabulary {
  private readonly docs = new Map<string, number>();
  /** first letter → length (code points) → terms */
  private readonly buckets = new Map<string, string[][]>();
  private readonly firstLetters: string[];
  /** Every term, sorted (code-unit order), for prefix lookups. */
  private readonly sorted: string[];

  /**
   * @param terms every term of the index with its document count
   * @param documents how many documents the index holds (bm25's N)
   */
  constructor(
    terms: readonly VocabularyTerm[],
    readonly documents = 0,
  ) {
    for (const { term, docs } of terms) {
      this.docs.set(term, docs);
      const chars = [...term];
      const first = chars[0];
      if (first === undefined) continue;
      let byLength = this.buckets.get(first);
      if (!byLength) this.buckets.set(first, (byLength = []));
      (byLength[chars.length] ??= []).push(term);
    }
    this.firstLetters = [...this.buckets.keys()];
    this.sorted = [...this.docs.keys()].sort();
  }

  /** Index of the first term not below `prefix` in the sorted list. */
  private lowerBound(prefix: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether some term starts with `prefix` (a word still being typed may be the start of one). */
  hasPrefix(prefix: string): boolean {
    const at = this.lowerBound(prefix);
    return at < this.sorted.length && this.sorted[at]!.startsWith(prefix);
  }

  /**
   * The most documents any one term starting with `prefix` is in (a lower
   * bound for the prefix as a whole); stops counting after `limit` terms.
   */
  maxDocsWithPrefix(prefix: string, limit = 100_000): number {
    let best = 0;
    for (let i = this.lowerBound(prefix), n = 0; i < this.sorted.length && n < limit; i++, n++) {
      const term = this.sorted[i]!;
      if (!term.startsWith(prefix)) break;
      best = Math.max(best, this.docs.get(term)!);
    }
    return best;
  }

  /**
   * Whether `term` is in more than half of the documents of a big index: bm25
   * gives such a term next to no weight (FTS5 floors its idf at 1e-6), yet
   * scoring it means reading and scoring most of the index. Small indexes
   * (below {@link FREQUENT_WORDS_MIN_DOCUMENTS}) score every word: it is cheap
   * there, and the tiny weight still orders documents by how often they use it.
   */
  isFrequent(term: string, prefix = false): boolean {
    if (this.documents < FREQUENT_WORDS_MIN_DOCUMENTS) return false;
    const docs = prefix ? this.maxDocsWithPrefix(term) : this.docCount(term);
    return docs > this.documents / 2;
  }

  get size(): number {
    return this.docs.size;
  }

  /** Documents holding `term` (0 when it is not in the index). */
  docCount(term: string): number {
    return this.docs.get(term) ?? 0;
  }

  /**
   * Terms within reach of a typed word, closest and most frequent first; the
   * word's own stem is left out. Terms are stems, so a term is compared with
   * the stem of the word (`stem`, up to `stemTypos` edits) and with the word
   * itself as term + suffix (up to `wordTypos` edits, see {@link stemDistance}):
   * a typo in a suffix ("tolerancs") defeats the stemmer but not the second
   * way. A different first letter costs one typo more (Meilisearch's rule).
   *
   * @example
   * vocabulary.corrections("dliation", "dliation", 2, 1); // [{ term: "dilat", typos: 1, … }]
   */
  corrections(
    word: string,
    stem: string,
    stemTypos: number,
    wordTypos: number,
    limit = MAX_CORRECTIONS,
  ): Correction[] {
    const max = Math.max(stemTypos, wordTypos);
    if (max <= 0) return [];
    const w = [...word];
    const st = [...stem];
    const minPrefix = Math.max(3, Math.ceil(w.length / 2));
    const tails = suffixCosts(w, wordTypos);
    const found = new Map<string, number>();
    const consider = (term: string, extra: number) => {
      if (term === stem || found.has(term)) return;
      const t = [...term];
      let typos = max + 1;
      if (stemTypos - extra >= 0) typos = editDistance(st, t, stemTypos - extra) + extra;
      // Short stems ("the", "us") are a start of too many words to be matched that way.
      if (typos > stemTypos && wordTypos - extra >= 0 && t.length >= 4) {
        typos = stemDistance(t, w, tails, minPrefix, wordTypos - extra) + extra;
        if (typos > wordTypos) return;
      } else if (typos > stemTypos) return;
      found.set(term, typos);
    };
    const lengths = (byLength: string[][], extra: number) => {
      const slack = max - extra;
      const lo = Math.min(st.length, minPrefix) - slack;
      const hi = Math.max(st.length, w.length) + slack;
      for (let len = Math.max(1, lo); len <= hi; len++) {
        for (const term of byLength[len] ?? []) consider(term, extra);
      }
    };
    const first = st[0]!;
    const same = this.buckets.get(first);
    if (same) lengths(same, 0);
    if (w[0] !== undefined && w[0] !== first) {
      const typed = this.buckets.get(w[0]);
      if (typed) lengths(typed, 0);
    }
    if (max >= 2) {
      // An edit of the first letter counts as two typos: with two allowed, the
      // rest must match exactly; enumerate those terms rather than scan for them.
      const rest = st.slice(1).join("");
      const variants = [rest, st.length > 1 ? st[1]! + first + st.slice(2).join("") : ""];
      for (const letter of this.firstLetters) {
        if (letter !== first) variants.push(letter + rest, letter + stem);
      }
      for (const term of variants) {
        if (term !== "" && term !== stem && this.docs.has(term) && !found.has(term))
          found.set(term, 2);
      }
    }
    return [...found]
      .map(([term, typos]) => ({ term, typos, docs: this.docCount(term) }))
      .sort((a, b) => a.typos - b.typos || b.docs - a.docs || (a.term < b.term ? -1 : 1))
      .slice(0, limit);
  }
}

interface CachedVocabulary {
  vocabulary: Vocabulary;
  version: string;
  builtAt: number;
  buildMs: number;
}

/** Per connection, per tokenizer (each has its own FTS5 table and terms). */
const cache = new WeakMap<SearchDatabase["sqlite"], Map<Tokenizer, CachedVocabulary>>();
/** Per connection and tokenizer: stem → a word FTS5 turns into exactly that stem (null: none found). */
const surfaces = new WeakMap<SearchDatabase["sqlite"], Map<string, string | null>>();
const MAX_SURFACES = 50_000;

/**
 * The vocabulary of `quire`'s index, read once and kept in memory. After a
 * write it is rebuilt on the next use; for a big index (a build of 20 ms or
 * more) no more often than ten times its build time, so that constant writes
 * cost at most a tenth of the time; meanwhile the previous one answers, which
 * at worst misses a correction to a brand-new word or misjudges how frequent a
 * word is.
 */
export function vocabularyOf(
  quire: SearchDatabase,
  db: SearchDb,
  tokenizer: Tokenizer = "porter",
): Vocabulary {
  const version = ftsVersion(db, tokenizer);
  let byTokenizer = cache.get(quire.sqlite);
  if (!byTokenizer) cache.set(quire.sqlite, (byTokenizer = new Map<Tokenizer, CachedVocabulary>()));
  const cached = byTokenizer.get(tokenizer);
  const now = performance.now();
  // Rebuilds under 20 ms (small indexes) always happen: the answer is never stale there.
  const fresh = (c: CachedVocabulary) =>
    c.version === version || (c.buildMs >= 20 && now - c.builtAt < 10 * c.buildMs);
  if (cached && fresh(cached)) {
    return cached.vocabulary;
  }
  const vocabulary = new Vocabulary(readVocabulary(db, tokenizer), countDocuments(db));
  const done = performance.now();
  byTokenizer.set(tokenizer, { vocabulary, version, builtAt: done, buildMs: done - now });
  return vocabulary;
}

/**
 * A query word that the tokenizer turns into `stem`: the stem itself when
 * porter leaves it alone, else the stem plus "e" (porter stems "agreed" to
 * "agre" but "agre" to "agr"); checked through the real tokenizer.
 */
export function surfaceForms(
  quire: SearchDatabase,
  db: SearchDb,
  stems: readonly string[],
  tokenizer: Tokenizer = "porter",
): Map<string, string | null> {
  let known = surfaces.get(quire.sqlite);
  if (!known) surfaces.set(quire.sqlite, (known = new Map<string, string | null>()));
  if (known.size > MAX_SURFACES) known.clear();
  const key = (stem: string) => `${tokenizer}\u0000${stem}`;
  const missing = stems.filter((s) => !known.has(key(s)));
  if (missing.length > 0) {
    const tries = missing.flatMap((s) => [s, `${s}e`]);
    const tokens = tokenize(db, tries, tokenizer);
    missing.forEach((stem, i) => {
      const [plain, withE] = [tokens[2 * i]!, tokens[2 * i + 1]!];
      const ok = (t: string[]) => t.length === 1 && t[0] === stem;
      known.set(key(stem), ok(plain) ? stem : ok(withE) ? `${stem}e` : null);
    });
  }
  return new Map(stems.map((s) => [s, known.get(key(s)) ?? null]));
}
