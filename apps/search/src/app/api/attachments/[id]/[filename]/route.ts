import { getSession } from "@quire/auth/next";
import { downloadAttachment, ScoutError } from "@quire/search-api";

import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * An attachment's bytes for the console (admin session), since the Scout
 * route `/scout/documents/:id/attachments/:filename/download/` asks for an
 * API key once keys exist. Same headers as Scout's download: the stored
 * mimetype, sandboxed so uploaded HTML cannot run on this origin.
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string; filename: string }> },
): Promise<Response> {
  await runtime.start();
  if (!(await getSession(await runtime.getAuth()))) {
    return Response.json({ error: "Log in as admin first." }, { status: 401 });
  }
  const { id, filename } = await params;
  if (!/^\d{1,15}$/.test(id)) return Response.json({ error: "Not found." }, { status: 404 });
  try {
    const { attachment, bytes } = await downloadAttachment(
      runtime.getDb(),
      Number(id),
      // Stored names are sanitized (no "%"); an encoded one is decoded once.
      filename.includes("%") ? safeDecode(filename) : filename,
    );
    return new Response(new Uint8Array(bytes), {
      headers: {
        "content-type": attachment.mimetype,
        "content-length": String(bytes.byteLength),
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        "content-security-policy": "sandbox",
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof ScoutError) {
      return Response.json({ error: error.message }, { status: error.status });
    }
    throw error;
  }
}
