import http from "node:http";
import type { AddressInfo } from "node:net";

import type { AnalyticsDatabase } from "@quire/analytics-db";

import { handlePixelSnippet, handleTrackerScript } from "./handlers";
import type { PlainResponse } from "./handlers";
import { createCollectHandler } from "./node-handler";

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
 * The collection endpoints on a bare `node:http` server: the app's fast
 * path ({@link createCollectHandler}) plus the scripts. Trusts proxy headers
 * for the client IP unless told otherwise (tests and the benchmark vary the
 * visitor through `X-Forwarded-For`). For tests (real HTTP clients such
 * as `@umami/node`) and the ingestion benchmark (no framework in the way).
 *
 * @example
 * const server = await startCollectServer(quire);
 * await fetch(`${server.url}/api/event`, { method: "POST", body });
 * await server.close();
 */
export async function startCollectServer(
  quire: AnalyticsDatabase,
  port = 0,
  options: { trustProxy?: boolean } = {},
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const collectFast = createCollectHandler({ getDb: () => quire, trustProxy: options.trustProxy ?? true });
  const server = http.createServer((req, res) => {
    if (collectFast(req, res)) return;
    if (req.method === "GET") {
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`);
      const pathname = new URL(request.url).pathname;
      if (pathname === "/a.js") return void sendFetch(res, handlePixelSnippet(request));
      if (pathname === "/script.js") return void sendFetch(res, handleTrackerScript());
    }
    send(res, { status: 404, headers: {}, body: "" });
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
