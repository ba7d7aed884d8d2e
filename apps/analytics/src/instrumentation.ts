/** Runs once when the server starts: open and migrate the database, or exit with a clear message. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { runtime } = await import("./server/runtime");
    await runtime.start();
  }
}
