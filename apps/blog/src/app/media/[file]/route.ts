import { getImage } from "@quire/blog-api";

import { runtime, startBlog } from "~/server/runtime";

/** Uploaded images: content-addressed names, so they may be cached for a year. */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  await startBlog();
  const image = getImage(runtime.getDb(), (await params).file);
  if (!image) return Response.json({ error: "No such image" }, { status: 404 });
  const etag = `"${image.hash}"`;
  const headers = {
    "content-type": image.mime,
    "cache-control": "public, max-age=31536000, immutable",
    etag,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
  };
  if (request.headers.get("if-none-match") === etag)
    return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(image.data), {
    headers: { ...headers, "content-length": String(image.data.byteLength) },
  });
}
