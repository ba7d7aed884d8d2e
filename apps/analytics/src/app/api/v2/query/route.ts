import { handleStatsApi } from "@quire/analytics-api";

import { env } from "~/env";
import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

/** Plausible Stats API v2 subset, with the ANALYTICS_API_KEY bearer key. */
export async function POST(request: Request) {
  await runtime.start();
  return handleStatsApi(runtime.getDb(), request, env.ANALYTICS_API_KEY);
}
