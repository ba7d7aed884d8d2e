/**
 * A tRPC error as a sentence for an inline message: zod input errors arrive
 * as a JSON list of issues, turned into `path: message; …`.
 *
 * @example
 * client.indexes.create.mutate({ name }).catch((e) => setError(errorText(e)));
 */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!message.trimStart().startsWith("[")) return message;
  try {
    const issues = JSON.parse(message) as { message?: string; path?: unknown[] }[];
    return issues
      .map((i) => {
        const path = (i.path ?? []).join(".");
        return path ? `${path}: ${i.message ?? "invalid"}` : (i.message ?? "invalid");
      })
      .join("; ");
  } catch {
    return message;
  }
}
