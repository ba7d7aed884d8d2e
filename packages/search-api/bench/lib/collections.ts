import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A test collection as /work/shared/data/README.md describes it. */
export interface Collection {
  name: string;
  docs: { id: string; title: string; text: string }[];
  queries: { id: string; text: string }[];
  /** query id → (doc id → grade ≥ 1). */
  qrels: Map<string, Map<string, number>>;
}

export const COLLECTIONS = ["cranfield", "cisi"] as const;

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * The shared data folder: `QUIRE_SHARED_DATA`, else `<repo>/../shared/data`
 * (where CI keeps its read-only copy). Undefined when it does not exist.
 */
export function sharedDataDir(): string | undefined {
  // Bench and test scripts are not an app: they read their own settings here.
  const dir = process.env.QUIRE_SHARED_DATA || path.join(REPO_ROOT, "..", "shared", "data");
  return fs.existsSync(path.join(dir, "cranfield", "docs.jsonl")) ? path.resolve(dir) : undefined;
}

function jsonLines<T>(file: string): T[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

export function loadCollection(dir: string, name: string): Collection {
  const folder = path.join(dir, name);
  const qrels = new Map<string, Map<string, number>>();
  for (const line of fs.readFileSync(path.join(folder, "qrels.tsv"), "utf8").split("\n")) {
    const [query, doc, grade] = line.trim().split("\t");
    if (!query || !doc || !grade || Number(grade) < 1) continue;
    if (!qrels.has(query)) qrels.set(query, new Map());
    qrels.get(query)!.set(doc, Number(grade));
  }
  return {
    name,
    docs: jsonLines(path.join(folder, "docs.jsonl")),
    queries: jsonLines(path.join(folder, "queries.jsonl")),
    qrels,
  };
}
