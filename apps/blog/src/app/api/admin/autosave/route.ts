import { autosavePost, BlogError, createRenderer } from "@quire/blog-api";

import { adminRequest } from "~/server/admin";
import { oembedOptions, runtime } from "~/server/runtime";

/** The editor's beacon when its tab is hidden or closed: the same autosave as the tRPC one. */
export async function POST(request: Request) {
  if (!(await adminRequest(request)))
    return Response.json({ error: "Log in as admin first" }, { status: 401 });
  const body: unknown = await request.json().catch(() => null);
  try {
    const quire = runtime.getDb();
    const result = await autosavePost(
      { quire, render: createRenderer(quire, oembedOptions) },
      body as Parameters<typeof autosavePost>[1],
    );
    return Response.json(result);
  } catch (error) {
    if (error instanceof BlogError)
      return Response.json({ error: error.message }, { status: error.status });
    if (error instanceof Error && "issues" in error)
      return Response.json({ error: "Invalid autosave" }, { status: 400 });
    throw error;
  }
}
