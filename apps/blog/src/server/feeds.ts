import "server-only";

import { buildFeed, siteFrom } from "@quire/blog-api";
import type { FeedFormat } from "@quire/blog-api";
import { getTagBySlug } from "@quire/blog-db";

import { runtime, siteUrl, startBlog } from "./runtime";

const TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
};

/** A feed response (the site's, or one tag's); 404 for an unknown tag. */
export async function feedResponse(format: FeedFormat, tagSlug?: string): Promise<Response> {
  await startBlog();
  const quire = runtime.getDb();
  const tag = tagSlug === undefined ? undefined : getTagBySlug(quire, tagSlug);
  if (tagSlug !== undefined && !tag)
    return Response.json({ error: "No such tag" }, { status: 404 });
  return new Response(buildFeed(quire, siteFrom(quire, siteUrl), format, tag), {
    headers: {
      "content-type": `${TYPES[format]}; charset=utf-8`,
      "cache-control": "public, max-age=300",
    },
  });
}
