import { ImportParseError } from "./bulk";

/** How an import body is written: one JSON document per line, or one JSON array of documents. */
export type ImportFormat = "ndjson" | "json";

/** Bytes or text, as a file stream, a fetch body or a test gives them. */
export type ImportSource =
  AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/** The format a content type names: NDJSON / JSON Lines, JSON, or undefined (then sniff the body). */
export function formatOfContentType(
  contentType: string | null | undefined,
): ImportFormat | undefined {
  const mime = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (
    [
      "application/x-ndjson",
      "application/ndjson",
      "application/jsonl",
      "application/x-jsonlines",
      "application/jsonlines",
    ].includes(mime)
  ) {
    return "ndjson";
  }
  if (mime === "application/json") return "json";
  return undefined;
}

async function* text(
  source: ImportSource,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  const iterable =
    source instanceof ReadableStream ? (source as unknown as AsyncIterable<Uint8Array>) : source;
  for await (const chunk of iterable) {
    if (typeof chunk === "string") {
      onBytes?.(Buffer.byteLength(chunk));
      yield chunk;
    } else {
      onBytes?.(chunk.byteLength);
      yield decoder.decode(chunk, { stream: true });
    }
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

function parse(json: string, where: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return new ImportParseError(`${where}: invalid JSON.`);
  }
}

/** Longest line or array element accepted (one document), in characters. */
export const MAX_ITEM_LENGTH = 16 * 1024 * 1024;

/**
 * Documents from an import body, one at a time and in constant memory:
 * NDJSON (blank lines skipped) or a JSON array (split at its top-level commas
 * while streaming, each element parsed on its own). An item that is not valid
 * JSON comes as an {@link ImportParseError} (counted as failed by
 * `importDocuments`); a body that is not an array at all ends with one.
 * `format` undefined: a body starting with `[` is an array, anything else NDJSON.
 *
 * @example
 * await importDocuments(quire, "papers", parseImport(fs.createReadStream("papers.ndjson")));
 */
export async function* parseImport(
  source: ImportSource,
  format?: ImportFormat,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<unknown> {
  let mode: ImportFormat | undefined = format;
  let buffer = "";
  // JSON array state
  let started = false;
  let done = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let itemStart = -1;
  let item = 0;
  let line = 0;

  for await (const chunk of text(source, onBytes)) {
    let piece = chunk;
    if (mode === undefined) {
      const first = (buffer + piece).trimStart();
      if (first === "") {
        buffer += piece;
        continue;
      }
      mode = first.startsWith("[") ? "json" : "ndjson";
      piece = buffer + piece;
      buffer = "";
    }
    if (mode === "ndjson") {
      buffer += piece;
      let newline: number;
      while ((newline = buffer.indexOf("\n")) !== -1) {
        const raw = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        line++;
        if (raw.trim() !== "") yield parse(raw, `Line ${line}`);
      }
      if (buffer.length > MAX_ITEM_LENGTH) {
        yield new ImportParseError(`Line ${line + 1}: longer than ${MAX_ITEM_LENGTH} characters.`);
        return;
      }
      continue;
    }
    // JSON array: scan for the top-level elements.
    const offset = buffer.length;
    buffer += piece;
    for (let i = offset; i < buffer.length; i++) {
      const ch = buffer[i]!;
      if (done) {
        if (!/\s/.test(ch)) {
          yield new ImportParseError("Unexpected text after the JSON array.");
          return;
        }
        continue;
      }
      if (!started) {
        if (/\s/.test(ch)) continue;
        if (ch !== "[") {
          yield new ImportParseError("The body must be a JSON array of documents or NDJSON.");
          return;
        }
        started = true;
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === "\\") escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') {
        inString = true;
        if (itemStart === -1) itemStart = i;
      } else if (ch === "{" || ch === "[") {
        if (itemStart === -1) itemStart = i;
        depth++;
      } else if (ch === "}" || ch === "]") {
        if (depth === 0 && ch === "]") {
          if (itemStart !== -1) yield parse(buffer.slice(itemStart, i), `Item ${++item}`);
          itemStart = -1;
          done = true;
          continue;
        }
        depth--;
      } else if (ch === "," && depth === 0) {
        if (itemStart !== -1) yield parse(buffer.slice(itemStart, i), `Item ${++item}`);
        else yield new ImportParseError(`Item ${++item}: empty.`);
        itemStart = -1;
      } else if (!/\s/.test(ch) && itemStart === -1) {
        itemStart = i; // a number, true, false or null: not a document, but let validation say so
      }
    }
    // Keep only the unfinished element.
    const keep = itemStart === -1 ? buffer.length : itemStart;
    buffer = buffer.slice(keep);
    if (itemStart !== -1) itemStart = 0;
    if (buffer.length > MAX_ITEM_LENGTH) {
      yield new ImportParseError(`Item ${item + 1}: longer than ${MAX_ITEM_LENGTH} characters.`);
      return;
    }
  }
  if (mode === "ndjson" && buffer.trim() !== "") yield parse(buffer, `Line ${line + 1}`);
  if (mode === "json" && !done) {
    if (itemStart !== -1 && buffer.trim() !== "")
      yield parse(buffer.slice(itemStart), `Item ${++item}`);
    yield new ImportParseError(started ? "The JSON array is not closed." : "The body is empty.");
  }
}
