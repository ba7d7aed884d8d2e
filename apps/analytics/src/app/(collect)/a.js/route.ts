import { handlePixelSnippet } from "@quire/analytics-api";

export const dynamic = "force-dynamic";

/** The seed's snippet for a site: `<script src="/a.js?id=example.com">`. */
export function GET(request: Request) {
  return handlePixelSnippet(request);
}
