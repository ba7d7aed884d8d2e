import { tokenize } from "@quire/search-db";
import type { SearchDatabase, SearchDb, Tokenizer } from "@quire/search-db";

import type { QueryTerm, TermCorrection, TermStats } from "./query";
import { correctionWords, termCorrections } from "./typos";
import { FREQUENT_WORDS_MIN_DOCUMENTS, vocabularyOf } from "./vocabulary";

/** What the index's vocabulary says about the terms of a simple query. */
export interface TermAnalysis {
  /** Typo corrections per term (empty unless asked for and applicable). */
  corrections: TermCorrection[][];
  /**
   * Per term: found in more than half of the documents, so bm25 gives it no
   * weight (a word being typed: some word it starts is). Phrases never are.
   */
  frequent: boolean[];
  /**
   * How many documents hold each term, in an index of at least
   * {@link FREQUENT_WORDS_MIN_DOCUMENTS} documents (else null): a word's count;
   * a word being typed, the most any word it starts is in; a phrase or a term
   * of several tokens, its rarest token.
   */
  stats: TermStats | null;
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
    return { corrections: terms.map(() => []), frequent: terms.map(() => false), stats: null };
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
  const stats =
    vocabulary.documents >= FREQUENT_WORDS_MIN_DOCUMENTS
      ? {
          documents: vocabulary.documents,
          docs: terms.map((t, i) => {
            const list = tokens[i]!;
            if (list.length === 0) return 0;
            return Math.min(
              ...list.map((token, j) =>
                t.prefix && j === list.length - 1
                  ? vocabulary.maxDocsWithPrefix(token)
                  : vocabulary.docCount(token),
              ),
            );
          }),
        }
      : null;
  const corrections = options.typos
    ? correctionWords(
        quire,
        db,
        terms.map((t, i) => termCorrections(vocabulary, t, tokens[i]!)),
        tokenizer,
      )
    : terms.map(() => []);
  return { corrections, frequent, stats };
}
