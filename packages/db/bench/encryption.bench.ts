/**
 * What encryption at rest costs: the same writes and reads on a plain file
 * and on an SQLCipher 4 file (`openDatabase(file, { encryptionKey })`), in
 * one run, with the encrypted figure as a share of the plain one.
 * Run: `pnpm --filter @quire/db bench` (after the writer bench) or
 * `tsx bench/encryption.bench.ts`.
 *
 * - writes: WRITES rows through the writer from CLIENTS concurrent clients (group commit), WAL, synchronous=NORMAL;
 * - point reads: random primary-key lookups on the open connection (warm page cache, the common case);
 * - cold scan: a fresh connection with a small page cache reads the whole table, so every page is
 *   read from the OS and (when encrypted) decrypted and authenticated;
 * - open: opening the file and reading page 1 — with a passphrase this includes PBKDF2 (256 000 rounds),
 *   paid once per connection; a raw `x'…'` key skips it.
 *
 * Plain and encrypted runs alternate ROUNDS times and each figure is the median, so a burst of
 * load on the machine does not land on one side only.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { openDatabase, rekeyDatabase } from "../src/index";

const WRITES = 50_000;
const CLIENTS = 200;
const POINT_READS = 200_000;
const SCANS = 5;
const OPENS = 5;
const PASSPHRASE = "bench passphrase";
const RAW_KEY = `x'${"5a".repeat(32)}'`;
const ROUNDS = 3;

const SCHEMA = "CREATE TABLE events (id INTEGER PRIMARY KEY, client INTEGER NOT NULL, seq INTEGER NOT NULL, payload TEXT NOT NULL)";
const payload = (client: number, seq: number) => `{"path":"/posts/${client}/${seq}","ref":"https://example.com/","ua":"bench"}`;

type Mode = { label: string; key: string | undefined };
const MODES: Mode[] = [
  { label: "plain", key: undefined },
  { label: "encrypted", key: PASSPHRASE },
];

interface Figures {
  writesPerSec: number;
  pointReadsPerSec: number;
  scanRowsPerSec: number;
  openMs: number;
  openRawKeyMs?: number;
  bytes: number;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-bench-crypt-"));

let run = 0;

async function measure(mode: Mode): Promise<Figures> {
  const file = path.join(dir, `${mode.label}-${run++}.db`);
  const quire = openDatabase(file, { encryptionKey: mode.key });
  quire.sqlite.exec(SCHEMA);
  const insert = quire.sqlite.prepare("INSERT INTO events (client, seq, payload) VALUES (?, ?, ?)");
  let started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < WRITES / CLIENTS; i++) await quire.writer.run(() => insert.run(c, i, payload(c, i)));
    }),
  );
  const writesPerSec = (WRITES / (performance.now() - started)) * 1000;
  quire.sqlite.pragma("wal_checkpoint(TRUNCATE)");

  const get = quire.sqlite.prepare("SELECT payload FROM events WHERE id = ?").pluck();
  let seed = 42;
  const nextId = () => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) % WRITES) + 1;
  started = performance.now();
  let chars = 0;
  for (let i = 0; i < POINT_READS; i++) chars += (get.get(nextId()) as string).length;
  const pointReadsPerSec = (POINT_READS / (performance.now() - started)) * 1000;
  await quire.close();
  if (chars === 0) throw new Error("nothing read");

  let scanMs = 0;
  for (let i = 0; i < SCANS; i++) {
    const cold = openDatabase(file, { encryptionKey: mode.key, cacheSizeKiB: 1024 });
    const t0 = performance.now();
    const n = cold.sqlite.prepare("SELECT count(*) FROM events WHERE length(payload) > 10").pluck().get();
    scanMs += performance.now() - t0;
    await cold.close();
    if (n !== WRITES) throw new Error(`scan saw ${String(n)} rows`);
  }

  let t0 = performance.now();
  for (let i = 0; i < OPENS; i++) await openDatabase(file, { encryptionKey: mode.key }).close();
  const openMs = (performance.now() - t0) / OPENS;

  let openRawKeyMs: number | undefined;
  if (mode.key) {
    // The same file under a raw 256-bit key: no key derivation at open.
    rekeyDatabase(file, { oldKey: mode.key, newKey: RAW_KEY });
    t0 = performance.now();
    for (let i = 0; i < OPENS; i++) await openDatabase(file, { encryptionKey: RAW_KEY }).close();
    openRawKeyMs = (performance.now() - t0) / OPENS;
  }
  return {
    writesPerSec,
    pointReadsPerSec,
    scanRowsPerSec: (WRITES * SCANS * 1000) / scanMs,
    openMs,
    openRawKeyMs,
    bytes: fs.statSync(file).size,
  };
}

async function main() {
  console.log(
    `\nencryption bench: SQLCipher 4 (AES-256, HMAC-SHA512) vs plain, ${WRITES.toLocaleString("en-US")} rows, median of ${ROUNDS} rounds, ` +
      `Node ${process.version}, ${os.cpus().length} CPUs, files in ${os.tmpdir()}\n`,
  );
  const rounds = new Map<string, Figures[]>(MODES.map((m) => [m.label, []]));
  try {
    for (let i = 0; i < ROUNDS; i++) for (const mode of MODES) rounds.get(mode.label)!.push(await measure(mode));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const median = (label: string): Figures => {
    const all = rounds.get(label)!;
    const mid = (pick: (f: Figures) => number) => all.map(pick).sort((a, b) => a - b)[Math.floor(all.length / 2)]!;
    return {
      writesPerSec: mid((f) => f.writesPerSec),
      pointReadsPerSec: mid((f) => f.pointReadsPerSec),
      scanRowsPerSec: mid((f) => f.scanRowsPerSec),
      openMs: mid((f) => f.openMs),
      openRawKeyMs: all[0]!.openRawKeyMs === undefined ? undefined : mid((f) => f.openRawKeyMs!),
      bytes: mid((f) => f.bytes),
    };
  };
  const plain = median("plain");
  const enc = median("encrypted");
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const rows: string[][] = [
    ["writes (writer, group commit)", "rows/s", fmt(plain.writesPerSec), fmt(enc.writesPerSec), enc.writesPerSec / plain.writesPerSec],
    ["point reads (warm cache)", "reads/s", fmt(plain.pointReadsPerSec), fmt(enc.pointReadsPerSec), enc.pointReadsPerSec / plain.pointReadsPerSec],
    ["full scan (cold, 1 MiB cache)", "rows/s", fmt(plain.scanRowsPerSec), fmt(enc.scanRowsPerSec), enc.scanRowsPerSec / plain.scanRowsPerSec],
  ].map(([a, b, c, d, ratio]) => [a as string, b as string, c as string, d as string, `${((ratio as number) * 100).toFixed(1)}%`]);
  const delta = (ms: number) => `${ms >= 0 ? "+" : "-"}${Math.abs(ms).toFixed(1)} ms`;
  rows.push(["open (passphrase: PBKDF2)", "ms", plain.openMs.toFixed(1), enc.openMs.toFixed(1), delta(enc.openMs - plain.openMs)]);
  rows.push(["open (raw x'…' key)", "ms", plain.openMs.toFixed(1), enc.openRawKeyMs!.toFixed(1), delta(enc.openRawKeyMs! - plain.openMs)]);
  rows.push(["file size", "bytes", fmt(plain.bytes), fmt(enc.bytes), `${((enc.bytes / plain.bytes) * 100).toFixed(1)}%`]);

  const header = ["case", "unit", "plain", "encrypted", "encrypted/plain"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
  console.log(
    `\nencryption keeps ${((enc.writesPerSec / plain.writesPerSec) * 100).toFixed(0)}% of the write throughput and ` +
      `${((enc.pointReadsPerSec / plain.pointReadsPerSec) * 100).toFixed(0)}% of warm reads; ` +
      `cold reads pay for decryption (${((enc.scanRowsPerSec / plain.scanRowsPerSec) * 100).toFixed(0)}%).`,
  );
}

await main();
