import type { PostSummary, TagRef } from "@quire/blog-db";
import { EmptyState, formatDate } from "@quire/ui";
import Link from "next/link";

export const PER_PAGE = 20;

/** `?page=` as a page number, or null when it is not one (the page shows an inline error). */
export function parsePage(raw: string | string[] | undefined): number | null {
  if (raw === undefined) return 1;
  if (typeof raw !== "string" || !/^\d{1,6}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && n <= 100_000 ? n : null;
}

export function BadPage({ raw, back }: { raw: unknown; back: string }) {
  return (
    <p className="q-error" role="alert">
      “{String(raw).slice(0, 40)}” is not a page number.{" "}
      <Link href={back}>Go to the first page</Link>.
    </p>
  );
}

export function TagLinks({ tags }: { tags: TagRef[] }) {
  return tags.map((t) => (
    <Link className="q-tag" key={t.slug} href={`/tag/${t.slug}`}>
      {t.name}
    </Link>
  ));
}

export function PostMeta({
  post,
}: {
  post: Pick<PostSummary, "publishedAt" | "readingMinutes" | "tags">;
}) {
  return (
    <p className="q-post-meta">
      <time dateTime={post.publishedAt?.toISOString()}>{formatDate(post.publishedAt)}</time>
      <span>· {post.readingMinutes} min read</span>
      <TagLinks tags={post.tags} />
    </p>
  );
}

export function PostList({
  posts,
  emptyText,
}: {
  posts: PostSummary[];
  emptyText: React.ReactNode;
}) {
  if (posts.length === 0) return <EmptyState>{emptyText}</EmptyState>;
  return posts.map((post) => (
    <article className="q-post" key={post.id} data-testid="post">
      <h2>
        <Link href={`/posts/${post.slug}`}>{post.title}</Link>
      </h2>
      <PostMeta post={post} />
      <p>{post.excerpt}</p>
    </article>
  ));
}

/** Newer/older links keeping the other query parameters. */
export function Pager({
  page,
  total,
  base,
  params = {},
}: {
  page: number;
  total: number;
  base: string;
  params?: Record<string, string>;
}) {
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const href = (n: number) => {
    const q = new URLSearchParams(params);
    if (n > 1) q.set("page", String(n));
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  return (
    <nav className="q-pager" aria-label="Pagination">
      {page > 1 ? <Link href={href(Math.min(page - 1, pages))}>← Newer</Link> : null}
      <span className="q-muted">
        Page {page} of {pages}
      </span>
      {page < pages ? <Link href={href(page + 1)}>Older →</Link> : null}
    </nav>
  );
}
