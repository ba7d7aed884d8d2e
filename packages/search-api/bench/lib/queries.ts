import type { Collection } from "./collections";
import type { BenchDocument } from "./corpus";
import { random } from "./typo-eval";

export interface BenchQuery {
  kind: string;
  /** As typed in a search box: a finished word ends with a space, a word being typed does not. */
  q: string;
}

export const QUERY_KINDS = [
  "rare word",
  "medium word",
  "common word",
  "two words",
  "three words",
  "prefix (typing)",
  "typo",
  "question",
] as const;

/**
 * A fixed mix of queries over the corpus, by kind: single words by document
 * frequency (rare: ≤ 0.05% of documents; medium: 0.5–5%; common: ≥ 20%, such
 * as "the" or "flow"), two and three consecutive words of a sentence, word
 * starts being typed, one-typo misspellings and the collections' own
 * natural-language questions.
 */
export function benchQueries(
  docs: readonly BenchDocument[],
  collections: readonly Collection[],
  perKind = 25,
  seed = 3,
): BenchQuery[] {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const df = new Map<string, number>();
  const sample = docs.length > 20_000 ? docs.filter((_, i) => i % 5 === 0) : docs;
  for (const d of sample) {
    for (const w of new Set(`${d.title} ${d.content}`.toLowerCase().match(/[a-z]+/g) ?? [])) {
      df.set(w, (df.get(w) ?? 0) + 1);
    }
  }
  const n = sample.length;
  const words = [...df.keys()].sort();
  const band = (lo: number, hi: number, minLength = 4) =>
    words.filter((w) => w.length >= minLength && df.get(w)! / n >= lo && df.get(w)! / n <= hi);
  const rare = band(0, 0.0005, 5);
  const medium = band(0.005, 0.05, 5);
  const common = band(0.2, 1, 1);
  const out: BenchQuery[] = [];
  const take = (kind: string, make: () => string | null) => {
    const seen = new Set<string>();
    for (let tries = 0; seen.size < perKind && tries < perKind * 100; tries++) {
      const q = make();
      if (q !== null && !seen.has(q)) {
        seen.add(q);
        out.push({ kind, q });
      }
    }
  };
  take("rare word", () => `${pick(rare)} `);
  take("medium word", () => `${pick(medium)} `);
  take("common word", () => `${pick(common)} `);
  const run = (length: number) => () => {
    const sentence =
      pick(docs)
        .content.toLowerCase()
        .match(/[a-z]{4,}/g) ?? [];
    if (sentence.length < length) return null;
    const at = Math.floor(rand() * (sentence.length - length + 1));
    return `${sentence.slice(at, at + length).join(" ")} `;
  };
  take("two words", run(2));
  take("three words", run(3));
  take("prefix (typing)", () => {
    const w = pick(medium);
    return w.slice(0, 3 + Math.floor(rand() * Math.min(3, w.length - 3)));
  });
  take("typo", () => {
    const w = pick(medium);
    const at = 1 + Math.floor(rand() * (w.length - 1));
    const typed = w.slice(0, at) + w.slice(at + 1); // one letter left out
    return df.has(typed) ? null : `${typed} `;
  });
  const questions = collections
    .flatMap((c) => c.queries.map((q) => q.text))
    .filter((q) => q.length < 200);
  take("question", () => pick(questions));
  return out;
}
