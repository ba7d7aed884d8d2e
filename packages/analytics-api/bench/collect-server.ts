/**
 * The collection endpoints on node:http over one database file, in a process
 * of their own: `tsx bench/collect-server.ts <db file> [domain…]`. Prints
 * `ready <port>` once listening. SIGTERM drains the writer and exits; the
 * crash test sends SIGKILL instead. Used by the ingestion benchmark (the load
 * generator runs in another process) and the crash-safety test.
 */
import { openAnalyticsDatabase } from "@quire/analytics-db";

import { ensureSites, startCollectServer } from "../src";

const [file, ...domains] = process.argv.slice(2);
if (!file) {
  console.error("usage: collect-server.ts <db file> [domain…]");
  process.exit(2);
}
const quire = openAnalyticsDatabase(file, { createDirectory: true });
await ensureSites(quire, domains.length ? domains : ["bench.example"]);
const server = await startCollectServer(quire, Number(process.env.PORT ?? 0));
console.log(`ready ${server.port}`);
process.on("SIGTERM", () => {
  void server
    .close()
    .then(() => quire.close())
    .then(() => process.exit(0));
});
