import { and, count, desc, eq, inArray, lte } from "drizzle-orm";

import type { BlogDatabase } from "../index";
import { posts, postTags, tags } from "../schema";

export interface PostSummary {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  publishedAt: Date | null;
  tags: { slug: string; name: string }[];
}

const published = (now: Date) =>
  and(eq(posts.status, "published"), eq(posts.type, "post"), lte(posts.publishedAt, now));

/** Published posts, newest first, with their tags (two queries, no N+1). */
export async function listPublishedPosts(
  quire: BlogDatabase,
  { limit = 20, offset = 0, now = new Date() } = {},
): Promise<PostSummary[]> {
  const rows = await quire.db
    .select({
      id: posts.id,
      slug: posts.slug,
      title: posts.title,
      excerpt: posts.excerpt,
      publishedAt: posts.publishedAt,
    })
    .from(posts)
    .where(published(now))
    .orderBy(desc(posts.publishedAt), desc(posts.id))
    .limit(limit)
    .offset(offset);
  if (rows.length === 0) return [];
  const tagRows = await quire.db
    .select({ postId: postTags.postId, slug: tags.slug, name: tags.name })
    .from(postTags)
    .innerJoin(tags, eq(tags.id, postTags.tagId))
    .where(inArray(postTags.postId, rows.map((r) => r.id)))
    .orderBy(tags.name);
  return rows.map((r) => ({
    ...r,
    tags: tagRows.filter((t) => t.postId === r.id).map(({ slug, name }) => ({ slug, name })),
  }));
}

export async function countPosts(quire: BlogDatabase, now = new Date()) {
  const [all] = await quire.db.select({ n: count() }).from(posts);
  const [pub] = await quire.db.select({ n: count() }).from(posts).where(published(now));
  return { posts: all?.n ?? 0, published: pub?.n ?? 0 };
}

/** One published post by slug, or undefined (drafts and scheduled posts are never returned). */
export async function getPublishedPostBySlug(quire: BlogDatabase, slug: string, now = new Date()) {
  const [post] = await quire.db
    .select({
      id: posts.id,
      slug: posts.slug,
      title: posts.title,
      bodyHtml: posts.bodyHtml,
      excerpt: posts.excerpt,
      publishedAt: posts.publishedAt,
    })
    .from(posts)
    .where(and(eq(posts.slug, slug), eq(posts.status, "published"), lte(posts.publishedAt, now)))
    .limit(1);
  return post;
}
