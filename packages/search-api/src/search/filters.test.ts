import { expect, test } from "vitest";

import { checkRegex, filtersFromRecord, MAX_FILTER_VALUES, parseMetadataFilters } from "./filters";

test("every non-reserved parameter is a filter: key or key__op; repeated keys collect values", () => {
  const { filters, echo } = parseMetadataFilters(
    new URLSearchParams(
      "q=x&page=2&ranking=bm25&ordering=id&index=a&key=k&identifier=i&mode=simple&highlight=1&highlight_crop=3&city=Lawrence&city=Topeka&dob__ge=1983-01-01&a__b__lt=5&__eq=empty",
    ),
  );
  expect(echo).toEqual({
    city: ["Lawrence", "Topeka"],
    dob__ge: ["1983-01-01"],
    a__b__lt: ["5"],
    __eq: ["empty"],
  });
  expect(filters).toEqual([
    { key: "city", op: "eq", values: ["Lawrence", "Topeka"] },
    { key: "dob", op: "ge", values: ["1983-01-01"] },
    { key: "a__b", op: "lt", values: ["5"] },
    { key: "", op: "eq", values: ["empty"] },
  ]);
});

test("parameter names that look like object internals stay ordinary keys", () => {
  const { filters, echo } = parseMetadataFilters(
    new URLSearchParams("__proto____eq=x&constructor=y&toString__ne=z"),
  );
  expect(Object.keys(echo)).toEqual(["__proto____eq", "constructor", "toString__ne"]);
  expect(filters.map((f) => [f.key, f.op])).toEqual([
    ["__proto__", "eq"],
    ["constructor", "eq"],
    ["toString", "ne"],
  ]);
  expect(({} as Record<string, unknown>).x).toBeUndefined();
});

test("unknown operators are a 400 listing the supported ones", () => {
  expect(() => filtersFromRecord({ name__xx: "1" })).toThrow(
    /^Unrecognized operation: xx\. Supported operations are:\ncontains\n/,
  );
  expect(() => filtersFromRecord({ name__: "1" })).toThrow(/Unrecognized operation: \./);
  // as Scout's rsplit("__", 1): "__proto__" is key "__proto" with an empty operator
  expect(() => parseMetadataFilters(new URLSearchParams("__proto__=x"))).toThrow(
    /Unrecognized operation: \./,
  );
});

test("value limits count each item of an in-list", () => {
  expect(() =>
    filtersFromRecord({ k__in: Array.from({ length: MAX_FILTER_VALUES }, (_, i) => i).join(",") }),
  ).not.toThrow();
  expect(() =>
    filtersFromRecord({
      k__in: Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => i).join(","),
    }),
  ).toThrow(/Too many/);
  expect(() =>
    filtersFromRecord({ k: Array.from({ length: MAX_FILTER_VALUES + 1 }, String) }),
  ).toThrow(/Too many/);
});

test("regexes: valid JavaScript syntax, bounded, no nested repetition", () => {
  for (const ok of [
    "gie$",
    "^2016-0[1-3]",
    "a+b*",
    "(foo)+",
    "(?:ab)?c",
    "[(+)]+",
    "\\(a+\\)+",
    "(a)(b+)",
    "x{2,3}",
  ]) {
    expect(() => checkRegex(ok), ok).not.toThrow();
  }
  for (const bad of ["(", "[", "a{2,1}", "(?<x", "\\"])
    expect(() => checkRegex(bad), bad).toThrow(/Invalid regular expression/);
  for (const risky of ["(a+)+$", "(a*)*b", "(a|aa)*c", "((ab)+)+", "(.*a){20}", "(x+x+)+y"]) {
    expect(() => checkRegex(risky), risky).toThrow(/too complex/);
  }
  expect(() => checkRegex("a".repeat(300))).toThrow(/too long/);
});
