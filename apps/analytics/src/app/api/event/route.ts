import { handlePlausibleEvent, handlePreflight } from "@quire/analytics-api";

import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

/** Plausible-compatible collection (Plausible's trackers and ours). */
export async function POST(request: Request) {
  await runtime.start();
  return handlePlausibleEvent(runtime.getDb(), request);
}

export const OPTIONS = handlePreflight;
