import { handleScoutRequest } from "@quire/search-api";

import { env } from "~/env";
import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

/**
 * The Scout-compatible REST API under /scout: Scout clients use
 * `http://host:3001/scout` as their server URL. Routing, auth (SEARCH_MASTER_KEY)
 * and body limits live in @quire/search-api's handleScoutRequest.
 */
async function handler(request: Request): Promise<Response> {
  try {
    await runtime.start();
  } catch {
    return Response.json(
      { error: "The search service is starting or unavailable." },
      { status: 503 },
    );
  }
  return handleScoutRequest(runtime.getDb(), request, {
    prefix: "/scout",
    masterKey: env.SEARCH_MASTER_KEY ?? null,
  });
}

export { handler as GET, handler as POST, handler as PUT, handler as DELETE, handler as PATCH };
