import { listPublishedPosts } from "@quire/blog-db";
import { EmptyState, formatDate } from "@quire/ui";
import Link from "next/link";

import { runtime } from "~/server/runtime";

const PER_PAGE = 20;

export default async function HomePage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const raw = (await searchParams).page;
  const page = raw === undefined ? 1 : Number(raw);
  if (!Number.isInteger(page) || page < 1 || page > 100_000) {
    return (
      <>
        <h1>Posts</h1>
        <p className="q-error" role="alert">
          “{String(raw).slice(0, 40)}” is not a page number. <Link href="/">Go to the first page</Link>.
        </p>
      </>
    );
  }
  await runtime.start();
  const posts = await listPublishedPosts(runtime.getDb(), { limit: PER_PAGE + 1, offset: (page - 1) * PER_PAGE });
  const hasNext = posts.length > PER_PAGE;
  return (
    <>
      <h1>Posts</h1>
      {posts.length === 0 ? (
        <EmptyState>
          {page > 1 ? (
            <>
              No posts on page {page}. <Link href="/">Back to the first page</Link>
            </>
          ) : (
            "Nothing published yet."
          )}
        </EmptyState>
      ) : (
        posts.slice(0, PER_PAGE).map((post) => (
          <article className="q-post" key={post.id} data-testid="post">
            <h2>
              <Link href={`/posts/${post.slug}`}>{post.title}</Link>
            </h2>
            <p className="q-muted">
              <time dateTime={post.publishedAt?.toISOString()}>{formatDate(post.publishedAt)}</time>{" "}
              {post.tags.map((t) => (
                <span className="q-tag" key={t.slug}>
                  {t.name}
                </span>
              ))}
            </p>
            <p>{post.excerpt}</p>
          </article>
        ))
      )}
      <nav aria-label="Pagination" style={{ display: "flex", gap: 16, marginTop: 20 }}>
        {page > 1 ? <Link href={`/?page=${page - 1}`}>← Newer</Link> : null}
        {hasNext ? <Link href={`/?page=${page + 1}`}>Older →</Link> : null}
      </nav>
    </>
  );
}
