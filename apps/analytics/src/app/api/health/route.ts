import { getAnalyticsHealth } from "@quire/analytics-api";

import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await runtime.start();
    return Response.json(await getAnalyticsHealth(runtime.getDb()), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return Response.json({ ok: false, app: "analytics", error: (error as Error).message }, { status: 503 });
  }
}
