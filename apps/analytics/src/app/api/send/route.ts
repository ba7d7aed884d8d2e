import { handlePreflight, handleUmamiSend } from "@quire/analytics-api";

import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

/** Umami-compatible collection (`@umami/node`, Umami's tracker). */
export async function POST(request: Request) {
  await runtime.start();
  return handleUmamiSend(runtime.getDb(), request);
}

export const OPTIONS = handlePreflight;
