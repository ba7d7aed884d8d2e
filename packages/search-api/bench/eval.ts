/**
 * Ranking quality on public test collections (Cranfield, CISI; see
 * /work/shared/data/README.md): each collection is bulk-imported into a fresh
 * search database, every judged query goes through the real search (simple
 * mode), and nDCG@10, MAP and recall@10 are compared between plain bm25 and
 * the default ranking. Run: `pnpm eval:search` (data folder: QUIRE_SHARED_DATA,
 * default <repo>/../shared/data).
 */
import { createTestSearchDatabase } from "@quire/search-db/testing";

import { COLLECTIONS, loadCollection, sharedDataDir } from "./lib/collections";
import { DEFAULT_RANKING, evaluateCollection, indexCollection, PLAIN_BM25 } from "./lib/run-eval";
import type { EvalRow } from "./lib/run-eval";
import { DICTIONARY, loadDictionary, typoCases, typoRecall } from "./lib/typo-eval";
import type { TypoRecall } from "./lib/typo-eval";

/** Ranking with typo tolerance off: shows what the corrections cost or bring. */
const NO_TYPOS = {
  name: "default, typos=0",
  describe: "the default ranking rules without typo tolerance",
  request: { typos: false },
};

const TYPO_KINDS = [
  ["1 edit, words of 5+ letters", { edits: 1, minLength: 5 }],
  ["2 edits, words of 9+ letters", { edits: 2, minLength: 9 }],
  [
    "first letter replaced, 5+ letters (counts as 2 typos)",
    { edits: 1, minLength: 5, firstLetter: true },
  ],
] as const;

const dir = sharedDataDir();
if (!dir) {
  console.error(
    "eval:search: no test collections found (set QUIRE_SHARED_DATA or put them at <repo>/../shared/data).",
  );
  process.exit(1);
}

const dictionary = loadDictionary();
const rows: EvalRow[] = [];
const typoRows: TypoRecall[] = [];
for (const name of COLLECTIONS) {
  const collection = loadCollection(dir, name);
  const quire = createTestSearchDatabase();
  try {
    const started = performance.now();
    const { indexed, skipped } = await indexCollection(quire, collection);
    console.log(
      `${name}: ${indexed} documents indexed in ${Math.round(performance.now() - started)} ms` +
        (skipped ? ` (${skipped} empty left out)` : "") +
        `, ${collection.qrels.size} judged queries`,
    );
    rows.push(...evaluateCollection(quire, collection, [PLAIN_BM25, DEFAULT_RANKING, NO_TYPOS]));
    if (dictionary) {
      for (const [kind, options] of TYPO_KINDS) {
        const cases = typoCases(collection, dictionary, { ...options, count: 300, seed: 7 });
        typoRows.push(typoRecall(quire, collection, kind, cases));
      }
    }
  } finally {
    await quire.cleanup();
  }
}

const f = (x: number) => x.toFixed(4);
console.log("\n| collection | ranking | queries | nDCG@10 | MAP | recall@10 | ms/query |");
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  console.log(
    `| ${r.collection} | ${r.config}: ${r.describe} | ${r.queries} | ${f(r.ndcg10)} | ${f(r.map)} | ${f(r.recall10)} | ${r.meanMs.toFixed(1)} |`,
  );
}
if (dictionary) {
  const p = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(
    "\nTypo recall: recall@10 of the document a word was taken from, searching the word alone.",
  );
  console.log(
    "| collection | misspelling | cases | word typed right | misspelled, typos on | misspelled, typos=0 |",
  );
  console.log("| --- | --- | ---: | ---: | ---: | ---: |");
  for (const r of typoRows) {
    console.log(
      `| ${r.collection} | ${r.kind} | ${r.cases} | ${p(r.exact)} | ${p(r.typos)} | ${p(r.noTypos)} |`,
    );
  }
} else {
  console.log(`\nTypo recall skipped: ${DICTIONARY} not found (Debian package wamerican).`);
}

let worse = false;
for (const name of COLLECTIONS) {
  const base = rows.find((r) => r.collection === name && r.config === PLAIN_BM25.name)!;
  const ours = rows.find((r) => r.collection === name && r.config === DEFAULT_RANKING.name)!;
  const delta = ours.ndcg10 - base.ndcg10;
  console.log(
    `${name}: default vs bm25 nDCG@10 ${delta >= 0 ? "+" : ""}${f(delta)}, MAP ${ours.map - base.map >= 0 ? "+" : ""}${f(ours.map - base.map)}`,
  );
  if (delta < -0.005) worse = true;
}
process.exitCode = worse ? 1 : 0;
