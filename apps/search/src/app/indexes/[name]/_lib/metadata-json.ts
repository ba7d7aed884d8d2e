export type MetadataValue = string | number | boolean;

/**
 * Check metadata typed as JSON: an object of keys to strings, numbers or
 * booleans (stored as text, as Scout does). Answers the object or a message
 * saying what is wrong and where.
 */
export function parseMetadataJson(
  text: string,
): { ok: true; value: Record<string, MetadataValue> } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === "" ? "{}" : text);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, message: 'Metadata must be a JSON object, like {"topic": "sqlite"}.' };
  }
  for (const [key, v] of Object.entries(value)) {
    if (key.trim() === "") return { ok: false, message: "Keys may not be empty." };
    if (key.length > 255)
      return { ok: false, message: `The key "${key.slice(0, 20)}…" is too long.` };
    if (key === "__proto__" || key === "constructor" || key === "prototype") {
      // The console's tRPC transport (superjson) refuses these keys; Scout's REST API takes them.
      return { ok: false, message: `The key "${key}" can only be set through the REST API.` };
    }
    if (!["string", "number", "boolean"].includes(typeof v)) {
      return {
        ok: false,
        message: `The value of "${key}" must be a string, number or boolean (remove the key to delete it).`,
      };
    }
  }
  return { ok: true, value: value as Record<string, MetadataValue> };
}
