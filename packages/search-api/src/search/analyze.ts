import { tokenize } from "@quire/search-db";
import type { SearchDatabase, SearchDb, Tokenizer } from "@quire/search-db";

import type { QueryTerm, TermCorrection } from "./query";
import { correctionWords, termCorrections } from "./typos";
import { vocabularyOf } from "./vocabulary";

/** What the index's vocabulary says about the terms of a simple query. */
export interface TermAnalysis {
  /** Typo corrections per term (empty unless asked for and applicable). */
  corrections: TermCorrection[][];
  /**
   * Per term: found in more than half of the documents, so bm25 gives it no
   * weight (a word being typed: some word it starts is). Phrases never are.
   */
  frequent: boolean[];
}

/**
 * Tokenize the terms once and look them up in the cached vocabulary: typo
 * corrections and frequent words.
 *
 * @example
 * analyzeTerms(quire, db, parseSimpleQuery("the wnig ").terms!, { typos: true });
 * // { corrections: [[], [{ word: "wing", typos: 1 }]], frequent: [true, false] }
 */
export function analyzeTerms(
  quire: SearchDatabase,
  db: SearchDb,
  terms: readonly QueryTerm[],
  options: { typos: boolean; tokenizer?: Tokenizer },
): TermAnalysis {
  const tokenizer = options.tokenizer ?? "porter";
  // Trigrams are no words: no vocabulary to correct typos from or to call a word frequent.
  if (tokenizer === "trigram") {
    return { corrections: terms.map(() => []), frequent: terms.map(() => false) };
  }
  const tokens = tokenize(
    db,
    terms.map((t) => t.text),
    tokenizer,
  );
  const vocabulary = vocabularyOf(quire, db, tokenizer);
  const frequent = terms.map((t, i) => {
    const list = tokens[i]!;
    return !t.quoted && list.length === 1 && vocabulary.isFrequent(list[0]!, t.prefix);
  });
  const corrections = options.typos
    ? correctionWords(
        quire,
        db,
        terms.map((t, i) => termCorrections(vocabulary, t, tokens[i]!)),
        tokenizer,
      )
    : terms.map(() => []);
  return { corrections, frequent };
}
