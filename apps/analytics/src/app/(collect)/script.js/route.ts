import { handleTrackerScript } from "@quire/analytics-api";

export const dynamic = "force-dynamic";

/** Quire's tracker (≤ 1.5 KB gzipped). */
export function GET() {
  return handleTrackerScript();
}
