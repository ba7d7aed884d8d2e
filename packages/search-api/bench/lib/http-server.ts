/**
 * The HTTP side of the search benchmark, run as its own process: a plain
 * node:http server around the real Scout handler (the same function the
 * app's /scout route calls), on the database file given, plus a no-op route
 * as the baseline. Prints `{"port": …}` once listening.
 *
 * Run: tsx bench/lib/http-server.ts <database file>
 */
import http from "node:http";

import { openSearchDatabase } from "@quire/search-db";

import { handleScoutRequest } from "../../src/scout/handler";

const file = process.argv[2];
if (!file) throw new Error("usage: http-server.ts <database file>");
const quire = openSearchDatabase(file);

const server = http.createServer((req, res) => {
  if (req.url === "/noop") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
    return;
  }
  const request = new Request(`http://localhost${req.url}`, {
    method: req.method,
    headers: req.headers as HeadersInit,
  });
  handleScoutRequest(quire, request, { prefix: "/scout", pageSize: 20 })
    .then(async (response) => {
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(body);
    })
    .catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }));
});
const stop = () => server.close(() => void quire.close().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
