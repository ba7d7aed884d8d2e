import { handlePixel, handlePreflight } from "@quire/analytics-api";

import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

/** The seed pixel: records a pageview, answers a 1×1 GIF (no-JS fallback, as GoatCounter's /count). */
export async function GET(request: Request) {
  await runtime.start();
  return handlePixel(runtime.getDb(), request);
}

export const OPTIONS = handlePreflight;
