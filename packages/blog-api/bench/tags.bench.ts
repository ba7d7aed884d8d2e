/**
 * `pnpm bench:tags`: multi-tag filters (ALL / ANY / NONE) over ≥100k posts × ≥200 tags, four
 * ways ("A Tour of Tagging Schemas"): many-to-many with an index, a bitmap BLOB with the
 * `bitset_*` SQL functions, a bitmap in four 64-bit INTEGER words (pure SQL `&`), and a JSON array
 * (`json_each`). Each query answers what a tag-filter page needs: the total and the 20 newest.
 *
 *   POSTS=100000 TAGS=200 pnpm bench:tags
 */
import { bitsetOf } from "@quire/blog-db";

import { buildDataset, table, time, WORDS } from "./data";

const POSTS = Number(process.env.POSTS ?? 100_000);
const TAGS = Number(process.env.TAGS ?? 200);
const RUNS = Number(process.env.RUNS ?? 7);

type Mode = "all" | "any" | "none";
type Strategy = "m2m" | "bitmap-blob" | "bitmap-words" | "json";

function words(ids: number[]): bigint[] {
  const w = Array.from({ length: WORDS }, () => 0n);
  for (const k of ids) w[k >> 6]! |= 1n << BigInt(k & 63);
  return w.map((x) => BigInt.asIntN(64, x));
}

/** The WHERE clause and its parameters for one strategy and mode. */
function clause(
  strategy: Strategy,
  mode: Mode,
  ids: number[],
): { where: string; params: unknown[] } {
  const list = JSON.stringify(ids);
  switch (strategy) {
    case "m2m":
      if (mode === "all")
        return {
          where: `p.id IN (SELECT post_id FROM post_tags WHERE tag_id IN (SELECT value FROM json_each(?)) GROUP BY post_id HAVING count(*) = ?)`,
          params: [list, ids.length],
        };
      if (mode === "any")
        return {
          where: `p.id IN (SELECT post_id FROM post_tags WHERE tag_id IN (SELECT value FROM json_each(?)))`,
          params: [list],
        };
      return {
        where: `p.id NOT IN (SELECT post_id FROM post_tags WHERE tag_id IN (SELECT value FROM json_each(?)))`,
        params: [list],
      };
    case "bitmap-blob":
      return { where: `bitset_${mode}(p.tag_bits, ?)`, params: [bitsetOf(ids)] };
    case "bitmap-words": {
      const w = words(ids);
      const parts = w.map((_, i) => {
        if (mode === "all") return `(p.w${i} & ?) = ?`;
        return `(p.w${i} & ?) <> 0`;
      });
      const used = w.map((m, i) => ({ m, i })).filter(({ m }) => m !== 0n);
      const pick = (arr: string[]) => used.map(({ i }) => arr[i]!);
      if (mode === "all")
        return { where: pick(parts).join(" AND "), params: used.flatMap(({ m }) => [m, m]) };
      const any = `(${pick(parts).join(" OR ")})`;
      return { where: mode === "any" ? any : `NOT ${any}`, params: used.map(({ m }) => m) };
    }
    case "json":
      if (mode === "all")
        return {
          where: `(SELECT count(*) FROM json_each(p.tag_json) WHERE value IN (SELECT value FROM json_each(?))) = ?`,
          params: [list, ids.length],
        };
      return {
        where: `${mode === "none" ? "NOT " : ""}EXISTS (SELECT 1 FROM json_each(p.tag_json) WHERE value IN (SELECT value FROM json_each(?)))`,
        params: [list],
      };
  }
}

async function main() {
  console.log(`building ${POSTS} posts × ${TAGS} tags…`);
  const t0 = performance.now();
  const data = await buildDataset(POSTS, TAGS);
  console.log(`built in ${Math.round(performance.now() - t0)} ms\n`);
  const { sqlite } = data.quire;
  const byFrequency = data.frequency.map((n, id) => ({ id, n })).sort((a, b) => b.n - a.n);
  const common = byFrequency[2]!.id;
  const middle = byFrequency[Math.floor(TAGS / 4)]!.id;
  const rare = byFrequency[Math.floor(TAGS * 0.8)]!.id;
  const sets: { name: string; ids: number[] }[] = [
    { name: `1 common tag`, ids: [common] },
    { name: `common+middle`, ids: [common, middle] },
    { name: `middle+rare`, ids: [middle, rare] },
    { name: `3 tags (c,m,r)`, ids: [common, middle, rare] },
  ];
  const strategies: Strategy[] = ["m2m", "bitmap-blob", "bitmap-words", "json"];
  const rows: Record<string, string | number>[] = [];
  const winners: Record<Mode, Record<Strategy, number>> = {
    all: { m2m: 0, "bitmap-blob": 0, "bitmap-words": 0, json: 0 },
    any: { m2m: 0, "bitmap-blob": 0, "bitmap-words": 0, json: 0 },
    none: { m2m: 0, "bitmap-blob": 0, "bitmap-words": 0, json: 0 },
  };
  for (const mode of ["all", "any", "none"] as const) {
    for (const set of sets) {
      const row: Record<string, string | number> = { mode, tags: set.name };
      let expected: number | null = null;
      let best: { s: Strategy; ms: number } | null = null;
      for (const s of strategies) {
        const { where, params } = clause(s, mode, set.ids);
        const count = sqlite.prepare(`SELECT count(*) FROM posts AS p WHERE ${where}`).pluck();
        const page = sqlite
          .prepare(
            `SELECT p.id FROM posts AS p WHERE ${where} ORDER BY p.published_at DESC, p.id DESC LIMIT 20`,
          )
          .pluck();
        const { ms, result } = time(
          () => [count.get(...params) as number, page.all(...params) as number[]],
          RUNS,
        );
        const [n, ids] = result as [number, number[]];
        if (expected === null) expected = n;
        else if (n !== expected)
          throw new Error(`${s} ${mode} ${set.name}: ${n} rows, expected ${expected}`);
        row.matches = expected;
        row[s] = ms.toFixed(2);
        void ids;
        if (!best || ms < best.ms) best = { s, ms };
      }
      row.winner = best!.s;
      winners[mode][best!.s]++;
      rows.push(row);
    }
  }
  console.log("median ms per query (count + 20 newest), lower is better");
  table(rows);
  console.log("\nwins per mode:");
  for (const mode of ["all", "any", "none"] as const) {
    console.log(
      `  ${mode.padEnd(4)} ${Object.entries(winners[mode])
        .map(([s, n]) => `${s}=${n}`)
        .join("  ")}`,
    );
  }
  const size = (sql: string) => sqlite.prepare(sql).pluck().get() as number;
  console.log(
    `\nstorage: post_tags ${size("SELECT count(*) FROM post_tags")} rows; ` +
      `avg tag_bits ${size("SELECT round(avg(length(tag_bits)), 1) FROM posts")} B, ` +
      `avg tag_json ${size("SELECT round(avg(length(tag_json)), 1) FROM posts")} B`,
  );
  await data.cleanup();
}

await main();
