import { getPublishedPostBySlug } from "@quire/blog-db";
import { formatDate } from "@quire/ui";
import { notFound } from "next/navigation";

import { runtime } from "~/server/runtime";

export default async function PostPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await runtime.start();
  const post = await getPublishedPostBySlug(runtime.getDb(), slug);
  if (!post) notFound();
  return (
    <article>
      <h1>{post.title}</h1>
      <p className="q-muted">
        <time dateTime={post.publishedAt?.toISOString()}>{formatDate(post.publishedAt)}</time>
      </p>
      {/* bodyHtml is rendered and sanitized at save time, never from request input. */}
      <div dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
    </article>
  );
}
