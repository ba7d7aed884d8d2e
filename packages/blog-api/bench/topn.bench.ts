/**
 * `pnpm bench:topn`: "top N per group" (each tag's 3 newest posts) and "top item per group"
 * (each tag's newest post), three ways: a window function (`row_number() OVER (PARTITION BY …)`,
 * what the /tags page uses), a correlated subquery with LIMIT per tag, and the classic COUNT-based
 * self-join (a post is in the top N if fewer than N posts of its tag are newer). The COUNT variant
 * is quadratic per tag, so it runs at the small scale only.
 *
 *   POSTS=100000 TAGS=200 pnpm bench:topn
 */
import { buildDataset, table, time } from "./data";

const SCALES = (process.env.POSTS ? [Number(process.env.POSTS)] : [10_000, 100_000]).sort(
  (a, b) => a - b,
);
const TAGS = Number(process.env.TAGS ?? 200);
const N = 3;
/** Above this many posts the COUNT self-join takes minutes: skipped. */
const COUNT_LIMIT = 20_000;

const VARIANTS: Record<string, string> = {
  window: `
    SELECT tag_id, post_id FROM (
      SELECT pt.tag_id, pt.post_id,
             row_number() OVER (PARTITION BY pt.tag_id ORDER BY p.published_at DESC, p.id DESC) AS rn
      FROM post_tags AS pt JOIN posts AS p ON p.id = pt.post_id
    ) WHERE rn <= ? ORDER BY tag_id, rn`,
  "correlated LIMIT": `
    SELECT t.id AS tag_id, p.id AS post_id FROM tags AS t
    JOIN posts AS p ON p.id IN (
      SELECT pt.post_id FROM post_tags AS pt JOIN posts AS p2 ON p2.id = pt.post_id
      WHERE pt.tag_id = t.id ORDER BY p2.published_at DESC, p2.id DESC LIMIT ?)
    ORDER BY t.id, p.published_at DESC, p.id DESC`,
  "COUNT self-join": `
    SELECT pt.tag_id, p.id AS post_id FROM post_tags AS pt JOIN posts AS p ON p.id = pt.post_id
    WHERE (SELECT count(*) FROM post_tags AS pt2 JOIN posts AS p2 ON p2.id = pt2.post_id
           WHERE pt2.tag_id = pt.tag_id
             AND (p2.published_at > p.published_at OR (p2.published_at = p.published_at AND p2.id > p.id))) < ?
    ORDER BY pt.tag_id, p.published_at DESC, p.id DESC`,
};

async function main() {
  const rows: Record<string, string | number>[] = [];
  for (const posts of SCALES) {
    const data = await buildDataset(posts, TAGS);
    const { sqlite } = data.quire;
    for (const n of [N, 1]) {
      let expected: string | null = null;
      const row: Record<string, string | number> = { posts, "top n": n };
      for (const [name, sql] of Object.entries(VARIANTS)) {
        if (name === "COUNT self-join" && posts > COUNT_LIMIT) {
          row[name] = "skipped";
          continue;
        }
        const stmt = sqlite.prepare(sql).raw();
        const { ms, result } = time(() => stmt.all(n), name === "COUNT self-join" ? 1 : 5);
        const signature = JSON.stringify(result);
        if (expected === null) expected = signature;
        else if (signature !== expected)
          throw new Error(`${name} (n=${n}, ${posts} posts) disagrees with the window function`);
        row[name] = ms.toFixed(1);
      }
      rows.push(row);
    }
    await data.cleanup();
  }
  console.log(`median ms for every tag's newest posts (${TAGS} tags), lower is better`);
  table(rows);
}

await main();
