import { getAdjacentPosts, getPublishedPostBySlug, getRelatedPosts } from "@quire/blog-db";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";

import { Article, articleMetadata } from "../../_components/article";
import { getSite, runtime, startBlog } from "~/server/runtime";

/** Cached whole (ISR), rebuilt after a change (revalidatePublic) or at the latest every 5 minutes. */
export const revalidate = 300;
export function generateStaticParams(): { slug: string }[] {
  return []; // rendered on first visit, at run time, from the live database
}

const load = cache(async (slug: string) => {
  await startBlog();
  return getPublishedPostBySlug(runtime.getDb(), slug);
});

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const post = await load(slug);
  return post
    ? articleMetadata(post, `/posts/${post.slug}`, await getSite())
    : { title: "Not found" };
}

export default async function PostPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const post = await load(slug);
  // Old slugs were answered with a 301 by src/proxy.ts before this page ran.
  if (!post) notFound();
  const quire = runtime.getDb();
  const related = getRelatedPosts(quire, post.id);
  const { newer, older } = getAdjacentPosts(quire, post);
  return (
    <>
      <Article post={post} />
      {related.length > 0 ? (
        <section aria-labelledby="related">
          <h2 id="related">Related posts</h2>
          <ul className="q-related">
            {related.map((r) => (
              <li key={r.id}>
                <Link href={`/posts/${r.slug}`}>{r.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <nav className="q-adjacent" aria-label="More posts">
        {older ? (
          <Link href={`/posts/${older.slug}`} rel="prev">
            ← {older.title}
          </Link>
        ) : (
          <span />
        )}
        {newer ? (
          <Link href={`/posts/${newer.slug}`} rel="next">
            {newer.title} →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
