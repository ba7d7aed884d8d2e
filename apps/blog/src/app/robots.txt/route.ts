import { buildRobots, siteFrom } from "@quire/blog-api";

import { runtime, siteUrl, startBlog } from "~/server/runtime";

export const dynamic = "force-dynamic";

export async function GET() {
  await startBlog();
  return new Response(buildRobots(siteFrom(runtime.getDb(), siteUrl)), {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "public, max-age=3600",
    },
  });
}
