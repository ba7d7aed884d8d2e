import { expect, test } from "vitest";

import { describeFilter, parseSearchState, searchInput, searchStateQuery } from "./search-state";
import type { SearchState } from "./search-state";

const state: SearchState = {
  q: "group commit",
  mode: "advanced",
  page: 3,
  sort: "-year",
  facets: ["topic", "year"],
  filters: [
    { name: "topic", value: "sqlite" },
    { name: "topic", value: "search & ranking" },
    { name: "year__ge", value: "2020" },
  ],
};

test("the playground's state survives the URL: what is written is read back", () => {
  const query = searchStateQuery(state);
  expect(query).toBe(
    "q=group+commit&mode=advanced&sort=-year&facets=topic%2Cyear&f.topic=sqlite&f.topic=search+%26+ranking&f.year__ge=2020&page=3",
  );
  expect(parseSearchState(new URLSearchParams(query))).toEqual(state);
  // Next's searchParams object (repeated keys as arrays) reads the same.
  expect(
    parseSearchState({
      q: "group commit",
      mode: "advanced",
      page: "3",
      sort: "-year",
      facets: "topic,year",
      "f.topic": ["sqlite", "search & ranking"],
      "f.year__ge": "2020",
    }),
  ).toEqual(state);
});

test("defaults are left out of the URL, and junk in it falls back to them", () => {
  const empty = parseSearchState(new URLSearchParams(""));
  expect(empty).toEqual({ q: "", mode: "simple", page: 1, sort: "", facets: [], filters: [] });
  expect(searchStateQuery(empty)).toBe("");
  const junk = parseSearchState(
    new URLSearchParams(`mode=raw&page=-2&facets=,a,,a,b&f.=x&q=${"x".repeat(600)}`),
  );
  expect(junk).toMatchObject({ mode: "simple", page: 1, facets: ["a", "b"], filters: [] });
  expect(junk.q).toHaveLength(500);
});

test("the search input: same key = OR (one list), metadata sort, highlights on", () => {
  expect(searchInput("blog", state)).toEqual({
    q: "group commit",
    mode: "advanced",
    indexes: ["blog"],
    filters: { topic: ["sqlite", "search & ranking"], year__ge: ["2020"] },
    ordering: ["-metadata.year"],
    page: 3,
    pageSize: 20,
    highlight: true,
    facets: ["topic", "year"],
  });
  expect(searchInput("blog", { ...state, sort: "year", facets: [] })).toMatchObject({
    ordering: ["metadata.year"],
  });
  expect(searchInput("blog", { ...state, sort: "" }).ordering).toEqual([]);
  expect(searchInput("blog", { ...state, facets: [] })).not.toHaveProperty("facets");
});

test("filters read as a person would say them", () => {
  expect(describeFilter("topic")).toEqual({ key: "topic", label: "is" });
  expect(describeFilter("year__ge")).toEqual({ key: "year", label: "≥" });
  expect(describeFilter("name__startswith")).toEqual({ key: "name", label: "starts with" });
  // An unknown suffix is part of the key.
  expect(describeFilter("a__b")).toEqual({ key: "a__b", label: "is" });
});
