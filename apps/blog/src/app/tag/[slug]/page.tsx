import { getTagAncestors, getTagBySlug, getTagChildren, listPostsByTag } from "@quire/blog-db";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { BadPage, Pager, parsePage, PER_PAGE, PostList } from "../../_components/posts";
import { runtime, startBlog } from "~/server/runtime";
import { Tracker } from "../../_components/tracker";

// Reads the query string: rendered per request.
export const dynamic = "force-dynamic";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ slug: string }>;
}): Promise<Metadata> {
  const { slug } = await params;
  await startBlog();
  const tag = getTagBySlug(runtime.getDb(), slug);
  if (!tag) return { title: "Not found" };
  return {
    title: `Tag: ${tag.name}`,
    description: tag.description || `Posts tagged ${tag.name}`,
    alternates: {
      canonical: `/tag/${tag.slug}`,
      types: {
        "application/rss+xml": [{ url: `/tag/${tag.slug}/feed.xml`, title: `${tag.name} (RSS)` }],
        "application/atom+xml": [{ url: `/tag/${tag.slug}/atom.xml`, title: `${tag.name} (Atom)` }],
      },
    },
  };
}

export default async function TagPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  const { slug } = await params;
  await startBlog();
  const quire = runtime.getDb();
  const tag = getTagBySlug(quire, slug);
  if (!tag) notFound();
  const raw = (await searchParams).page;
  const page = parsePage(raw);
  const trail = getTagAncestors(quire, tag.id);
  const children = getTagChildren(quire, tag.id);
  return (
    <>
      <nav className="q-breadcrumbs" aria-label="Breadcrumbs">
        <ol>
          <li>
            <Link href="/tags">Tags</Link>
          </li>
          {trail.map((t) => (
            <li key={t.id}>
              {t.id === tag.id ? (
                <span aria-current="page">{t.name}</span>
              ) : (
                <Link href={`/tag/${t.slug}`}>{t.name}</Link>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <Tracker />
      <h1>{tag.name}</h1>
      {tag.description ? <p className="q-muted">{tag.description}</p> : null}
      {children.length > 0 ? (
        <p>
          Also in here:{" "}
          {children.map((c) => (
            <Link className="q-tag" key={c.id} href={`/tag/${c.slug}`}>
              {c.name}
            </Link>
          ))}
        </p>
      ) : null}
      <p className="q-muted">
        <a href={`/tag/${tag.slug}/feed.xml`}>RSS</a> ·{" "}
        <a href={`/tag/${tag.slug}/atom.xml`}>Atom</a>
      </p>
      {page === null ? (
        <BadPage raw={raw} back={`/tag/${tag.slug}`} />
      ) : (
        <TagPosts tagId={tag.id} slug={tag.slug} page={page} />
      )}
    </>
  );
}

function TagPosts({ tagId, slug, page }: { tagId: number; slug: string; page: number }) {
  const { posts, total } = listPostsByTag(runtime.getDb(), tagId, {
    limit: PER_PAGE,
    offset: (page - 1) * PER_PAGE,
  });
  return (
    <>
      <PostList
        posts={posts}
        emptyText={
          page > 1 ? (
            <>
              No posts on page {page}. <Link href={`/tag/${slug}`}>Back to the first page</Link>
            </>
          ) : (
            "No posts with this tag yet."
          )
        }
      />
      <Pager page={page} total={total} base={`/tag/${slug}`} />
    </>
  );
}
