// The blog's production server (`pnpm start`): Next.js behind @quire/runtime's custom server,
// with a page cache in front: public pages Next served from its own cache (ISR) are replayed
// from memory without Next's ~1 ms request pipeline, and dropped whenever the blog revalidates
// (src/server/runtime.ts revalidatePublic → clearPageCache) or after 10 s.
//
// Usage: node server.mjs [-p <port>] [-H <hostname>]
import path from "node:path";
import { fileURLToPath } from "node:url";

import { startNextServer } from "@quire/runtime/server";
import next from "next";

await startNextServer({
  next,
  app: "blog",
  dir: path.dirname(fileURLToPath(import.meta.url)),
  defaultPort: 3000,
  pageCache: { ttlMs: 10_000, maxEntries: 2000 },
});
