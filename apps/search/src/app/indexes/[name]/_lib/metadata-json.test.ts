import { expect, test } from "vitest";

import { parseMetadataJson } from "./metadata-json";

test("metadata JSON: an object of strings, numbers and booleans; empty means none", () => {
  expect(parseMetadataJson('{"topic": "sqlite", "year": 2024, "draft": false}')).toEqual({
    ok: true,
    value: { topic: "sqlite", year: 2024, draft: false },
  });
  expect(parseMetadataJson("  ")).toEqual({ ok: true, value: {} });
});

test("metadata JSON: each mistake gets a message that says what is wrong", () => {
  const message = (text: string) => {
    const result = parseMetadataJson(text);
    return result.ok ? null : result.message;
  };
  expect(message('{"a": }')).toMatch(/^Not valid JSON: /);
  expect(message('["a"]')).toMatch(/must be a JSON object/);
  expect(message("null")).toMatch(/must be a JSON object/);
  expect(message('{"tags": ["a", "b"]}')).toMatch(
    /value of "tags" must be a string, number or boolean/,
  );
  expect(message('{"gone": null}')).toMatch(/remove the key to delete it/);
  expect(message('{"": "x"}')).toBe("Keys may not be empty.");
  expect(message(`{"${"k".repeat(300)}": "x"}`)).toMatch(/is too long/);
  expect(message('{"__proto__": "x"}')).toMatch(/only be set through the REST API/);
});
