import { checkMatchExpression } from "@quire/search-db";
import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

import { ScoutError } from "../errors";
import {
  checkAdvancedQuery,
  MAX_QUERY_LENGTH,
  parseQuery,
  parseSimpleQuery,
  planQuery,
  termExpression,
} from "./query";

let t: ReturnType<typeof createTestSearchDatabase>;
beforeAll(async () => {
  t = createTestSearchDatabase();
  await t.sql.run(
    "INSERT INTO documents (content) VALUES (?), (?), (?)",
    "Write-ahead logging lets readers keep reading",
    "café au lait über alles",
    "c++ and emoji 🎉 party",
  );
});
afterAll(() => t.cleanup());

const match = (input: string) => {
  const parsed = parseSimpleQuery(input);
  return parsed.kind === "match" ? parsed.match : parsed.kind;
};
const hits = (input: string) => {
  const parsed = parseSimpleQuery(input);
  if (parsed.kind !== "match") return parsed.kind;
  return t.sqlite
    .prepare("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid")
    .pluck()
    .all(parsed.match);
};

test("terms are quoted and AND-ed; the last one is a prefix unless a space or closed quote ends the text", () => {
  expect(match("sqlite wal")).toBe('"sqlite" "wal"*');
  expect(match("sqlite wal ")).toBe('"sqlite" "wal"');
  expect(match('sqlite "write ahead"')).toBe('"sqlite" "write ahead"');
  expect(match('"write ahe')).toBe('"write ahe"*');
  expect(match("fts* x")).toBe('"fts"* "x"'); // one letter: a whole word
  expect(match("fts* xy")).toBe('"fts"* "xy"*');
  expect(match('say "hi" there')).toBe('"say" "hi" "there"*');
});

test("operators and special characters lose their meaning", () => {
  expect(match("AND OR NOT")).toBe('"AND" "OR" "NOT"*');
  expect(match("NEAR(a b, 24)")).toBe('"NEAR(a" "b," "24)"*');
  expect(match("content:faith")).toBe('"content:faith"*');
  expect(match("-foo ^bar")).toBe('"-foo" "^bar"*');
  expect(match('a"b')).toBe('"a" "b"');
});

test("empty and * list everything; text with nothing searchable matches nothing", () => {
  expect(parseSimpleQuery("")).toEqual({ kind: "all" });
  expect(parseSimpleQuery("   ")).toEqual({ kind: "all" });
  expect(parseSimpleQuery(" * ")).toEqual({ kind: "all" });
  expect(parseSimpleQuery("\u0000\u0001")).toEqual({ kind: "all" }); // control characters are dropped
  for (const junk of ["-", "^", "**", '"', '""', "()", "🎉", "-- ++ !!"]) {
    expect(parseSimpleQuery(junk), junk).toEqual({ kind: "none" });
  }
});

test("search-as-you-type finds documents while the word is being typed", () => {
  expect(hits("writ")).toEqual([1]);
  expect(hits("read")).toEqual([1]); // readers, reading
  expect(hits("logging")).toEqual([1]); // porter stems the prefix too
  expect(hits("cafe")).toEqual([2]); // diacritics removed
  expect(hits("ÜBER")).toEqual([2]);
  // A single letter is a whole word, even while typing (a one-letter start matches most of a big index).
  expect(hits("c++")).toEqual([3]);
  expect(hits("ca")).toEqual([2]); // two letters: "café"
  expect(hits("c++ ")).toEqual([3]);
  expect(hits("emoji 🎉")).toEqual([3]);
  expect(hits('"ahead logging"')).toEqual([1]);
  expect(hits('"logging ahead"')).toEqual([]);
  expect(hits("NOT")).toEqual([]);
});

const HOSTILE = [
  '"unbalanced',
  'un"bal"anced"',
  "NEAR(",
  "NEAR()",
  "NEAR(a b, -1)",
  "AND OR NOT",
  "AND",
  "OR",
  "NOT",
  "*",
  "* foo",
  "foo*bar*",
  "-",
  "--foo",
  "^",
  "^^^a",
  "content:",
  "content:x",
  "identifier: secret",
  "{content}: x",
  "documents_fts:x",
  "(",
  ")",
  "((a)",
  "a)",
  "+",
  "a + b",
  ":",
  ",",
  "'",
  "''",
  "\\",
  '\\"',
  "\u0000",
  "\uFFFF",
  "\uD800",
  "𝕳𝖊𝖑𝖑𝖔",
  "日本語のテキスト",
  "مرحبا بالعالم",
  "🎉🎉 party 🎉",
  "e\u0301",
  "%%%",
  "SELECT * FROM documents; --",
  "'); DROP TABLE documents; --",
  "a".repeat(10_000),
  "x ".repeat(5_000),
  '"'.repeat(10_000),
  "(".repeat(10_000),
  "NEAR(".repeat(2_000),
  Array.from({ length: 2_000 }, (_, i) => `w${i} OR`).join(" "),
];

test("hostile input never gives an FTS5 error", () => {
  for (const input of HOSTILE) {
    const parsed = parseSimpleQuery(input);
    if (parsed.kind === "match")
      expect(() => checkMatchExpression(t.db, parsed.match), input.slice(0, 40)).not.toThrow();
    expect(() => hits(input)).not.toThrow();
  }
});

test("random strings over a hostile alphabet never give an FTS5 error", () => {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const alphabet = [
    ..."ab \"'*^-+:(),.NEAROTD{}\\🎉é\u0000\t\n",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "content",
  ];
  for (let i = 0; i < 3000; i++) {
    const len = Math.floor(rand() * 30);
    const input = Array.from(
      { length: len },
      () => alphabet[Math.floor(rand() * alphabet.length)],
    ).join("");
    expect(() => hits(input), JSON.stringify(input)).not.toThrow();
  }
});

test("advanced mode passes text through; malformed queries become 400 Invalid search query", () => {
  expect(parseQuery("a OR b", "advanced")).toEqual({ kind: "match", match: "a OR b" });
  expect(parseQuery(" * ", "advanced")).toEqual({ kind: "all" });
  expect(parseQuery("", "advanced")).toEqual({ kind: "all" });
  expect(() => checkAdvancedQuery(t.db, "NEAR(write ahead, 2) OR caf*")).not.toThrow();
  for (const [query, reason] of [
    ['"unbalanced', "unterminated string"],
    ["AND OR NOT", 'fts5: syntax error near "AND"'],
    ["identifier: x", "no such column: identifier"],
    ["(".repeat(3000) + "a", "fts5: parser stack overflow"],
  ] as const) {
    let error: unknown;
    try {
      checkAdvancedQuery(t.db, query);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScoutError);
    expect((error as ScoutError).status).toBe(400);
    expect((error as ScoutError).message).toBe(`Invalid search query: ${reason}`);
  }
  expect(() => parseQuery("x".repeat(MAX_QUERY_LENGTH + 1), "simple")).toThrow(/too long/);
});

test("planQuery: any word (every word ranks first) or all words; typo corrections rank below exact matches", () => {
  const terms = (input: string) => {
    const parsed = parseSimpleQuery(input);
    if (parsed.kind !== "match" || !parsed.terms) throw new Error(input);
    return parsed.terms;
  };
  expect(planQuery(terms("wing flow "), "any")).toEqual({
    match: '"wing" OR "flow"',
    phrases: ['"wing"', '"flow"'],
    tiers: ['"wing" AND "flow"'],
    scored: true,
  });
  expect(planQuery(terms("wing flo"), "all")).toEqual({
    match: '"wing" AND "flo"*',
    tiers: [],
    scored: true,
  });
  expect(planQuery(terms("wing "), "any")).toEqual({ match: '"wing"', tiers: [], scored: true });
  // Frequent words: left out of the candidates while another word can select; unscored alone.
  expect(planQuery(terms("the wing "), "any", [], [true, false])).toEqual({
    match: '"wing"',
    phrases: ['"wing"'],
    tiers: ['"the" AND "wing"'],
    scored: true,
  });
  expect(planQuery(terms("of the "), "any", [], [true, true])).toEqual({
    match: '"of" OR "the"',
    phrases: ['"of"', '"the"'],
    tiers: ['"of" AND "the"'],
    scored: false,
  });
  expect(planQuery(terms("the wing "), "all", [], [true, false])).toMatchObject({
    match: '"the" AND "wing"',
    scored: true,
  });
  const c = (word: string, typos = 1) => ({ word, typos });
  expect(planQuery(terms("wnig flow "), "any", [[c("wing"), c("wig", 2)], []])).toEqual({
    match: '("wnig" OR "wing" OR "wig") OR "flow"',
    phrases: ['"wnig"', '"wing"', '"wig"', '"flow"'],
    tiers: [
      '("wnig" OR "wing" OR "wig") AND "flow"',
      // no correction needed
      '(("wnig" OR "wing" OR "wig") AND "flow") NOT (("wing" OR "wig" NOT "wnig"))',
      // no correction of two typos needed
      '(("wnig" OR "wing" OR "wig") AND "flow") NOT (("wig" NOT ("wnig" OR "wing")))',
    ],
    scored: true,
  });
  expect(planQuery(terms("wnig flo"), "all", [[c("wing")], []])).toEqual({
    match: '("wnig" OR "wing") AND "flo"*',
    tiers: ['(("wnig" OR "wing") AND "flo"*) NOT (("wing" NOT "wnig"))'],
    scored: true,
  });
  expect(planQuery(terms("wnig "), "any", [[c("wing")]])).toEqual({
    match: '("wnig" OR "wing")',
    tiers: ['(("wnig" OR "wing")) NOT (("wing" NOT "wnig"))'],
    scored: true,
  });
  // Alternatives are quoted like any term: nothing in them is an operator.
  expect(termExpression({ text: "a", quoted: false, prefix: false }, ['x" OR y'])).toBe(
    '("a" OR "x"" OR y")',
  );
  for (const input of HOSTILE) {
    const parsed = parseSimpleQuery(input);
    if (parsed.kind !== "match" || !parsed.terms) continue;
    const plan = planQuery(
      parsed.terms,
      "any",
      parsed.terms.map(() => [
        { word: "alt", typos: 1 },
        { word: "alt2", typos: 2 },
      ]),
    );
    for (const expr of [plan.match, ...plan.tiers])
      expect(() => checkMatchExpression(t.db, expr), input.slice(0, 40)).not.toThrow();
  }
});
