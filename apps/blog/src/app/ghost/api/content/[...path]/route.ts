import { handleContentApi } from "@quire/blog-api";

import { env } from "~/env";
import { runtime, siteUrl, startBlog } from "~/server/runtime";

export const dynamic = "force-dynamic";

/** Ghost Content API (v5 subset): Ghost front-ends and `@tryghost/content-api` read the blog here. */
export async function GET(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  await startBlog();
  return handleContentApi(runtime.getDb(), request, (await params).path, {
    siteUrl,
    envKey: env.BLOG_CONTENT_API_KEY,
  });
}

export function OPTIONS() {
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": "*",
      "access-control-allow-methods": "GET, OPTIONS",
      "access-control-allow-headers": "Accept-Version, Content-Type",
      "access-control-max-age": "86400",
    },
  });
}
