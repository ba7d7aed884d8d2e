// Tag queries: the tree (closure table), tag pages, top-N per group (window functions) and the
// multi-tag filter (many-to-many or bitmap). Raw SQL: window functions, closure joins and the
// bitset_* functions are beyond drizzle's query builder.
import { bitsetOf } from "../extensions/bitset";
import type { BlogDatabase } from "../index";
import { SUMMARY_COLUMNS, VISIBLE, withTags } from "./posts";
import type { PostSummary } from "./posts";
import { prepared, toDate } from "./statements";

export interface Tag {
  id: number;
  slug: string;
  name: string;
  description: string;
  parentId: number | null;
  bit: number | null;
}

interface TagRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  parent_id: number | null;
  bit: number | null;
}

const toTag = (r: TagRow): Tag => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  parentId: r.parent_id,
  bit: r.bit,
});
const TAG_COLUMNS = "t.id, t.slug, t.name, t.description, t.parent_id, t.bit";
const nowMs = (now: Date | number | undefined) =>
  now === undefined ? Date.now() : typeof now === "number" ? now : now.getTime();

export function getTagBySlug(quire: BlogDatabase, slug: string): Tag | undefined {
  const row = prepared<TagRow>(quire, `SELECT ${TAG_COLUMNS} FROM tags AS t WHERE t.slug = ?`).get(
    slug,
  );
  return row ? toTag(row) : undefined;
}

/** Where an old tag slug points now (the tag was renamed, or merged into another): its current slug. */
export function findTagSlugRedirect(quire: BlogDatabase, slug: string): string | undefined {
  return prepared<{ slug: string }>(
    quire,
    "SELECT t.slug FROM tag_slug_redirects AS r JOIN tags AS t ON t.id = r.tag_id WHERE r.slug = ?",
  ).get(slug)?.slug;
}

export function getTagById(quire: BlogDatabase, id: number): Tag | undefined {
  const row = prepared<TagRow>(quire, `SELECT ${TAG_COLUMNS} FROM tags AS t WHERE t.id = ?`).get(
    id,
  );
  return row ? toTag(row) : undefined;
}

export function getTagsBySlugs(quire: BlogDatabase, slugs: string[]): Tag[] {
  if (slugs.length === 0) return [];
  return prepared<TagRow>(
    quire,
    `SELECT ${TAG_COLUMNS} FROM tags AS t WHERE t.slug IN (SELECT value FROM json_each(?))`,
  )
    .all(JSON.stringify(slugs))
    .map(toTag);
}

/** Every tag, by name. */
export function listTags(quire: BlogDatabase): Tag[] {
  return prepared<TagRow>(
    quire,
    `SELECT ${TAG_COLUMNS} FROM tags AS t ORDER BY t.name COLLATE NOCASE, t.id`,
  )
    .all()
    .map(toTag);
}

// ---- the tree (closure table) ----------------------------------------------------------------

/** Root first, the tag itself last: Programming › Python › Django. */
export function getTagAncestors(
  quire: BlogDatabase,
  tagId: number,
  { includeSelf = true } = {},
): (Tag & { depth: number })[] {
  return prepared<TagRow & { depth: number }>(
    quire,
    `SELECT ${TAG_COLUMNS}, c.depth FROM tag_closure AS c JOIN tags AS t ON t.id = c.ancestor_id
     WHERE c.descendant_id = ? AND c.depth >= ? ORDER BY c.depth DESC`,
  )
    .all(tagId, includeSelf ? 0 : 1)
    .map((r) => ({ ...toTag(r), depth: r.depth }));
}

/** Every tag below this one, with its distance (1 = child), shallowest first. */
export function getTagDescendants(
  quire: BlogDatabase,
  tagId: number,
  { includeSelf = false } = {},
): (Tag & { depth: number })[] {
  return prepared<TagRow & { depth: number }>(
    quire,
    `SELECT ${TAG_COLUMNS}, c.depth FROM tag_closure AS c JOIN tags AS t ON t.id = c.descendant_id
     WHERE c.ancestor_id = ? AND c.depth >= ? ORDER BY c.depth, t.name COLLATE NOCASE`,
  )
    .all(tagId, includeSelf ? 0 : 1)
    .map((r) => ({ ...toTag(r), depth: r.depth }));
}

export function getTagChildren(quire: BlogDatabase, tagId: number): Tag[] {
  return getTagDescendants(quire, tagId).filter((t) => t.depth === 1);
}

/** Tags with the same parent (roots are siblings of each other). */
export function getTagSiblings(quire: BlogDatabase, tagId: number): Tag[] {
  return prepared<TagRow>(
    quire,
    `SELECT ${TAG_COLUMNS} FROM tags AS t JOIN tags AS me ON me.id = ?
     WHERE t.parent_id IS me.parent_id AND t.id <> me.id ORDER BY t.name COLLATE NOCASE`,
  )
    .all(tagId)
    .map(toTag);
}

/** Depth of a tag in the tree (a root is 0). */
export function getTagDepth(quire: BlogDatabase, tagId: number): number {
  return (
    prepared<{ d: number }>(
      quire,
      "SELECT max(depth) AS d FROM tag_closure WHERE descendant_id = ?",
    ).get(tagId)?.d ?? 0
  );
}

// ---- tag pages -------------------------------------------------------------------------------

/** Posts tagged with this tag or any tag below it, newest first, each once. */
export function listPostsByTag(
  quire: BlogDatabase,
  tagId: number,
  { limit = 20, offset = 0, now }: { limit?: number; offset?: number; now?: Date | number } = {},
): { posts: PostSummary[]; total: number } {
  const inTree = `p.id IN (SELECT pt.post_id FROM tag_closure AS c JOIN post_tags AS pt ON pt.tag_id = c.descendant_id WHERE c.ancestor_id = ?)`;
  const t = nowMs(now);
  const rows = prepared<Parameters<typeof withTags>[1][number]>(
    quire,
    `SELECT ${SUMMARY_COLUMNS} FROM posts AS p WHERE ${VISIBLE} AND p.type = 'post' AND ${inTree}
     ORDER BY p.published_at DESC, p.id DESC LIMIT ? OFFSET ?`,
  ).all(t, tagId, limit, offset);
  const total = prepared<{ n: number }>(
    quire,
    `SELECT count(*) AS n FROM posts AS p WHERE ${VISIBLE} AND p.type = 'post' AND ${inTree}`,
  ).get(t, tagId)!.n;
  return { posts: withTags(quire, rows), total };
}

// ---- top N per group -------------------------------------------------------------------------

export interface TagWithTopPosts extends Tag {
  /** Published posts of the tag and its descendants. */
  count: number;
  /** The newest `n` of them, newest first. */
  posts: { slug: string; title: string; publishedAt: Date | null }[];
}

/**
 * Every tag with its `n` newest published posts (its subtree's) and its post count: "top N per
 * group" with `row_number()` over a partition per tag, one pass, no query per tag. `n = 1` is
 * "the top item per group" (the tag cloud's newest post).
 */
export function listTagsWithTopPosts(
  quire: BlogDatabase,
  { n = 3, now }: { n?: number; now?: Date | number } = {},
): TagWithTopPosts[] {
  const ranked = prepared<{
    tag_id: number;
    total: number;
    slug: string;
    title: string;
    published_at: number | null;
  }>(
    quire,
    `WITH tagged AS (
       SELECT DISTINCT c.ancestor_id AS tag_id, p.id, p.published_at
       FROM tag_closure AS c
       JOIN post_tags AS pt ON pt.tag_id = c.descendant_id
       JOIN posts AS p ON p.id = pt.post_id
       WHERE ${VISIBLE} AND p.type = 'post'
     ), ranked AS (
       SELECT tag_id, id,
              row_number() OVER (PARTITION BY tag_id ORDER BY published_at DESC, id DESC) AS rn,
              count(*) OVER (PARTITION BY tag_id) AS total
       FROM tagged
     )
     SELECT r.tag_id, r.total, p.slug, p.title, p.published_at
     FROM ranked AS r JOIN posts AS p ON p.id = r.id
     WHERE r.rn <= ? ORDER BY r.tag_id, r.rn`,
  ).all(nowMs(now), n);
  const byTag = new Map<number, { total: number; posts: TagWithTopPosts["posts"] }>();
  for (const r of ranked) {
    let entry = byTag.get(r.tag_id);
    if (!entry) byTag.set(r.tag_id, (entry = { total: r.total, posts: [] }));
    entry.posts.push({ slug: r.slug, title: r.title, publishedAt: toDate(r.published_at) });
  }
  return listTags(quire).map((t) => ({
    ...t,
    count: byTag.get(t.id)?.total ?? 0,
    posts: byTag.get(t.id)?.posts ?? [],
  }));
}

// ---- multi-tag filter ------------------------------------------------------------------------

export const TAG_FILTER_MODES = ["all", "any", "none"] as const;
export type TagFilterMode = (typeof TAG_FILTER_MODES)[number];
/** `m2m`: post_tags and its index. `bitmap`: four 64-bit words per post, pure SQL. `bitmap-blob`: the BLOB bitset with `bitset_*` functions. */
export type TagStrategy = "m2m" | "bitmap" | "bitmap-blob";

/** Tags with bits 0–255 live in the four words `posts.tag_w0…tag_w3`. */
export const WORD_BITS = 256;

/**
 * Which strategy answers a filter, from `pnpm bench:tags` (figures in the README): the bitmap
 * words win NONE always and ALL/ANY over common tags (a scan of integers beats walking a large
 * index range); many-to-many wins when a selective tag narrows ALL, or ANY matches few posts.
 * The BLOB with JS functions is the general form but never wins: a function call per row.
 */
export function chooseTagStrategy(
  quire: BlogDatabase,
  tags: Pick<Tag, "id" | "bit">[],
  mode: TagFilterMode,
): TagStrategy {
  if (tags.some((t) => t.bit === null || t.bit >= WORD_BITS)) return "m2m";
  if (mode === "none") return "bitmap";
  const posts = prepared<{ n: number }>(quire, "SELECT count(*) AS n FROM posts").get()!.n;
  const counts = prepared<{ n: number }>(
    quire,
    "SELECT count(*) AS n FROM post_tags WHERE tag_id IN (SELECT value FROM json_each(?)) GROUP BY tag_id",
  )
    .all(JSON.stringify(tags.map((t) => t.id)))
    .map((r) => r.n);
  if (mode === "all")
    return counts.length < tags.length || Math.min(...counts) <= posts * 0.02 ? "m2m" : "bitmap";
  return counts.reduce((a, b) => a + b, 0) <= posts * 0.05 ? "m2m" : "bitmap";
}

/** The four word masks of a tag set (signed 64-bit, as SQLite stores them). */
export function wordMasks(bits: number[]): bigint[] {
  const words = [0n, 0n, 0n, 0n];
  for (const b of bits) words[b >> 6]! |= 1n << BigInt(b & 63);
  return words.map((w) => BigInt.asIntN(64, w));
}

function filterClause(
  mode: TagFilterMode,
  strategy: TagStrategy,
  tags: Pick<Tag, "id" | "bit">[],
): { where: string; params: unknown[] } {
  const ids = JSON.stringify(tags.map((t) => t.id));
  if (strategy === "bitmap-blob")
    return {
      where: `bitset_${mode}(p.tag_bits, ?)`,
      params: [bitsetOf(tags.flatMap((t) => (t.bit === null ? [] : [t.bit])))],
    };
  if (strategy === "bitmap") {
    const masks = wordMasks(tags.map((t) => t.bit!));
    const used = masks.map((m, i) => ({ m, i })).filter(({ m }) => m !== 0n);
    if (mode === "all")
      return {
        where: used.map(({ i }) => `(p.tag_w${i} & ?) = ?`).join(" AND "),
        params: used.flatMap(({ m }) => [m, m]),
      };
    const any = `(${used.map(({ i }) => `(p.tag_w${i} & ?) <> 0`).join(" OR ")})`;
    return { where: mode === "any" ? any : `NOT ${any}`, params: used.map(({ m }) => m) };
  }
  const list = "SELECT value FROM json_each(?)";
  switch (mode) {
    case "all":
      return {
        where: `p.id IN (SELECT post_id FROM post_tags WHERE tag_id IN (${list}) GROUP BY post_id HAVING count(*) = ?)`,
        params: [ids, tags.length],
      };
    case "any":
      return {
        where: `p.id IN (SELECT post_id FROM post_tags WHERE tag_id IN (${list}))`,
        params: [ids],
      };
    case "none":
      return {
        where: `p.id NOT IN (SELECT post_id FROM post_tags WHERE tag_id IN (${list}))`,
        params: [ids],
      };
  }
}

/**
 * Published posts filtered by several tags: `all` of them, `any` of them or `none` of them
 * (exact tags, not their descendants), newest first, with the total. The strategy is chosen
 * per query ({@link chooseTagStrategy}) unless given.
 */
export function filterPostsByTags(
  quire: BlogDatabase,
  tags: Pick<Tag, "id" | "bit">[],
  mode: TagFilterMode,
  {
    limit = 20,
    offset = 0,
    now,
    strategy,
  }: { limit?: number; offset?: number; now?: Date | number; strategy?: TagStrategy } = {},
): { posts: PostSummary[]; total: number; strategy: TagStrategy } {
  if (tags.length === 0) return { posts: [], total: 0, strategy: "m2m" };
  const chosen = strategy ?? chooseTagStrategy(quire, tags, mode);
  const { where, params } = filterClause(mode, chosen, tags);
  const t = nowMs(now);
  const rows = prepared<Parameters<typeof withTags>[1][number]>(
    quire,
    `SELECT ${SUMMARY_COLUMNS} FROM posts AS p WHERE ${VISIBLE} AND p.type = 'post' AND ${where}
     ORDER BY p.published_at DESC, p.id DESC LIMIT ? OFFSET ?`,
  ).all(t, ...params, limit, offset);
  const total = prepared<{ n: number }>(
    quire,
    `SELECT count(*) AS n FROM posts AS p WHERE ${VISIBLE} AND p.type = 'post' AND ${where}`,
  ).get(t, ...params)!.n;
  return { posts: withTags(quire, rows), total, strategy: chosen };
}
