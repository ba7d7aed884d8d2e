import { revalidatePublic, runtime } from "~/server/runtime";

/** Drop the cached public pages (the scheduler calls this after publishing; service token only). */
export async function POST(request: Request) {
  const auth = await runtime.getAuth();
  if (!auth.isServiceRequest(request.headers))
    return Response.json({ error: "A valid service token is required" }, { status: 401 });
  revalidatePublic();
  return Response.json({ ok: true });
}
