import { buildSitemap, siteFrom } from "@quire/blog-api";

import { runtime, siteUrl, startBlog } from "~/server/runtime";

export const dynamic = "force-dynamic";

export async function GET() {
  await startBlog();
  const quire = runtime.getDb();
  return new Response(buildSitemap(quire, siteFrom(quire, siteUrl)), {
    headers: {
      "content-type": "application/xml; charset=utf-8",
      "cache-control": "public, max-age=300",
    },
  });
}
