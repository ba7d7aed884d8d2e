import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

/**
 * Whether this browser holds the admin session: `{ admin: boolean }`, never cached. Public pages
 * are cached whole and read no cookie; their session controls ask here from the browser instead.
 */
export async function GET(request: Request) {
  const auth = await runtime.getAuth();
  const admin = auth.sessionFromHeaders(request.headers) !== null;
  return Response.json(
    { admin },
    { headers: { "cache-control": "private, no-store", vary: "cookie" } },
  );
}
