import { tokenize } from "@quire/search-db";
import type { SearchDatabase, SearchDb, Tokenizer } from "@quire/search-db";

import type { QueryTerm, TermCorrection } from "./query";
import { surfaceForms, vocabularyOf } from "./vocabulary";
import type { Correction, Vocabulary } from "./vocabulary";

export { editDistance, stemDistance, suffixCosts, SUFFIXES } from "./edit-distance";
export { MAX_CORRECTIONS, Vocabulary, vocabularyOf } from "./vocabulary";

/**
 * Typo tolerance with Meilisearch's thresholds: a word of 5 letters or more
 * may have one typo, of 9 or more two; a typo on the first letter counts as
 * two. A typo is an insertion, a deletion, a substitution or a swap of two
 * neighbours (restricted Damerau-Levenshtein distance). Corrections come from
 * the index's own vocabulary and are looked for only for words the index does
 * not contain; the ranking puts exact matches first (see `planQuery`).
 */
export const ONE_TYPO_MIN_LENGTH = 5;
export const TWO_TYPOS_MIN_LENGTH = 9;

/** Typos allowed for a word of this many characters. */
export function allowedTypos(length: number): number {
  return length >= TWO_TYPOS_MIN_LENGTH ? 2 : length >= ONE_TYPO_MIN_LENGTH ? 1 : 0;
}

/** Typos allowed for a term: 0 for phrases, words with digits and short words (letters counted: "them," has four). */
export function typoBudget(term: QueryTerm): number {
  if (term.quoted || /\p{N}/u.test(term.text)) return 0;
  return allowedTypos(term.text.match(/\p{L}/gu)?.length ?? 0);
}

/**
 * Corrections of one term, as stems of the vocabulary, given what the
 * tokenizer made of it (`tokens`). None for a term the index knows (a word
 * being typed: the start of a known term), for a term that is not one token,
 * or without a typo budget.
 */
export function termCorrections(
  vocabulary: Vocabulary,
  term: QueryTerm,
  tokens: readonly string[],
): Correction[] {
  const budget = typoBudget(term);
  if (budget === 0 || tokens.length !== 1) return [];
  const stem = tokens[0]!;
  // A word the index knows is taken as meant. Correcting known words too
  // (Meilisearch's way) cost 0.06 to 0.09 nDCG@10 on Cranfield and CISI: bm25
  // then scores documents for words nobody typed.
  if (term.prefix ? vocabulary.hasPrefix(stem) : vocabulary.docCount(stem) > 0) return [];
  // The typed word as the index folds it (case, diacritics), letters and digits only.
  const word = term.text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[^\p{L}\p{N}]/gu, "");
  // Against the stem, the stem's own length bounds the typos too: "iteration"
  // stems to "iter", which is one edit from many short stems.
  const stemTypos = Math.min(budget, allowedTypos([...stem].length));
  return vocabulary.corrections(word, stem, stemTypos, budget);
}

/**
 * Corrections as words to OR with the typed ones (see `planQuery`): each stem
 * turned back into a word the tokenizer stems to it.
 */
export function correctionWords(
  quire: SearchDatabase,
  db: SearchDb,
  corrections: readonly (readonly Correction[])[],
  tokenizer: Tokenizer = "porter",
): TermCorrection[][] {
  const forms = surfaceForms(
    quire,
    db,
    [...new Set(corrections.flat().map((c) => c.term))],
    tokenizer,
  );
  return corrections.map((list) =>
    list.flatMap((c) => {
      const word = forms.get(c.term);
      // A correction found by a word's start may be 0 edits away: still not what was typed.
      return word ? [{ word, typos: Math.max(1, c.typos) }] : [];
    }),
  );
}

/**
 * Typo corrections for each term of a simple query (an empty list when none
 * applies): for unquoted words without digits that the tokenizer keeps as one
 * token, unknown to the index, long enough for a typo.
 *
 * @example
 * typoCorrections(quire, db, parseSimpleQuery("aerodinamic ").terms!); // [[{ word: "aerodynam", typos: 1 }]]
 */
export function typoCorrections(
  quire: SearchDatabase,
  db: SearchDb,
  terms: readonly QueryTerm[],
): TermCorrection[][] {
  if (terms.every((t) => typoBudget(t) === 0)) return terms.map(() => []);
  const tokens = tokenize(
    db,
    terms.map((t) => (typoBudget(t) > 0 ? t.text : "")),
  );
  const vocabulary = vocabularyOf(quire, db);
  return correctionWords(
    quire,
    db,
    terms.map((t, i) => termCorrections(vocabulary, t, tokens[i]!)),
  );
}
