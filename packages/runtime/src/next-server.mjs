// The production server of a Quire app (`pnpm start` runs the app's server.mjs, which calls
// this): Next.js through its documented custom-server API, with two optional things in front of
// Next's request pipeline (about 1 ms a request):
// - a fast path: a handler the app's own instrumentation publishes on globalThis once its
//   database is open (same process, same database, one writer), e.g. analytics' collection;
// - a page cache for public pages (page-cache.mjs), e.g. the blog's cached pages.
// Plain JavaScript: Node runs it as is, before Next has compiled anything.
import http from "node:http";

import { createPageCache } from "./page-cache.mjs";

/** Where @quire/runtime's clearPageCache() finds the running server's page cache. */
export const PAGE_CACHE_KEY = Symbol.for("quire.pageCache");

function option(argv, flag, long) {
  const i = argv.findIndex((a) => a === flag || a === long);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : undefined;
}

/**
 * Start one app: `node server.mjs [-p <port>] [-H <hostname>]` (PORT works too; HOSTNAME is
 * ignored on purpose: containers set it to their own name, which is not where to listen).
 *
 * @param {{
 *   next: (options: { dev: boolean, dir: string, hostname: string, port: number }) => any,
 *   app: string,
 *   dir: string,
 *   defaultPort: number,
 *   fastPathKey?: symbol,
 *   fastPathLabel?: string,
 *   pageCache?: { ttlMs?: number, maxEntries?: number },
 *   argv?: string[],
 * }} options
 */
export async function startNextServer({
  next,
  app,
  dir,
  defaultPort,
  fastPathKey,
  fastPathLabel = "fast path",
  pageCache,
  argv = process.argv.slice(2),
}) {
  const port = Number(option(argv, "-p", "--port") ?? process.env.PORT ?? String(defaultPort));
  const hostname = option(argv, "-H", "--hostname");
  // The same variable the apps' env.ts validates ("0" | "1"); read here because requests can
  // arrive before the app's env module has loaded.
  const trustProxy = process.env.QUIRE_TRUST_PROXY === "1";
  const tag = `[quire:${app}]`;

  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${tag} cannot start: the port "${port}" is not a port number`);
    process.exit(1);
  }

  const nextApp = next({ dev: false, dir, hostname: hostname ?? "localhost", port });
  const handleNext = nextApp.getRequestHandler();
  await nextApp.prepare();

  const cache = pageCache ? createPageCache(pageCache) : null;
  if (cache) globalThis[PAGE_CACHE_KEY] = cache;

  // In production Next runs instrumentation on the first request it handles (see the warm-up
  // below): until the app has published its fast path, those requests take Next's routes.
  let fast = null;
  function fastPath() {
    if (fast || !fastPathKey) return fast;
    const published = globalThis[fastPathKey];
    if (published && typeof published.handle === "function") fast = published;
    return fast;
  }

  const server = http.createServer((req, res) => {
    if (fastPath()?.handle(req, res)) return;
    if (!trustProxy) {
      // Not behind a trusted proxy: client-written forwarding headers are not facts.
      // Next sets X-Forwarded-For from the socket itself when it is absent.
      delete req.headers["x-forwarded-for"];
      delete req.headers["x-real-ip"];
      delete req.headers["cf-connecting-ip"];
    }
    if (cache?.handle(req, res)) return;
    handleNext(req, res).catch((error) => {
      console.error(`${tag} request failed:`, error);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "internal error" }));
      } else res.destroy();
    });
  });
  // Browsers and trackers send requests back to back: keep connections open past Node's 5 s.
  server.keepAliveTimeout = 30_000;

  server.once("error", (error) => {
    console.error(`${tag} cannot start: ${error.message}`);
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    const address = server.address();
    const actual = typeof address === "object" && address ? address.port : port;
    console.log(`${tag} listening on http://${hostname ?? "localhost"}:${actual}`);
    // Warm-up: Next starts the app (instrumentation: env, database, fast path) on its first
    // request; make that happen now rather than on a visitor's. A failed start exits the process.
    const local = !hostname || hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
    fetch(`http://${local.includes(":") ? `[${local}]` : local}:${actual}/api/health`)
      .then((r) => r.arrayBuffer())
      .then(() => {
        const extras = [fastPathKey && fastPath() ? `${fastPathLabel} on` : null, cache ? "page cache on" : null];
        const on = extras.filter(Boolean).join(", ");
        console.log(`${tag} ready${on ? ` (${on})` : ""}`);
      })
      .catch((error) => console.error(`${tag} warm-up request failed: ${error.message}`));
  });

  let stopping = false;
  function stop() {
    if (stopping) return;
    stopping = true;
    // Stop accepting, let answered connections go; committed writes are already on disk (WAL).
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 3_000).unref();
  }
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return server;
}
