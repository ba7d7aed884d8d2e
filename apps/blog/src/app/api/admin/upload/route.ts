import { BlogError, MAX_IMAGE_BYTES, saveImage } from "@quire/blog-api";

import { adminRequest } from "~/server/admin";
import { runtime } from "~/server/runtime";

/** Image upload from the editor (multipart, field `file`): admin only, size and type checked. */
export async function POST(request: Request) {
  if (!(await adminRequest(request)))
    return Response.json({ error: "Log in as admin first" }, { status: 401 });
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_IMAGE_BYTES + 64 * 1024)
    return Response.json(
      { error: `Images may be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB` },
      { status: 413 },
    );
  const form = await request.formData().catch(() => null);
  const file = form?.get("file");
  if (!file || typeof file === "string")
    return Response.json({ error: "Send the image as the form field `file`" }, { status: 400 });
  try {
    const saved = await saveImage(
      runtime.getDb(),
      new Uint8Array(await file.arrayBuffer()),
      file.name,
    );
    return Response.json(saved, { status: 201 });
  } catch (error) {
    if (error instanceof BlogError)
      return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
}
