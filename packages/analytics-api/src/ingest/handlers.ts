import type { AnalyticsDatabase } from "@quire/analytics-db";

import { PIXEL_GIF, pixelSnippet, trackerScript } from "../tracker";
import { clientFromHeaders } from "./client";
import type { ClientInfo } from "./client";
import { collect, CollectError, LIMITS } from "./collect";
import type { CollectInput, CollectOutcome } from "./collect";
import { parsePixelQuery, parsePlausibleBody, parseUmamiBody } from "./protocols";

/** CORS on collection responses: any site may send (no credentials are used) and read the drop headers. */
export const ALLOW: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "x-plausible-dropped, x-quire-drop-reason",
};

/** CORS preflight answer (only `application/json` bodies from browsers need one). */
export const CORS_HEADERS: Record<string, string> = {
  ...ALLOW,
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "content-type",
  "access-control-max-age": "86400",
};

export const NO_STORE = "no-cache, no-store, must-revalidate, max-age=0";

/** A response without Request/Response objects, so the HTTP benchmark can run the same code on node:http. */
export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** Headers that mark an event as not stored, with the reason. */
export function dropHeaders(outcome: CollectOutcome): Record<string, string> {
  return outcome.recorded ? {} : { "x-plausible-dropped": "1", "x-quire-drop-reason": outcome.reason };
}

function json(status: number, body: unknown, extra: Record<string, string> = {}): PlainResponse {
  return {
    status,
    headers: { ...ALLOW, "content-type": "application/json", "cache-control": NO_STORE, ...extra },
    body: JSON.stringify(body),
  };
}

function badRequest(error: unknown): PlainResponse {
  if (error instanceof CollectError) return json(400, { error: error.message });
  throw error;
}

async function run(
  quire: AnalyticsDatabase,
  parse: () => CollectInput | null,
  client: ClientInfo,
  answer: (outcome: CollectOutcome) => PlainResponse,
): Promise<PlainResponse> {
  let input: CollectInput | null;
  try {
    input = parse();
  } catch (error) {
    return badRequest(error);
  }
  if (input === null) return answer({ recorded: false, reason: "identify is not stored" });
  return answer(await collect(quire, input, client));
}

/**
 * Plausible's `POST /api/event` on a body already read: 202 "ok" when
 * stored; dropped events (bots, unknown sites, excluded paths) are also 202,
 * marked with `x-plausible-dropped: 1` and the reason; 400 for malformed
 * bodies.
 */
export function collectPlausible(quire: AnalyticsDatabase, body: string, client: ClientInfo): Promise<PlainResponse> {
  return run(quire, () => parsePlausibleBody(body), client, (outcome) => ({
    status: 202,
    headers: { ...ALLOW, "content-type": "text/plain", "cache-control": NO_STORE, ...dropHeaders(outcome) },
    body: "ok",
  }));
}

/** Umami's `POST /api/send` on a body already read: 200 JSON (dropped ones marked by headers). */
export function collectUmami(quire: AnalyticsDatabase, body: string, client: ClientInfo): Promise<PlainResponse> {
  return run(quire, () => parseUmamiBody(body), client, (outcome) =>
    json(200, outcome.recorded ? { ok: true } : { ok: true, dropped: outcome.reason }, dropHeaders(outcome)),
  );
}

/** Read a request body up to `limit` bytes; null when it is larger. */
export async function readBody(request: Request, limit: number = LIMITS.bodyBytes): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function toResponse(plain: PlainResponse): Response {
  return new Response(typeof plain.body === "string" ? plain.body : new Uint8Array(plain.body), {
    status: plain.status,
    headers: plain.headers,
  });
}

async function withBody(request: Request, handle: (body: string) => Promise<PlainResponse>): Promise<Response> {
  const body = await readBody(request).catch(() => undefined);
  if (body === undefined) return toResponse(json(400, { error: "the body could not be read" }));
  if (body === null) return toResponse(json(413, { error: `the body is larger than ${LIMITS.bodyBytes} bytes` }));
  return toResponse(await handle(body));
}

/** Route handler body of `POST /api/event` (Plausible-compatible). */
export function handlePlausibleEvent(quire: AnalyticsDatabase, request: Request): Promise<Response> {
  return withBody(request, (body) => collectPlausible(quire, body, clientFromHeaders(request.headers)));
}

/** Route handler body of `POST /api/send` (Umami-compatible). */
export function handleUmamiSend(quire: AnalyticsDatabase, request: Request): Promise<Response> {
  return withBody(request, (body) => collectUmami(quire, body, clientFromHeaders(request.headers)));
}

/** Route handler body of `GET /a.gif`: always the GIF (a broken image helps no one), never cached. */
export async function handlePixel(quire: AnalyticsDatabase, request: Request): Promise<Response> {
  let outcome: CollectOutcome;
  try {
    const input = parsePixelQuery(new URL(request.url).searchParams, request.headers.get("referer"));
    outcome = await collect(quire, input, clientFromHeaders(request.headers));
  } catch (error) {
    if (!(error instanceof CollectError)) throw error;
    outcome = { recorded: false, reason: error.message };
  }
  return new Response(new Uint8Array(PIXEL_GIF), {
    status: 200,
    headers: {
      ...ALLOW,
      ...dropHeaders(outcome),
      "content-type": "image/gif",
      "cache-control": NO_STORE,
      pragma: "no-cache",
      expires: "0",
    },
  });
}

/** Route handler of `GET /a.js?id=<site>`: the seed's snippet. */
export function handlePixelSnippet(request: Request): Response {
  const url = new URL(request.url);
  const id = url.searchParams.get("id");
  if (!id) return toResponse(json(400, { error: "id (site) is required" }));
  return new Response(pixelSnippet(url.origin, id), {
    headers: { ...ALLOW, "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" },
  });
}

/** Route handler of `GET /script.js`: our tracker. */
export function handleTrackerScript(): Response {
  return new Response(trackerScript(), {
    headers: { ...ALLOW, "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" },
  });
}

/** `OPTIONS` on a collection endpoint (CORS preflight). */
export function handlePreflight(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}
