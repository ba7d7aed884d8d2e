import type { PostDetail } from "@quire/blog-db";

import { PostMeta } from "./posts";
import { Tracker } from "./tracker";

/** A post or page body: rendered and sanitized at save time, never from request input. */
export function Article({ post, meta = true }: { post: PostDetail; meta?: boolean }) {
  return (
    <article>
      <h1>{post.title}</h1>
      {meta ? <PostMeta post={post} /> : null}
      {post.coverImage ? (
        // Covers are uploads (/media) or author-chosen URLs of any size: a plain img is the honest choice.
        // eslint-disable-next-line @next/next/no-img-element
        <img className="q-cover" src={post.coverImage} alt="" />
      ) : null}
      <div
        className="q-body"
        data-testid="post-body"
        dangerouslySetInnerHTML={{ __html: post.bodyHtml }}
      />
      <Tracker />
    </article>
  );
}

/** OpenGraph's locale format (pt_BR) for a language tag (pt-BR). */
export const ogLocale = (lang: string) => lang.replace(/-/g, "_");

/**
 * A post's or page's metadata. Its `openGraph` replaces the layout's whole (Next merges metadata
 * one key deep), so the site's name and locale are repeated here.
 */
export function articleMetadata(
  post: PostDetail,
  path: string,
  site: { title: string; lang: string },
) {
  return {
    title: post.title,
    description: post.excerpt,
    alternates: { canonical: path },
    openGraph: {
      type: "article" as const,
      siteName: site.title,
      locale: ogLocale(site.lang),
      title: post.title,
      description: post.excerpt,
      url: path,
      publishedTime: post.publishedAt?.toISOString(),
      modifiedTime: post.updatedAt.toISOString(),
      tags: post.tags.map((t) => t.name),
      ...(post.coverImage ? { images: [post.coverImage] } : {}),
    },
    twitter: {
      card: post.coverImage ? ("summary_large_image" as const) : ("summary" as const),
      title: post.title,
      description: post.excerpt,
    },
  };
}
