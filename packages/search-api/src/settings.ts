import {
  DEFAULT_TOKENIZER,
  findIndexByName,
  isTokenizer,
  TOKENIZERS,
  readIndexSettings,
  readSnapshot,
  writeIndexSettings,
} from "@quire/search-db";
import type { IndexSettings, SearchDatabase, Tokenizer } from "@quire/search-db";

import { badRequest, notFound } from "./errors";

/**
 * Column weights of the default ranking: a word in the title counts as much
 * as three in the content (tuned on the Cranfield and CISI test collections,
 * see bench/eval.ts).
 */
export const DEFAULT_WEIGHTS = { title: 3, content: 1 } as const;

export const MAX_SYNONYMS = 1000;
export const MAX_STOP_WORDS = 1000;

/** Settings with every default filled in: what a search in the index uses. */
export interface EffectiveSettings {
  weights: { title: number; content: number };
  synonyms: Record<string, string[]>;
  stopWords: string[];
  tokenizer: Tokenizer;
}

export function effectiveSettings(settings: IndexSettings): EffectiveSettings {
  return {
    weights: settings.weights ?? DEFAULT_WEIGHTS,
    synonyms: settings.synonyms ?? {},
    stopWords: settings.stopWords ?? [],
    tokenizer: settings.tokenizer ?? DEFAULT_TOKENIZER,
  };
}

const word = (w: string) => w.trim().toLowerCase();

/** Check and normalize settings (words lower-cased and trimmed); a 400 names the problem. */
export function checkSettings(input: IndexSettings): IndexSettings {
  const out: IndexSettings = {};
  if (input.weights !== undefined) {
    const { title, content } = input.weights;
    for (const [name, w] of [
      ["title", title],
      ["content", content],
    ] as const) {
      if (typeof w !== "number" || !Number.isFinite(w) || w <= 0 || w > 100) {
        throw badRequest(`Weight "${name}" must be a number above 0 and at most 100.`);
      }
    }
    out.weights = { title, content };
  }
  if (input.synonyms !== undefined) {
    const entries = Object.entries(input.synonyms);
    if (entries.length > MAX_SYNONYMS)
      throw badRequest(`Too many synonyms (at most ${MAX_SYNONYMS}).`);
    const synonyms = Object.create(null) as Record<string, string[]>;
    for (const [key, values] of entries) {
      if (
        !Array.isArray(values) ||
        values.length > 20 ||
        values.some((v) => typeof v !== "string")
      ) {
        throw badRequest(`Synonyms of "${key}" must be a list of at most 20 words.`);
      }
      const k = word(key);
      const list = [...new Set(values.map(word))].filter(
        (v) => v !== "" && v !== k && v.length <= 100,
      );
      if (k === "" || k.length > 100)
        throw badRequest("A synonym key must be 1 to 100 characters.");
      if (list.length > 0) synonyms[k] = list;
    }
    out.synonyms = synonyms;
  }
  if (input.stopWords !== undefined) {
    if (!Array.isArray(input.stopWords) || input.stopWords.length > MAX_STOP_WORDS) {
      throw badRequest(`Stop words must be a list of at most ${MAX_STOP_WORDS} words.`);
    }
    out.stopWords = [...new Set(input.stopWords.map(String).map(word))].filter(
      (w) => w !== "" && w.length <= 100,
    );
  }
  if (input.tokenizer !== undefined) {
    if (!isTokenizer(input.tokenizer)) {
      throw badRequest(
        `Unknown tokenizer ${JSON.stringify(input.tokenizer)}: use one of ${TOKENIZERS.join(", ")}.`,
      );
    }
    out.tokenizer = input.tokenizer;
  }
  return out;
}

/** An index's settings as stored, and with the defaults filled in. */
export function getIndexSettings(
  quire: SearchDatabase,
  name: string,
): { settings: IndexSettings; effective: EffectiveSettings } {
  return readSnapshot(quire, (db) => {
    const index = findIndexByName(db, name);
    if (!index) throw notFound(`Index "${name}" not found.`);
    const settings = readIndexSettings(db, index.id);
    return { settings, effective: effectiveSettings(settings) };
  });
}

/**
 * Change an index's settings: the fields given replace the stored ones, a
 * field set to null goes back to its default. A new tokenizer reindexes: the
 * triggers of drizzle/0012_fts_tokenizers.sql fill that tokenizer's FTS5 table
 * (when no other index uses it yet) in this same writer unit, so searches see
 * the old tokenizer or the new one with every document, never half of them.
 */
export async function updateIndexSettings(
  quire: SearchDatabase,
  name: string,
  changes: { [K in keyof IndexSettings]?: IndexSettings[K] | null },
): Promise<{ settings: IndexSettings; effective: EffectiveSettings }> {
  const given = Object.fromEntries(
    Object.entries(changes).filter(([, v]) => v !== null && v !== undefined),
  ) as IndexSettings;
  const checked = checkSettings(given);
  return quire.writer.run((db) => {
    const index = findIndexByName(db, name);
    if (!index) throw notFound(`Index "${name}" not found.`);
    const next: IndexSettings = { ...readIndexSettings(db, index.id), ...checked };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete next[key as keyof IndexSettings];
    }
    writeIndexSettings(db, index.id, next);
    return { settings: next, effective: effectiveSettings(next) };
  });
}
