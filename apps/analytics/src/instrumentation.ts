import { startOrExit } from "@quire/runtime";

/**
 * Runs once when the server starts: env, database, migrations, secrets — or
 * one clear message and exit. Then the collection fast path is published for
 * `server.mjs` (the custom server runs in this same process).
 */
export const register = () =>
  startOrExit(async () => {
    const { runtime, publishCollectHandler } = await import("./server/runtime");
    await runtime.start();
    publishCollectHandler();
  });
