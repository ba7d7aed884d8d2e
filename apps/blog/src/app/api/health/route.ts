import { checkPeers, getBlogHealth } from "@quire/blog-api";

import { getPeers, runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

/** Liveness plus the live status of search and analytics (fetched over tRPC service calls). */
export async function GET() {
  try {
    await runtime.start();
    const [self, peers] = await Promise.all([
      getBlogHealth(runtime.getDb()),
      getPeers().then(checkPeers),
    ]);
    return Response.json({ ...self, peers }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return Response.json(
      { ok: false, app: "blog", error: (error as Error).message },
      { status: 503 },
    );
  }
}
