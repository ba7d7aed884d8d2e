import { startOrExit } from "@quire/runtime";

/** Runs once when the server starts: env, database, migrations, secrets, the scheduler — or one clear message and exit. */
export const register = () => startOrExit(async () => (await import("./server/runtime")).startBlog());
