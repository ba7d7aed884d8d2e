/**
 * Runs once when the server starts: validate the environment, open and
 * migrate the database, or print one clear message and exit — never a
 * half-started app.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { runtime } = await import("./server/runtime");
    await runtime.start();
  } catch (error) {
    console.error(`[quire] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
