import { getSearchHealth } from "@quire/search-api";

import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await runtime.start();
    return Response.json(await getSearchHealth(runtime.getDb()), {
      headers: { "cache-control": "no-store" },
    });
  } catch (error) {
    return Response.json(
      { ok: false, app: "search", error: (error as Error).message },
      { status: 503 },
    );
  }
}
