/**
 * Runs once when the server starts: validate the environment, open and
 * migrate the database, start the scheduler, or print one clear message and
 * exit — never a half-started app.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { startBlog } = await import("./server/runtime");
    await startBlog();
  } catch (error) {
    console.error(`[quire] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
