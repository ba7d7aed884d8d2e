import { expect, test } from "vitest";

import { ImportParseError } from "./bulk";
import { formatOfContentType, parseImport } from "./import-stream";

async function items(chunks: string[], format?: "ndjson" | "json") {
  const out: unknown[] = [];
  async function* source() {
    for (const c of chunks) yield new TextEncoder().encode(c);
  }
  for await (const item of parseImport(source(), format)) {
    out.push(item instanceof ImportParseError ? `error: ${item.message}` : item);
  }
  return out;
}

/** Every way of cutting `text` into two chunks gives the same items. */
async function everySplit(text: string, format?: "ndjson" | "json") {
  const whole = await items([text], format);
  for (let i = 1; i < text.length; i++) {
    expect(await items([text.slice(0, i), text.slice(i)], format), `split at ${i}`).toEqual(whole);
  }
  return whole;
}

test("NDJSON: one document per line, blank lines skipped, bad lines reported by number, chunk boundaries anywhere", async () => {
  const text = '{"content":"a"}\n\n{"content":"b, \\"quoted\\" é"}\r\nnot json\n{"content":"c"}';
  expect(await everySplit(text)).toEqual([
    { content: "a" },
    { content: 'b, "quoted" é' },
    "error: Line 4: invalid JSON.",
    { content: "c" },
  ]);
  expect(await items([""])).toEqual([]);
});

test("JSON array: elements split while streaming, strings with brackets and escapes, nested metadata", async () => {
  const text =
    ' [ {"content":"a ] [ } {","metadata":{"tags":["x","y"],"n":1}}, {"content":"\\\\\\"b"} ,\n 5, {bad} ] ';
  expect(await everySplit(text)).toEqual([
    { content: "a ] [ } {", metadata: { tags: ["x", "y"], n: 1 } },
    { content: '\\"b' },
    5,
    "error: Item 4: invalid JSON.",
  ]);
  expect(await items(["[]"])).toEqual([]);
  expect(await items(['[{"content":"a"}'])).toEqual([
    { content: "a" },
    "error: The JSON array is not closed.",
  ]);
  expect(await items(['[{"content":"a"}] x'])).toEqual([
    { content: "a" },
    "error: Unexpected text after the JSON array.",
  ]);
  expect(await items(['{"content":"a"}'], "json")).toEqual([
    "error: The body must be a JSON array of documents or NDJSON.",
  ]);
  expect(await items([""], "json")).toEqual(["error: The body is empty."]);
});

test("content types name the format; anything else is sniffed", () => {
  expect(formatOfContentType("application/x-ndjson; charset=utf-8")).toBe("ndjson");
  expect(formatOfContentType("application/jsonl")).toBe("ndjson");
  expect(formatOfContentType("application/json")).toBe("json");
  expect(formatOfContentType("text/plain")).toBeUndefined();
  expect(formatOfContentType(null)).toBeUndefined();
});
