import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { createDocument } from "./documents";
import { getIndexByName, createIndex } from "./indexes";
import { scoutClient } from "./scout/testing";
import { runSearch } from "./search/search";
import { checkSettings, getIndexSettings, updateIndexSettings } from "./settings";

let t: ReturnType<typeof createTestSearchDatabase>;
beforeEach(async () => {
  t = createTestSearchDatabase();
  await createIndex(t, "cars");
  await createIndex(t, "other");
  for (const [content, title] of [
    ["an automobile with four wheels", null],
    ["the car park is full", null],
    ["engines and wheels", "The car"],
  ] as const) {
    await createDocument(t, { content, title, indexes: ["cars"] });
  }
  await createDocument(t, { content: "an automobile elsewhere", indexes: ["other"] });
});
afterEach(() => t.cleanup());

const contents = (q: string, index = "cars", extra: object = {}) =>
  runSearch(t, {
    q,
    mode: "simple",
    pageSize: 10,
    indexIds: [getIndexByName(t, index).id],
    ...extra,
  }).documents.map((d) => d.content);

test("synonyms match as if typed, in the index that defines them only; null goes back to the default", async () => {
  expect(contents("car ")).toHaveLength(2);
  await updateIndexSettings(t, "cars", { synonyms: { Car: ["Automobile", "car", ""] } });
  expect(getIndexSettings(t, "cars").settings.synonyms).toEqual({ car: ["automobile"] });
  expect(contents("car ")).toHaveLength(3);
  expect(contents("car ", "other")).toEqual([]); // another index: its own (default) settings
  expect(contents("car ", "cars", { matching: "all" })).toHaveLength(3);
  await updateIndexSettings(t, "cars", { synonyms: null });
  expect(getIndexSettings(t, "cars")).toEqual({
    settings: {},
    effective: {
      weights: { title: 3, content: 1 },
      synonyms: {},
      stopWords: [],
      tokenizer: "porter",
    },
  });
});

test("stop words leave the query (unless they are all of it); weights change the ranking", async () => {
  expect(
    runSearch(t, { q: "the wheels ", mode: "simple", pageSize: 10, indexIds: [1] }).filteredCount,
  ).toBe(3);
  await updateIndexSettings(t, "cars", { stopWords: ["The"] });
  expect(
    runSearch(t, { q: "the wheels ", mode: "simple", pageSize: 10, indexIds: [1] }).filteredCount,
  ).toBe(2);
  expect(contents("the ")).toHaveLength(2); // only stop words: searched as typed
  expect(contents('"the car" ')).toHaveLength(2); // phrases stay whole
  // "car": title match (doc 3) first with the default weights, body match first when content weighs more.
  expect(contents("car ")[0]).toBe("engines and wheels");
  await updateIndexSettings(t, "cars", { weights: { title: 1, content: 20 } });
  expect(contents("car ")[0]).toBe("the car park is full");
});

test("invalid settings are 400s", () => {
  for (const bad of [
    { weights: { title: 0, content: 1 } },
    { weights: { title: "x", content: 1 } },
    { synonyms: { car: "automobile" } },
    { synonyms: { "": ["x"] } },
    { stopWords: "the" },
    { tokenizer: "stemmer" },
    { tokenizer: 1 },
  ]) {
    expect(() => checkSettings(bad as never), JSON.stringify(bad)).toThrow();
  }
});

test("REST: /:index/settings/ reads and changes them; unknown keys and indexes refused", async () => {
  const scout = scoutClient(t);
  expect((await scout("GET", "/cars/settings/")).body.effective.weights).toEqual({
    title: 3,
    content: 1,
  });
  const set = await scout("PUT", "/cars/settings/", {
    json: { stopWords: ["the"], weights: { title: 2, content: 1 } },
  });
  expect(set.body.settings).toEqual({ stopWords: ["the"], weights: { title: 2, content: 1 } });
  const unknown = await scout("PUT", "/cars/settings/", { json: { ranking: "bm25" } });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error).toMatch(/ranking/);
  expect((await scout("GET", "/nope/settings/")).status).toBe(404);
});
