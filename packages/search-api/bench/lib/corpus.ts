import type { Collection } from "./collections";
import { random } from "./typo-eval";

export interface BenchDocument {
  identifier: string;
  title: string;
  content: string;
  metadata: { source: string; year: number };
}

/**
 * A corpus of `count` documents made of real text, the same on every run:
 * the sentences of the test collections' abstracts shuffled into new
 * documents (1 to 4 sentences each) under a title taken from the collections.
 * No generated words: the vocabulary and word frequencies are those of
 * English technical abstracts, only denser (each sentence recurs).
 */
export function buildCorpus(
  collections: readonly Collection[],
  count: number,
  seed = 1,
): {
  docs: BenchDocument[];
  rawBytes: number;
} {
  const sentences: string[] = [];
  const titles: { title: string; source: string }[] = [];
  for (const c of collections) {
    for (const d of c.docs) {
      if (d.title.trim()) titles.push({ title: d.title.trim(), source: c.name });
      for (const s of d.text.split(/(?<=[.?!])\s+/))
        if (s.trim().length > 20) sentences.push(s.trim());
    }
  }
  const rand = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const docs: BenchDocument[] = [];
  let rawBytes = 0;
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const n = 1 + Math.floor(rand() * 4);
    for (let j = 0; j < n; j++) parts.push(pick(sentences));
    const { title, source } = pick(titles);
    const content = parts.join(" ");
    rawBytes += Buffer.byteLength(title) + Buffer.byteLength(content);
    docs.push({
      identifier: `b${i}`,
      title,
      content,
      metadata: { source, year: 1950 + Math.floor(rand() * 40) },
    });
  }
  return { docs, rawBytes };
}
