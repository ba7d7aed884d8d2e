// Public read queries. Raw SQL with bound parameters, prepared once per connection: these run on
// every page view, and related-post ranking and prev/next are clearer in SQL than in the builder.
import type { BlogDatabase } from "../index";
import type { PostStatus, PostType } from "../schema";
import { prepared, toDate } from "./statements";

export interface TagRef {
  slug: string;
  name: string;
}

export interface PostSummary {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  publishedAt: Date | null;
  readingMinutes: number;
  coverImage: string | null;
  featured: boolean;
  tags: TagRef[];
}

export interface PostDetail extends PostSummary {
  uuid: string | null;
  type: PostType;
  bodyHtml: string;
  plaintext: string;
  customExcerpt: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface SummaryRow {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  published_at: number | null;
  reading_minutes: number;
  cover_image: string | null;
  featured: number;
}

interface DetailRow extends SummaryRow {
  uuid: string | null;
  type: PostType;
  body_html: string;
  plaintext: string;
  custom_excerpt: string | null;
  created_at: number;
  updated_at: number;
}

export const SUMMARY_COLUMNS =
  "p.id, p.slug, p.title, p.excerpt, p.published_at, p.reading_minutes, p.cover_image, p.featured";
const DETAIL_COLUMNS = `${SUMMARY_COLUMNS}, p.uuid, p.type, p.body_html, p.plaintext, p.custom_excerpt, p.created_at, p.updated_at`;

/** What readers may see: published, and dated up to now (scheduled posts flip to published on time). */
export const VISIBLE = "p.status = 'published' AND p.published_at <= ?";

const nowMs = (now: Date | number | undefined) =>
  now === undefined ? Date.now() : typeof now === "number" ? now : now.getTime();

/** The tags of many posts in one query (no N+1), in each post's own order. */
export function tagsOfPosts(quire: BlogDatabase, ids: number[]): Map<number, TagRef[]> {
  const out = new Map<number, TagRef[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = prepared<{ post_id: number; slug: string; name: string }>(
    quire,
    `SELECT pt.post_id, t.slug, t.name FROM post_tags AS pt JOIN tags AS t ON t.id = pt.tag_id
     WHERE pt.post_id IN (SELECT value FROM json_each(?)) ORDER BY pt.sort_order, t.name`,
  ).all(JSON.stringify(ids));
  for (const r of rows) out.get(r.post_id)?.push({ slug: r.slug, name: r.name });
  return out;
}

export function toSummary(row: SummaryRow, tags: TagRef[] = []): PostSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    publishedAt: toDate(row.published_at),
    readingMinutes: row.reading_minutes,
    coverImage: row.cover_image,
    featured: row.featured === 1,
    tags,
  };
}

function toDetail(row: DetailRow, tags: TagRef[]): PostDetail {
  return {
    ...toSummary(row, tags),
    uuid: row.uuid,
    type: row.type,
    bodyHtml: row.body_html,
    plaintext: row.plaintext,
    customExcerpt: row.custom_excerpt,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Summaries with their tags, in the order of `rows`. */
export function withTags(quire: BlogDatabase, rows: SummaryRow[]): PostSummary[] {
  const tags = tagsOfPosts(
    quire,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toSummary(r, tags.get(r.id)));
}

/** Published posts, newest first, with their tags (two queries, no N+1). */
export async function listPublishedPosts(
  quire: BlogDatabase,
  { limit = 20, offset = 0, now }: { limit?: number; offset?: number; now?: Date | number } = {},
): Promise<PostSummary[]> {
  const rows = prepared<SummaryRow>(
    quire,
    `SELECT ${SUMMARY_COLUMNS} FROM posts AS p
     WHERE ${VISIBLE} AND p.type = 'post'
     ORDER BY p.published_at DESC, p.id DESC LIMIT ? OFFSET ?`,
  ).all(nowMs(now), limit, offset);
  return withTags(quire, rows);
}

/** Published posts (type post) visible now. */
export function countPublishedPosts(quire: BlogDatabase, now?: Date | number): number {
  return prepared<{ n: number }>(
    quire,
    `SELECT count(*) AS n FROM posts AS p WHERE ${VISIBLE} AND p.type = 'post'`,
  ).get(nowMs(now))!.n;
}

export async function countPosts(quire: BlogDatabase, now: Date | number = new Date()) {
  const all = prepared<{ n: number }>(quire, "SELECT count(*) AS n FROM posts").get()!.n;
  return { posts: all, published: countPublishedPosts(quire, now) };
}

/** One published post (or page) by slug, with tags, or undefined: drafts and scheduled posts never come back. */
export async function getPublishedPostBySlug(
  quire: BlogDatabase,
  slug: string,
  now?: Date | number,
  type: PostType = "post",
): Promise<PostDetail | undefined> {
  const row = prepared<DetailRow>(
    quire,
    `SELECT ${DETAIL_COLUMNS} FROM posts AS p WHERE p.slug = ? AND p.type = ? AND ${VISIBLE}`,
  ).get(slug, type, nowMs(now));
  if (!row) return undefined;
  return toDetail(row, tagsOfPosts(quire, [row.id]).get(row.id) ?? []);
}

/** Whether a published post (or page) has this slug: a cheap indexed check, no body loaded. */
export function isPublishedSlug(
  quire: BlogDatabase,
  slug: string,
  type: PostType = "post",
  now?: Date | number,
): boolean {
  return (
    prepared<{ one: number }>(
      quire,
      `SELECT 1 AS one FROM posts AS p WHERE p.slug = ? AND p.type = ? AND ${VISIBLE}`,
    ).get(slug, type, nowMs(now)) !== undefined
  );
}

/** Where an old slug points now: the current slug and type of a post that was renamed. */
export function findSlugRedirect(
  quire: BlogDatabase,
  slug: string,
): { slug: string; type: PostType } | undefined {
  return prepared<{ slug: string; type: PostType }>(
    quire,
    "SELECT p.slug, p.type FROM slug_redirects AS r JOIN posts AS p ON p.id = r.post_id WHERE r.slug = ?",
  ).get(slug);
}

export interface AdjacentPosts {
  newer: { slug: string; title: string } | null;
  older: { slug: string; title: string } | null;
}

/** The published posts just before and after this one in the reading order (date, then id). */
export function getAdjacentPosts(
  quire: BlogDatabase,
  post: { id: number; publishedAt: Date | null },
  now?: Date | number,
): AdjacentPosts {
  const at = post.publishedAt?.getTime() ?? 0;
  const t = nowMs(now);
  const newer = prepared<{ slug: string; title: string }>(
    quire,
    `SELECT p.slug, p.title FROM posts AS p WHERE ${VISIBLE} AND p.type = 'post'
       AND (p.published_at, p.id) > (?, ?)
     ORDER BY p.published_at ASC, p.id ASC LIMIT 1`,
  ).get(t, at, post.id);
  const older = prepared<{ slug: string; title: string }>(
    quire,
    `SELECT p.slug, p.title FROM posts AS p WHERE ${VISIBLE} AND p.type = 'post'
       AND (p.published_at, p.id) < (?, ?)
     ORDER BY p.published_at DESC, p.id DESC LIMIT 1`,
  ).get(t, at, post.id);
  return { newer: newer ?? null, older: older ?? null };
}

/** Related posts: the most tags in common first, then the newest. */
export function getRelatedPosts(
  quire: BlogDatabase,
  postId: number,
  { limit = 3, now }: { limit?: number; now?: Date | number } = {},
): PostSummary[] {
  const rows = prepared<SummaryRow>(
    quire,
    // Count shared tags over the covering (tag_id, post_id) index first, then look posts up.
    `WITH shared AS (
       SELECT other.post_id AS id, count(*) AS n
       FROM post_tags AS mine JOIN post_tags AS other ON other.tag_id = mine.tag_id
       WHERE mine.post_id = ? AND other.post_id <> mine.post_id
       GROUP BY other.post_id
     )
     SELECT ${SUMMARY_COLUMNS} FROM shared JOIN posts AS p ON p.id = shared.id
     WHERE ${VISIBLE} AND p.type = 'post'
     ORDER BY shared.n DESC, p.published_at DESC, p.id DESC LIMIT ?`,
  ).all(postId, nowMs(now), limit);
  return withTags(quire, rows);
}

/** Published static pages (About…), for the navigation and the sitemap. */
export function listPublishedPages(
  quire: BlogDatabase,
  now?: Date | number,
): { slug: string; title: string; updatedAt: Date }[] {
  return prepared<{ slug: string; title: string; updated_at: number }>(
    quire,
    `SELECT p.slug, p.title, p.updated_at FROM posts AS p WHERE ${VISIBLE} AND p.type = 'page' ORDER BY p.title`,
  )
    .all(nowMs(now))
    .map((r) => ({ slug: r.slug, title: r.title, updatedAt: new Date(r.updated_at) }));
}

/** Full published posts for feeds (newest first), optionally only those tagged with a tag or its descendants. */
export function listFeedPosts(
  quire: BlogDatabase,
  { limit = 20, tagId, now }: { limit?: number; tagId?: number; now?: Date | number } = {},
): PostDetail[] {
  const rows =
    tagId === undefined
      ? prepared<DetailRow>(
          quire,
          `SELECT ${DETAIL_COLUMNS} FROM posts AS p WHERE ${VISIBLE} AND p.type = 'post'
           ORDER BY p.published_at DESC, p.id DESC LIMIT ?`,
        ).all(nowMs(now), limit)
      : prepared<DetailRow>(
          quire,
          `SELECT ${DETAIL_COLUMNS} FROM posts AS p WHERE ${VISIBLE} AND p.type = 'post'
             AND p.id IN (SELECT pt.post_id FROM tag_closure AS c JOIN post_tags AS pt ON pt.tag_id = c.descendant_id
                          WHERE c.ancestor_id = ?)
           ORDER BY p.published_at DESC, p.id DESC LIMIT ?`,
        ).all(nowMs(now), tagId, limit);
  const tags = tagsOfPosts(
    quire,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toDetail(r, tags.get(r.id) ?? []));
}

/** Every published post and page for the sitemap: slug, type and last change. */
export function listSitemapEntries(
  quire: BlogDatabase,
  now?: Date | number,
): { slug: string; type: PostType; updatedAt: Date }[] {
  return prepared<{ slug: string; type: PostType; updated_at: number }>(
    quire,
    `SELECT p.slug, p.type, p.updated_at FROM posts AS p WHERE ${VISIBLE} ORDER BY p.published_at DESC, p.id DESC LIMIT 50000`,
  )
    .all(nowMs(now))
    .map((r) => ({ slug: r.slug, type: r.type, updatedAt: new Date(r.updated_at) }));
}

export type { PostStatus, PostType };
