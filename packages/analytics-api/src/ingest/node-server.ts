import http from "node:http";
import type { AddressInfo } from "node:net";

import type { AnalyticsDatabase } from "@quire/analytics-db";

import { clientFromHeaders } from "./client";
import { LIMITS } from "./collect";
import {
  collectPlausible,
  collectUmami,
  CORS_HEADERS,
  handlePixel,
  handlePixelSnippet,
  handleTrackerScript,
} from "./handlers";
import type { PlainResponse } from "./handlers";

/** Node's headers as a Fetch `Headers`. */
function toHeaders(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

function readLimited(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, plain: PlainResponse) {
  res.writeHead(plain.status, plain.headers);
  res.end(plain.body);
}

async function sendFetch(res: http.ServerResponse, response: Response) {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * The collection endpoints on a bare `node:http` server, running the same
 * functions as the Next.js route handlers. For tests (real HTTP clients such
 * as `@umami/node`) and the ingestion benchmark (no framework in the way).
 *
 * @example
 * const server = await startCollectServer(quire);
 * await fetch(`${server.url}/api/event`, { method: "POST", body });
 * await server.close();
 */
export async function startCollectServer(quire: AnalyticsDatabase, port = 0): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const handle = async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      // A plain getter over Node's headers: a Fetch Headers object per request costs more than the lookups.
      const client = () =>
        clientFromHeaders({ get: (name) => (req.headers[name] as string | undefined) ?? null }, req.socket.remoteAddress ?? "");
      if (req.method === "OPTIONS") return send(res, { status: 204, headers: CORS_HEADERS, body: "" });
      if (req.method === "POST" && (url.pathname === "/api/event" || url.pathname === "/api/send")) {
        const body = await readLimited(req, LIMITS.bodyBytes);
        if (body === null) return send(res, { status: 413, headers: CORS_HEADERS, body: "" });
        return send(res, await (url.pathname === "/api/event" ? collectPlausible : collectUmami)(quire, body, client()));
      }
      if (req.method === "GET") {
        const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { headers: toHeaders(req) });
        if (!request.headers.has("x-forwarded-for") && req.socket.remoteAddress) request.headers.set("x-forwarded-for", req.socket.remoteAddress);
        if (url.pathname === "/a.gif") return sendFetch(res, await handlePixel(quire, request));
        if (url.pathname === "/a.js") return sendFetch(res, handlePixelSnippet(request));
        if (url.pathname === "/script.js") return sendFetch(res, handleTrackerScript());
      }
      send(res, { status: 404, headers: {}, body: "" });
    };
    handle().catch((error: unknown) => {
      console.error("collect server:", error);
      if (!res.headersSent) send(res, { status: 500, headers: {}, body: "" });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
