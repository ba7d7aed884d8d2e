/**
 * A synthetic tagging data set for the benchmarks: posts with 0–8 tags each, drawn from a
 * Zipf-like distribution (a few tags are on many posts, most on few), stored four ways:
 * many-to-many (`post_tags`), a bitmap BLOB (`tag_bits`), four 64-bit words (`w0`…`w3`) and a
 * JSON array (`tag_json`). Deterministic (seeded), so every run measures the same data.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { bitsetExtensions, bitsetOf } from "@quire/blog-db";
import { openDatabase } from "@quire/db";
import type { QuireDatabase } from "@quire/db";

export const WORDS = 4;

export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Dataset {
  quire: QuireDatabase;
  posts: number;
  tags: number;
  /** Posts per tag, by tag id (0-based). */
  frequency: number[];
  cleanup(): Promise<void>;
}

export async function buildDataset(posts: number, tags: number, seed = 42): Promise<Dataset> {
  if (tags > WORDS * 64) throw new Error(`at most ${WORDS * 64} tags for the word strategy`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-bench-"));
  const quire = openDatabase(path.join(dir, "bench.db"), {
    extensions: bitsetExtensions,
    cacheSizeKiB: 256 * 1024,
  });
  quire.sqlite.exec(`
    CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE posts (
      id INTEGER PRIMARY KEY, title TEXT NOT NULL, published_at INTEGER NOT NULL,
      tag_bits BLOB, w0 INTEGER NOT NULL DEFAULT 0, w1 INTEGER NOT NULL DEFAULT 0,
      w2 INTEGER NOT NULL DEFAULT 0, w3 INTEGER NOT NULL DEFAULT 0, tag_json TEXT NOT NULL DEFAULT '[]');
    CREATE TABLE post_tags (post_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (post_id, tag_id)) WITHOUT ROWID;
  `);
  const random = rng(seed);
  // Zipf weights: tag k has weight 1/(k+1)^0.8.
  const weights = Array.from({ length: tags }, (_, k) => 1 / Math.pow(k + 1, 0.8));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  const pick = () => {
    const x = random();
    let lo = 0;
    let hi = tags - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const frequency = new Array<number>(tags).fill(0);
  const start = Date.UTC(2015, 0, 1);
  await quire.writer.run(() => {
    const tagStmt = quire.sqlite.prepare("INSERT INTO tags (id, name) VALUES (?, ?)");
    for (let k = 0; k < tags; k++) tagStmt.run(k, `tag-${k}`);
    const postStmt = quire.sqlite.prepare(
      "INSERT INTO posts (id, title, published_at, tag_bits, w0, w1, w2, w3, tag_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const linkStmt = quire.sqlite.prepare("INSERT INTO post_tags (post_id, tag_id) VALUES (?, ?)");
    for (let id = 1; id <= posts; id++) {
      const mine = new Set<number>();
      const n = Math.floor(random() * 9);
      while (mine.size < n) mine.add(pick());
      const sorted = [...mine].sort((a, b) => a - b);
      const words = [0n, 0n, 0n, 0n];
      for (const k of sorted) {
        words[k >> 6]! |= 1n << BigInt(k & 63);
        frequency[k]!++;
        linkStmt.run(id, k);
      }
      const signed = words.map((w) => BigInt.asIntN(64, w));
      postStmt.run(
        id,
        `Post ${id}`,
        start + Math.floor(random() * 10 * 365 * 86_400_000),
        bitsetOf(sorted),
        ...signed,
        JSON.stringify(sorted),
      );
    }
  });
  quire.sqlite.exec(`
    CREATE INDEX post_tags_tag ON post_tags (tag_id, post_id);
    CREATE INDEX posts_published ON posts (published_at);
    ANALYZE;
  `);
  return {
    quire,
    posts,
    tags,
    frequency,
    async cleanup() {
      await quire.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Median wall time of `fn` over `runs` runs (after one warm-up), in ms. */
export function time(fn: () => unknown, runs = 7): { ms: number; result: unknown } {
  let result = fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, result };
}

export function table(rows: Record<string, string | number>[]) {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join("  ");
  console.log(line(cols));
  console.log(line(width.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c]))));
}
