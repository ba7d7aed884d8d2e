// The analytics app's production server (`pnpm start`): Next.js behind @quire/runtime's custom
// server, with a fast path for the collection endpoints (POST /api/event, POST /api/send,
// GET /a.gif and their CORS preflights). Next's request pipeline costs about 1 ms a request; at
// thousands of events a second that is the whole budget, so those requests go straight to the
// handler src/instrumentation.ts publishes once the database is open (same process, same
// database, one writer). Every other request, and everything under `next dev`, goes to Next.
//
// Usage: node server.mjs [-p <port>] [-H <hostname>]
import path from "node:path";
import { fileURLToPath } from "node:url";

import { startNextServer } from "@quire/runtime/server";
import next from "next";

await startNextServer({
  next,
  app: "analytics",
  dir: path.dirname(fileURLToPath(import.meta.url)),
  defaultPort: 3002,
  fastPathKey: Symbol.for("quire.analytics.ingest"),
  fastPathLabel: "collection fast path",
});
