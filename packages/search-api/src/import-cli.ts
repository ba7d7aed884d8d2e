import fs from "node:fs";
import path from "node:path";

import { openSearchDatabase } from "@quire/search-db";

import { importDocuments } from "./bulk";
import type { ImportProgress } from "./bulk";
import { ScoutError } from "./errors";
import { parseImport } from "./import-stream";
import type { ImportFormat } from "./import-stream";

export interface ImportCliOptions {
  /** Create a missing parent directory of the database (default locations). */
  createDirectory?: boolean;
  /** Where the progress bar and messages go (default process.stderr / stdout). */
  stderr?: Pick<NodeJS.WriteStream, "write"> & { isTTY?: boolean };
  stdout?: Pick<NodeJS.WriteStream, "write">;
}

const USAGE = `usage: pnpm --filter @quire/search import <index> <file> [--format ndjson|json] [--no-create]
  imports the documents of <file> into <index> (created unless --no-create):
  NDJSON (.ndjson, .jsonl: one {"identifier", "title", "content", "metadata"} per line)
  or a JSON array (.json); documents with a known identifier are updated.`;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** `[#####-----] 50%`, 30 characters wide. */
export function progressBar(done: number, total: number, width = 30): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%`;
}

/**
 * The body of the search app's `import` script: stream a file into an index
 * of the app's own database (the same file the running app uses: the writer
 * waits for the app's transactions), with a progress bar, then print the exact
 * counts. Exit code: 0 all in, 2 some documents refused (listed), 1 nothing
 * done (usage, missing file or index, unusable database).
 */
export async function runImportCli(
  databasePath: string,
  argv: readonly string[],
  options: ImportCliOptions = {},
): Promise<number> {
  const stderr = options.stderr ?? process.stderr;
  const stdout = options.stdout ?? process.stdout;
  const say = (line: string) => stdout.write(`${line}\n`);
  const complain = (line: string) => stderr.write(`${line}\n`);

  const positional = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--format");
  const formatArg = argv.includes("--format") ? argv[argv.indexOf("--format") + 1] : undefined;
  if (argv.includes("--help") || positional.length !== 2) {
    complain(USAGE);
    return argv.includes("--help") ? 0 : 1;
  }
  if (formatArg !== undefined && formatArg !== "ndjson" && formatArg !== "json") {
    complain(`search: --format must be ndjson or json.\n${USAGE}`);
    return 1;
  }
  const [index, file] = positional as [string, string];
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    complain(`search: cannot read ${file}.`);
    return 1;
  }
  const ext = path.extname(file).toLowerCase();
  const format: ImportFormat | undefined =
    formatArg ??
    (ext === ".json" ? "json" : ext === ".ndjson" || ext === ".jsonl" ? "ndjson" : undefined);

  let quire: ReturnType<typeof openSearchDatabase>;
  try {
    quire = openSearchDatabase(databasePath, { createDirectory: options.createDirectory ?? false });
  } catch (error) {
    complain(`search: ${(error as Error).message}`);
    return 1;
  }

  let bytes = 0;
  const started = performance.now();
  let lastDraw = 0;
  const draw = (p: ImportProgress, final = false) => {
    const now = performance.now();
    if (!final && now - lastDraw < (stderr.isTTY ? 100 : 2000)) return;
    lastDraw = now;
    const done = p.created + p.updated;
    const rate = done / Math.max(0.001, (now - started) / 1000);
    const line = `${progressBar(bytes, size)} ${mb(bytes)} of ${mb(size)}, ${int(done)} documents, ${int(rate)}/s${p.failed ? `, ${int(p.failed)} refused` : ""}`;
    stderr.write(stderr.isTTY ? `\r${line}${final ? "\n" : ""}` : `${line}\n`);
  };

  try {
    const stream = fs.createReadStream(file);
    const result = await importDocuments(
      quire,
      index,
      parseImport(stream, format, (n) => (bytes += n)),
      { createIndex: !argv.includes("--no-create"), onProgress: (p) => draw(p) },
    );
    draw(result, true);
    const seconds = (performance.now() - started) / 1000;
    say(
      `search: ${index}: ${int(result.created)} created, ${int(result.updated)} updated, ${int(result.failed)} refused ` +
        `of ${int(result.read)} read in ${seconds.toFixed(1)} s; the index holds ${int(result.documentCount)} documents.`,
    );
    for (const e of result.errors) complain(`  item ${e.item}: ${e.error}`);
    if (result.failed > result.errors.length) {
      complain(`  … and ${int(result.failed - result.errors.length)} more.`);
    }
    return result.failed > 0 ? 2 : 0;
  } catch (error) {
    complain(
      `search: import failed: ${error instanceof ScoutError ? error.message : (error as Error).message}`,
    );
    return 1;
  } finally {
    await quire.close();
  }
}
