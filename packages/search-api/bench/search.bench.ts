/**
 * Search at scale, in one run: bulk indexing (docs/s through the real bulk
 * import and the group-committing writer), query latency for top-20 with
 * highlights in-process and over HTTP (a plain node:http server around the
 * real Scout handler, in its own process; a no-op route on the same server is
 * the baseline), database size against the raw text, and the same corpus and
 * queries in MiniSearch and FlexSearch.
 *
 * The corpus is real text: the sentences of the Cranfield and CISI abstracts
 * shuffled into BENCH_DOCS documents (default 100,000), the same on every run.
 * Run: `pnpm bench:search` (data folder: QUIRE_SHARED_DATA, default
 * <repo>/../shared/data).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { openDatabase } from "@quire/db";
import {
  openSearchDatabase,
  readSnapshot,
  readVocabulary,
  termScoreCacheStats,
} from "@quire/search-db";
import { Document } from "flexsearch";
import MiniSearch from "minisearch";

import { importDocuments } from "../src/bulk";
import { getIndexByName } from "../src/indexes";
import { DEFAULT_HIGHLIGHT, runSearch } from "../src/search/search";
import { COLLECTIONS, loadCollection, sharedDataDir } from "./lib/collections";
import { buildCorpus } from "./lib/corpus";
import type { BenchDocument } from "./lib/corpus";
import {
  heapUsed,
  percentiles,
  startServer,
  stopServer,
  timeEach,
  timeRequests,
} from "./lib/measure";
import type { Percentiles } from "./lib/measure";
import { benchQueries, QUERY_KINDS } from "./lib/queries";
import type { BenchQuery } from "./lib/queries";

// A bench script, not an app: it reads its own two settings.
const COUNT = Number(process.env.BENCH_DOCS ?? 100_000);
const dataDir = sharedDataDir();
if (!dataDir || !Number.isInteger(COUNT) || COUNT < 100) {
  console.error(
    dataDir
      ? "bench:search: BENCH_DOCS must be an integer ≥ 100."
      : "bench:search: the test collections are missing (QUIRE_SHARED_DATA or <repo>/../shared/data).",
  );
  process.exit(1);
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const int = (x: number) => Math.round(x).toLocaleString("en-US");
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const log = (line: string) => console.log(line);
const started = performance.now();

const collections = COLLECTIONS.map((name) => loadCollection(dataDir, name));
const { docs, rawBytes } = buildCorpus(collections, COUNT);
const queries = benchQueries(docs, collections);
log(
  `corpus: ${int(docs.length)} documents, ${mb(rawBytes)} of text (title + content), ` +
    `${int(rawBytes / docs.length)} bytes each on average; ${queries.length} queries. ` +
    `${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}.`,
);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-search-bench-"));
const items = (list: readonly BenchDocument[]) =>
  list.map((d) => ({
    identifier: d.identifier,
    title: d.title,
    content: d.content,
    metadata: d.metadata,
  }));

// ---- Quire: bulk import through the writer
const file = path.join(dir, "search.db");
const quire = openSearchDatabase(file);
let lastReport = 0;
const importStarted = performance.now();
const imported = await importDocuments(quire, "bench", items(docs), {
  onProgress: (p) => {
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      log(`  importing… ${int(p.created + p.updated)} documents`);
    }
  },
});
const importMs = performance.now() - importStarted;
if (imported.failed > 0 || imported.documentCount !== COUNT) {
  throw new Error(
    `import: ${JSON.stringify({ ...imported, errors: imported.errors.slice(0, 3) })}`,
  );
}
const metrics = quire.writer.metrics();
log(
  `Quire bulk import: ${int(COUNT)} documents in ${ms(importMs / 1000)} s, ` +
    `${metrics.batches} transactions (mean ${metrics.meanBatchSize} units of 250 documents).`,
);

// Size on disk: everything checkpointed into the main file.
quire.sqlite.pragma("wal_checkpoint(TRUNCATE)");
const dbBytes = fs.statSync(file).size;

// Vocabulary (typo tolerance, frequent words): read once, then cached.
const vocabStarted = performance.now();
const vocabularySize = readSnapshot(quire, (db) => readVocabulary(db).length);
const vocabMs = performance.now() - vocabStarted;

// ---- Quire in-process: the search function the REST route and tRPC call
const indexIds = [getIndexByName(quire, "bench").id];
const quireSearch = (q: BenchQuery) =>
  runSearch(quire, {
    q: q.q,
    mode: "simple",
    indexIds,
    pageSize: 20,
    highlight: DEFAULT_HIGHLIGHT,
  });
// Questions first, once, on a fresh connection: each phrase's scores computed and cached then.
const coldQuestions = queries
  .filter((q) => q.kind === "question")
  .map((q) => {
    const t0 = performance.now();
    quireSearch(q);
    return performance.now() - t0;
  });
const inProcess = timeEach(queries, quireSearch);
const scoreCache = readSnapshot(quire, (db) => termScoreCacheStats(db));
const totals = new Map(queries.map((q) => [q, quireSearch(q).filteredCount]));
await quire.close();

// ---- indexing baseline: the same rows in a plain table (no full-text index), same writer and units
const plainStarted = performance.now();
{
  const quirePlain = openDatabase(path.join(dir, "plain.db"), { createDirectory: true });
  quirePlain.sqlite.exec(
    "CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, identifier TEXT UNIQUE, title TEXT, content TEXT, source TEXT, year TEXT)",
  );
  const insert = quirePlain.sqlite.prepare(
    "INSERT INTO docs (identifier, title, content, source, year) VALUES (?, ?, ?, ?, ?)",
  );
  const units: Promise<void>[] = [];
  for (let i = 0; i < docs.length; i += 250) {
    const part = docs.slice(i, i + 250);
    units.push(
      quirePlain.writer.run(() => {
        for (const d of part)
          insert.run(d.identifier, d.title, d.content, d.metadata.source, String(d.metadata.year));
      }),
    );
  }
  await Promise.all(units);
  await quirePlain.close();
}
const plainMs = performance.now() - plainStarted;

// ---- HTTP: the Scout handler in its own process, and a no-op route on the same server
const server = await startServer(file);
const searchPaths = queries.map(
  (q) => `/scout/bench/?mode=simple&highlight=1&q=${encodeURIComponent(q.q)}`,
);
const httpSearch = await timeRequests(server.port, searchPaths);
const httpNoop = await timeRequests(
  server.port,
  searchPaths.map(() => "/noop"),
);
await stopServer(server.child);

// ---- MiniSearch and FlexSearch: same corpus, same queries, in memory
const heapBefore = heapUsed();
const miniStarted = performance.now();
const mini = new MiniSearch<Record<string, unknown>>({
  idField: "identifier",
  fields: ["title", "content"],
  storeFields: ["title"],
});
mini.addAll(docs.map((d) => ({ identifier: d.identifier, title: d.title, content: d.content })));
const miniMs = performance.now() - miniStarted;
const miniHeap = heapUsed() - heapBefore;
const miniAll = (q: BenchQuery) =>
  mini.search(q.q.trim(), {
    boost: { title: 3 },
    // As Quire: the last word prefix-matched while being typed; Meilisearch's typo thresholds.
    prefix: (_term, i, terms) => !q.q.endsWith(" ") && i === terms.length - 1,
    fuzzy: (term) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : false),
  });
const miniLatency = timeEach(queries, (q) => miniAll(q).slice(0, 20));
const miniHits = new Map(queries.map((q) => [q, miniAll(q).length]));

const heapBeforeFlex = heapUsed();
const flexStarted = performance.now();
const flex = new Document({
  document: { id: "identifier", index: ["title", "content"], store: ["title", "content"] },
  tokenize: "forward",
});
for (const d of docs) flex.add({ identifier: d.identifier, title: d.title, content: d.content });
const flexMs = performance.now() - flexStarted;
const flexHeap = heapUsed() - heapBeforeFlex;
const flexSearch = (q: BenchQuery) =>
  flex.search(q.q.trim(), { limit: 20, enrich: true, merge: true, highlight: "<mark>$1</mark>" });
const flexLatency = timeEach(queries, flexSearch);

fs.rmSync(dir, { recursive: true, force: true });

// ---- report
const docsPerSec = (millis: number) => COUNT / (millis / 1000);
const p = (x: Percentiles) => `${ms(x.p50)} / ${ms(x.p95)}`;
const all = {
  inProcess: percentiles(inProcess),
  http: percentiles(httpSearch),
  noop: percentiles(httpNoop),
  mini: percentiles(miniLatency),
  flex: percentiles(flexLatency),
};
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
log("");
log(
  `| measure (${int(COUNT)} documents) | Quire (SQLite FTS5) | baseline in the same run | ratio | MiniSearch 7 | FlexSearch 0.8 | target |`,
);
log("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
log(
  `| bulk indexing, docs/s | ${int(docsPerSec(importMs))} | ${int(docsPerSec(plainMs))} (plain rows, no FTS) | ${(plainMs / importMs).toFixed(2)} | ${int(docsPerSec(miniMs))} | ${int(docsPerSec(flexMs))} | ≥ 10,000: ${verdict(docsPerSec(importMs) >= 10_000)} |`,
);
log(
  `| query in-process, ms p50 / p95 | ${p(all.inProcess)} | – | – | ${p(all.mini)} | ${p(all.flex)} | – |`,
);
log(
  `| query over HTTP, ms p50 / p95 | ${p(all.http)} | ${p(all.noop)} (no-op route) | ${(all.http.p50 / all.noop.p50).toFixed(1)} / ${(all.http.p95 / all.noop.p95).toFixed(1)} | – | – | p50 ≤ 10: ${verdict(all.http.p50 <= 10)}, p95 ≤ 50: ${verdict(all.http.p95 <= 50)} |`,
);
{
  const short = queries.map((q, i) => (q.kind === "question" ? -1 : i)).filter((i) => i >= 0);
  const of = (samples: number[]) => percentiles(short.map((i) => samples[i]!));
  log(
    `| … without the ${queries.length - short.length} natural-language questions | ${p(of(httpSearch))} | ${p(of(httpNoop))} | ${(of(httpSearch).p50 / of(httpNoop).p50).toFixed(1)} / ${(of(httpSearch).p95 / of(httpNoop).p95).toFixed(1)} | ${p(of(miniLatency))} (in-process) | ${p(of(flexLatency))} (in-process) | p50 ≤ 10: ${verdict(of(httpSearch).p50 <= 10)}, p95 ≤ 50: ${verdict(of(httpSearch).p95 <= 50)} |`,
  );
}
log(
  `| size | ${mb(dbBytes)} on disk | ${mb(rawBytes)} raw text | ${(dbBytes / rawBytes).toFixed(2)} | ${mb(miniHeap)} heap | ${mb(flexHeap)} heap | ≤ 4× raw: ${verdict(dbBytes <= 4 * rawBytes)} |`,
);
log("");
log(
  "Latency by kind of query, ms p50 / p95 (Quire in-process | Quire over HTTP | MiniSearch | FlexSearch), mean hits (Quire | MiniSearch):",
);
log(
  "| kind | n | Quire in-process | Quire HTTP | MiniSearch | FlexSearch | hits Quire | hits MiniSearch | example |",
);
log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
for (const kind of QUERY_KINDS) {
  const idx = queries.map((q, i) => (q.kind === kind ? i : -1)).filter((i) => i >= 0);
  if (idx.length === 0) continue;
  const of = (samples: number[]) => percentiles(idx.map((i) => samples[i]!));
  const mean = (f: (q: BenchQuery) => number) =>
    int(idx.reduce((s, i) => s + f(queries[i]!), 0) / idx.length);
  const example = queries[idx[0]!]!.q.trim().slice(0, 40);
  log(
    `| ${kind} | ${idx.length} | ${p(of(inProcess))} | ${p(of(httpSearch))} | ${p(of(miniLatency))} | ${p(of(flexLatency))} | ${mean((q) => totals.get(q)!)} | ${mean((q) => miniHits.get(q)!)} | ${JSON.stringify(example)} |`,
  );
}
log("");
log(
  `Questions on a fresh connection (each phrase's scores computed once, then cached): ms p50 / p95 ${p(percentiles(coldQuestions))} in-process. ` +
    `Phrase-score cache after the run: ${int(scoreCache.phrases)} phrases, ${mb(scoreCache.bytes)}.`,
);
log("");
log(
  `Notes: HTTP = a node:http server around handleScoutRequest in a second process (not next start), one client, keep-alive, ` +
    `GET /scout/bench/?mode=simple&highlight=1&q=… (top 20, highlighted title, content and snippet). ` +
    `Vocabulary: ${int(vocabularySize)} terms read in ${ms(vocabMs)} ms (cached; typo tolerance and frequent words). ` +
    `MiniSearch: prefix on the word being typed, fuzzy 1/2 edits from 5/9 letters, title boost 3, no highlights. ` +
    `FlexSearch: Document index, tokenize "forward" (prefixes), highlights, no typo tolerance. ` +
    `Whole run: ${ms((performance.now() - started) / 1000)} s.`,
);
