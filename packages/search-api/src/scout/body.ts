import { badRequest, ScoutError } from "../errors";
import type { UploadedFile } from "../attachments";

export interface BodyLimits {
  /** JSON and form bodies, bytes. */
  json: number;
  /** multipart/form-data bodies (attachments), bytes. */
  multipart: number;
  /** Bulk imports (`POST /:index/bulk/`, streamed), bytes. */
  bulk: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  json: 10 * 1024 * 1024,
  multipart: 50 * 1024 * 1024,
  bulk: 1024 * 1024 * 1024,
};

/** What a Scout write request carries: the JSON object (`data`) and any uploaded files. */
export interface ScoutBody {
  data: Record<string, unknown>;
  files: UploadedFile[];
}

const MISSING_DATA = 'Missing correct content-type or missing "data" field.';
const BAD_JSON = "Unable to parse JSON data from request.";

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function tooLarge(limit: number) {
  return new ScoutError(413, `Request body is too large (limit ${megabytes(limit)}).`);
}

/** Read the body, refusing (413) as soon as it passes `limit`, whatever Content-Length claims. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badRequest(BAD_JSON);
  }
}

/** Scout's rule: empty means `{}`; otherwise it must be JSON, and here an object (or null). */
export function parseJsonData(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest(BAD_JSON);
  }
  if (value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw badRequest("Request data must be a JSON object.");
  return value as Record<string, unknown>;
}

/**
 * A Scout write body: `application/json` (or `+json`), or a form —
 * multipart (with file parts: attachments) or urlencoded — whose `data` field
 * holds the JSON (`""` and `{}` both mean no fields). Oversize bodies are 413.
 */
export async function readScoutBody(
  request: Request,
  limits: BodyLimits = DEFAULT_BODY_LIMITS,
): Promise<ScoutBody> {
  const contentType = request.headers.get("content-type") ?? "";
  const mime = contentType.split(";")[0]!.trim().toLowerCase();
  if (mime === "application/json" || (mime.startsWith("application/") && mime.endsWith("+json"))) {
    return { data: parseJsonData(decodeUtf8(await readLimited(request, limits.json))), files: [] };
  }
  if (mime === "multipart/form-data") {
    const bytes = await readLimited(request, limits.multipart);
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
    } catch {
      throw badRequest("Unable to parse multipart form data.");
    }
    const data = form.get("data");
    if (typeof data !== "string") throw badRequest(MISSING_DATA);
    const files: UploadedFile[] = [];
    for (const [, value] of form) {
      if (typeof value !== "string")
        files.push({ filename: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
    }
    return { data: parseJsonData(data), files };
  }
  if (mime === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams(decodeUtf8(await readLimited(request, limits.json)));
    const data = form.get("data");
    if (data === null) throw badRequest(MISSING_DATA);
    return { data: parseJsonData(data), files: [] };
  }
  throw badRequest(MISSING_DATA);
}

/**
 * Scout's `parse_post`: required fields must be present and not empty or
 * null; no keys beyond required and optional.
 */
export function checkFields(
  data: Record<string, unknown>,
  required: readonly string[],
  optional: readonly string[] = [],
): void {
  const missing = required
    .filter((k) => !Object.hasOwn(data, k) || data[k] === "" || data[k] === null)
    .sort();
  if (missing.length > 0) throw badRequest(`Missing required fields: ${missing.join(", ")}`);
  const allowed = new Set([...required, ...optional]);
  const invalid = Object.keys(data)
    .filter((k) => !allowed.has(k))
    .sort();
  if (invalid.length > 0) throw badRequest(`Invalid keys: ${invalid.join(", ")}`);
}
