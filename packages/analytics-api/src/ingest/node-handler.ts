import type http from "node:http";

import type { AnalyticsDatabase } from "@quire/analytics-db";

import { PIXEL_GIF } from "../tracker";
import { clientFromHeaders } from "./client";
import type { ClientInfo } from "./client";
import { collect, CollectError, LIMITS } from "./collect";
import type { CollectOutcome } from "./collect";
import { ALLOW, collectPlausible, collectUmami, CORS_HEADERS, dropHeaders, NO_STORE } from "./handlers";
import type { PlainResponse } from "./handlers";
import { parsePixelQuery } from "./protocols";

/** The collection endpoints, answered straight on node:http (see {@link createCollectHandler}). */
export const COLLECT_PATHS = ["/api/event", "/api/send", "/a.gif"] as const;

export interface CollectHandlerOptions {
  /** The app's database; throwing means "not started yet" (answered 503). */
  getDb: () => AnalyticsDatabase;
  /** Take the client IP from proxy headers (QUIRE_TRUST_PROXY=1), else from the socket. */
  trustProxy: boolean;
}

/**
 * `(req, res) => handled`: answers a collection request itself and returns
 * true, or returns false without touching `req`/`res` for anything else.
 */
export type CollectHandler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

const PIXEL_HEADERS: Record<string, string> = {
  ...ALLOW,
  "content-type": "image/gif",
  "cache-control": NO_STORE,
  pragma: "no-cache",
  expires: "0",
};

function send(res: http.ServerResponse, plain: PlainResponse): void {
  // A known length: no chunked encoding for a 2-byte body.
  res.setHeader("content-length", typeof plain.body === "string" ? Buffer.byteLength(plain.body) : plain.body.length);
  res.writeHead(plain.status, plain.headers);
  res.end(plain.body);
}

function error(res: http.ServerResponse, status: number, message: string): void {
  send(res, {
    status,
    headers: { ...ALLOW, "content-type": "application/json", "cache-control": NO_STORE },
    body: JSON.stringify({ error: message }),
  });
}

/** Node's header object behind the `get(name)` the protocol code reads (a Fetch `Headers` per request costs more than the lookups). */
function headerGetter(req: http.IncomingMessage): { get(name: string): string | null } {
  return {
    get: (name) => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * Read a body up to `limit` bytes, calling `done` once: the text, or null
 * when it is larger (the rest is drained so the connection stays usable), or
 * undefined when the client went away.
 */
function readBody(req: http.IncomingMessage, limit: number, done: (body: string | null | undefined) => void): void {
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) {
    req.resume();
    req.once("end", () => done(null));
    req.once("error", () => done(undefined));
    return;
  }
  let first: Buffer | null = null;
  let chunks: Buffer[] | null = null;
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) return;
    // One chunk is the usual case: no array, no concat.
    if (first === null) first = chunk;
    else (chunks ??= [first]).push(chunk);
  });
  req.once("end", () => {
    if (size > limit) done(null);
    else if (chunks) done(Buffer.concat(chunks).toString("utf8"));
    else done(first === null ? "" : first.toString("utf8"));
  });
  req.once("error", () => done(undefined));
}

function pixel(quire: AnalyticsDatabase, query: string, client: ClientInfo, referer: string | null): Promise<CollectOutcome> {
  try {
    return collect(quire, parsePixelQuery(new URLSearchParams(query), referer), client);
  } catch (e) {
    if (e instanceof CollectError) return Promise.resolve({ recorded: false, reason: e.message });
    throw e;
  }
}

/**
 * The collection fast path: `POST /api/event`, `POST /api/send`,
 * `GET /a.gif` and their CORS preflights answered on node:http with the same
 * functions as the Next.js route handlers, without Next's request pipeline
 * (about 1 ms a request). Everything else is left to the caller. The app's
 * custom server runs the instance its instrumentation registers, so the
 * database, its writer and the ingest queue stay one per process.
 *
 * @example
 * const collectFast = createCollectHandler({ getDb: () => quire, trustProxy: false });
 * http.createServer((req, res) => collectFast(req, res) || next(req, res));
 */
export function createCollectHandler({ getDb, trustProxy }: CollectHandlerOptions): CollectHandler {
  const fail = (res: http.ServerResponse, e: unknown) => {
    console.error("[quire:analytics] collection failed:", e);
    if (!res.headersSent) error(res, 503, "the event could not be stored, try again");
    else res.destroy();
  };
  return (req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    const plausible = pathname === "/api/event";
    if (!plausible && pathname !== "/api/send" && pathname !== "/a.gif") return false;
    const method = req.method;
    if (method === "OPTIONS") {
      send(res, { status: 204, headers: CORS_HEADERS, body: "" });
      return true;
    }
    let quire: AnalyticsDatabase;
    try {
      quire = getDb();
    } catch {
      error(res, 503, "analytics is starting, try again");
      return true;
    }
    const headers = headerGetter(req);
    const client = () => clientFromHeaders(headers, { socketIp: req.socket.remoteAddress ?? "", trustProxy });
    if (pathname === "/a.gif") {
      if (method !== "GET" && method !== "HEAD") return false;
      // Always the GIF (a broken image helps no one); the outcome is in the headers.
      pixel(quire, q < 0 ? "" : url.slice(q + 1), client(), headers.get("referer")).then(
        (outcome) => send(res, { status: 200, headers: { ...PIXEL_HEADERS, ...dropHeaders(outcome) }, body: PIXEL_GIF }),
        (e: unknown) => fail(res, e),
      );
      return true;
    }
    if (method !== "POST") return false;
    readBody(req, LIMITS.bodyBytes, (body) => {
      if (body === undefined) return; // the client is gone: nobody to answer
      if (body === null) return error(res, 413, `the body is larger than ${LIMITS.bodyBytes} bytes`);
      (plausible ? collectPlausible : collectUmami)(quire, body, client()).then(
        (plain) => send(res, plain),
        (e: unknown) => fail(res, e),
      );
    });
    return true;
  };
}
