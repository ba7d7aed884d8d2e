// The analytics app's production server (`pnpm start`): Next.js through its
// documented custom-server API, with a fast path in front for the collection
// endpoints (POST /api/event, POST /api/send, GET /a.gif and their CORS
// preflights). Next's request pipeline costs about 1 ms a request; at
// thousands of events a second that is the whole budget, so those requests
// go straight to the handler the app's own instrumentation registered once
// its database was open (same process, same database, one writer). Every
// other request, and the collection routes under `next dev`, go to Next.
//
// Usage: node server.mjs [-p <port>] [-H <hostname>]   (PORT works too; HOSTNAME is ignored on purpose:
// containers set it to their own name, which is not where a server should listen)
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

import next from "next";

const COLLECT_HANDLER_KEY = Symbol.for("quire.analytics.ingest");

function option(flag, long, fallback) {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === flag || a === long);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

const port = Number(option("-p", "--port", process.env.PORT ?? "3002"));
const hostname = option("-H", "--hostname", undefined);
// The same variable src/env.ts validates ("0" | "1"); read here because requests can arrive
// before the app's env module has loaded.
const trustProxy = process.env.QUIRE_TRUST_PROXY === "1";
const dir = path.dirname(fileURLToPath(import.meta.url));

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[quire:analytics] cannot start: the port "${port}" is not a port number`);
  process.exit(1);
}

const app = next({ dev: false, dir, hostname: hostname ?? "localhost", port });
const handleNext = app.getRequestHandler();
await app.prepare();

/**
 * The handler src/instrumentation.ts publishes once the database is open. In
 * production Next runs instrumentation on the first request it handles (see
 * the warm-up below), so until then collection requests take the Next route
 * handlers: the same function on the same database.
 */
let ingest = null;
function fastPath() {
  if (ingest) return ingest;
  const published = globalThis[COLLECT_HANDLER_KEY];
  if (published && typeof published.handle === "function") ingest = published;
  return ingest;
}

const server = http.createServer((req, res) => {
  const fast = fastPath();
  if (fast?.handle(req, res)) return;
  if (!trustProxy) {
    // Not behind a trusted proxy: client-written forwarding headers are not facts.
    // Next sets X-Forwarded-For from the socket itself when it is absent.
    delete req.headers["x-forwarded-for"];
    delete req.headers["x-real-ip"];
    delete req.headers["cf-connecting-ip"];
  }
  handleNext(req, res).catch((error) => {
    console.error("[quire:analytics] request failed:", error);
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "internal error" }));
    } else res.destroy();
  });
});
// Trackers send beacons back to back: keep connections open longer than Node's 5 s default.
server.keepAliveTimeout = 30_000;

server.once("error", (error) => {
  console.error(`[quire:analytics] cannot start: ${error.message}`);
  process.exit(1);
});
server.listen(port, hostname, () => {
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  console.log(`[quire:analytics] listening on http://${hostname ?? "localhost"}:${actual}`);
  // Warm-up: Next starts the app (instrumentation: env, database, the fast path) on its first
  // request; make that happen now rather than on a visitor's. A failed start exits the process.
  const local = !hostname || hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
  fetch(`http://${local.includes(":") ? `[${local}]` : local}:${actual}/api/health`)
    .then((r) => r.arrayBuffer())
    .then(() => console.log(`[quire:analytics] ready${fastPath() ? " (collection fast path on)" : ""}`))
    .catch((error) => console.error(`[quire:analytics] warm-up request failed: ${error.message}`));
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  // Stop accepting, let answered connections go; committed events are already on disk (WAL).
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 3_000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
