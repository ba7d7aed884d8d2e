import fs from "node:fs";
import path from "node:path";

import { openSearchDatabase } from "@quire/search-db";
import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { progressBar, runImportCli } from "./import-cli";

let t: ReturnType<typeof createTestSearchDatabase>;
let dbPath: string;
beforeEach(async () => {
  t = createTestSearchDatabase();
  dbPath = t.path;
  await t.close(); // the CLI opens the file itself, as it would next to a running app
});
afterEach(() => fs.rmSync(t.dir, { recursive: true, force: true }));

function capture(tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    options: {
      stdout: { write: (s: string) => out.push(s) > 0 },
      stderr: { write: (s: string) => err.push(s) > 0, isTTY: tty },
    },
  };
}

test("imports an NDJSON file into a new index, with progress and exact counts; exit 2 when some documents are refused", async () => {
  const file = path.join(t.dir, "papers.ndjson");
  const lines = Array.from({ length: 500 }, (_, i) =>
    JSON.stringify({ identifier: `p${i}`, title: `Paper ${i}`, content: `text ${i}` }),
  );
  fs.writeFileSync(file, `${lines.join("\n")}\n{"content": 1, "extra": true}\n`);
  const io = capture();
  expect(await runImportCli(dbPath, ["papers", file], io.options)).toBe(2);
  expect(io.out.join("")).toMatch(
    /papers: 500 created, 0 updated, 1 refused of 501 read in [\d.]+ s; the index holds 500 documents/,
  );
  expect(io.err.join("")).toContain("[##############################] 100%");
  expect(io.err.join("")).toContain("item 501: Invalid keys: extra");
  const quire = openSearchDatabase(dbPath);
  try {
    expect(quire.sqlite.prepare("SELECT count(*) FROM documents").pluck().get()).toBe(500);
  } finally {
    await quire.close();
  }
  // Again, as a JSON array: updates in place.
  const json = path.join(t.dir, "papers.json");
  fs.writeFileSync(json, JSON.stringify([{ identifier: "p1", content: "changed" }]));
  const again = capture(true);
  expect(await runImportCli(dbPath, ["papers", json, "--no-create"], again.options)).toBe(0);
  expect(again.out.join("")).toMatch(/0 created, 1 updated, 0 refused of 1 read/);
  expect(again.err.join("")).toMatch(/^\r\[/); // redrawn in place on a terminal
});

test("usage, missing file, unknown index with --no-create: exit 1 and one line", async () => {
  const io = capture();
  expect(await runImportCli(dbPath, ["only-index"], io.options)).toBe(1);
  expect(io.err.join("")).toMatch(/^usage: pnpm --filter @quire\/search import <index> <file>/);
  expect(await runImportCli(dbPath, ["x", path.join(t.dir, "missing.ndjson")], io.options)).toBe(1);
  expect(io.err.at(-1)).toMatch(/cannot read .*missing\.ndjson/);
  const file = path.join(t.dir, "a.ndjson");
  fs.writeFileSync(file, '{"content":"a"}\n');
  expect(await runImportCli(dbPath, ["nope", file, "--no-create"], io.options)).toBe(1);
  expect(io.err.at(-1)).toMatch(/import failed: The following indexes were not found: nope/);
  expect(await runImportCli(dbPath, ["x", file, "--format", "xml"], io.options)).toBe(1);
  expect(progressBar(1, 4, 8)).toBe("[##------]  25%");
});
