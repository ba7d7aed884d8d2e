import fs from "node:fs";

import type { SearchDatabase } from "@quire/search-db";

import { getIndexByName } from "../../src/indexes";
import { runSearch } from "../../src/search/search";
import { editDistance } from "../../src/search/typos";
import type { Collection } from "./collections";

/** Debian's word list (package wamerican): misspellings that are real words are left out. */
export const DICTIONARY = "/usr/share/dict/american-english";

export interface TypoCase {
  word: string;
  typed: string;
  /** Identifier of the document the word was taken from. */
  doc: string;
}

export interface TypoRecall {
  collection: string;
  kind: string;
  cases: number;
  /** The intended document in the top 10, typing the word right (typos on). */
  exact: number;
  /** … typing the misspelling, typos on. */
  typos: number;
  /** … typing the misspelling, typos=0. */
  noTypos: number;
}

/** Undefined (and the figure skipped) when the word list is not installed. */
export function loadDictionary(file = DICTIONARY): Set<string> | undefined {
  if (!fs.existsSync(file)) return undefined;
  return new Set(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .map((w) => w.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** A small deterministic PRNG (LCG), so every run tests the same misspellings. */
export function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** One random edit (insert, delete, substitute, swap neighbours) at or after `from`. */
function edit(word: string, from: number, rand: () => number): string {
  const letter = LETTERS[Math.floor(rand() * LETTERS.length)]!;
  const op = Math.floor(rand() * 4);
  const span = word.length - from;
  const at = from + Math.floor(rand() * span);
  switch (op) {
    case 0:
      return word.slice(0, at) + letter + word.slice(at);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    case 2:
      return word.slice(0, at) + letter + word.slice(at + 1);
    default:
      return at + 1 < word.length
        ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
        : word.slice(0, at) + letter + word.slice(at + 1);
  }
}

/**
 * Misspellings of words of the collection: words of `minLength`+ letters
 * found in at most three documents (so the word alone can bring its document
 * into the top 10), each given `edits` random edits from the second letter on
 * (or, with `firstLetter`, the first letter replaced), keeping only misspellings
 * at exactly that distance that are neither English words nor words of the
 * collection.
 */
export function typoCases(
  collection: Collection,
  dictionary: ReadonlySet<string>,
  options: { edits: number; minLength: number; firstLetter?: boolean; count: number; seed: number },
): TypoCase[] {
  const docsOf = new Map<string, Set<string>>();
  for (const doc of collection.docs) {
    for (const word of `${doc.title} ${doc.text}`.toLowerCase().match(/[a-z]+/g) ?? []) {
      if (!docsOf.has(word)) docsOf.set(word, new Set());
      docsOf.get(word)!.add(doc.id);
    }
  }
  const words = [...docsOf.keys()]
    .filter((w) => w.length >= options.minLength && docsOf.get(w)!.size <= 3)
    .sort();
  const rand = random(options.seed);
  const cases: TypoCase[] = [];
  for (let tries = 0; cases.length < options.count && tries < options.count * 50; tries++) {
    const word = words[Math.floor(rand() * words.length)]!;
    let typed = word;
    if (options.firstLetter) typed = LETTERS[Math.floor(rand() * 26)]! + word.slice(1);
    else for (let i = 0; i < options.edits; i++) typed = edit(typed, 1, rand);
    if (editDistance([...word], [...typed], options.edits) !== options.edits) continue;
    if (dictionary.has(typed) || docsOf.has(typed)) continue;
    if (cases.some((c) => c.word === word)) continue;
    const docs = [...docsOf.get(word)!].sort();
    cases.push({ word, typed, doc: docs[Math.floor(rand() * docs.length)]! });
  }
  return cases;
}

/** Share of cases whose document is in the top 10 for each way of typing. */
export function typoRecall(
  quire: SearchDatabase,
  collection: Collection,
  kind: string,
  cases: readonly TypoCase[],
): TypoRecall {
  const indexIds = [getIndexByName(quire, collection.name).id];
  const found = (q: string, typos: boolean, doc: string) =>
    runSearch(quire, { q: `${q} `, mode: "simple", indexIds, pageSize: 10, typos }).documents.some(
      (d) => d.identifier === doc,
    );
  let exact = 0;
  let typos = 0;
  let noTypos = 0;
  for (const c of cases) {
    if (found(c.word, true, c.doc)) exact++;
    if (found(c.typed, true, c.doc)) typos++;
    if (found(c.typed, false, c.doc)) noTypos++;
  }
  const share = (n: number) => (cases.length === 0 ? 0 : n / cases.length);
  return {
    collection: collection.name,
    kind,
    cases: cases.length,
    exact: share(exact),
    typos: share(typos),
    noTypos: share(noTypos),
  };
}
