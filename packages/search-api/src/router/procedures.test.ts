import { TRPCError } from "@quire/trpc";
import { createTestSearchDatabase } from "@quire/search-db/testing";
import superjson from "superjson";
import { afterEach, beforeEach, expect, test } from "vitest";

import { createCallerFactory } from "../trpc";
import type { SearchContext } from "../trpc";
import { searchRouter } from "./index";

let t: ReturnType<typeof createTestSearchDatabase>;
const createCaller = createCallerFactory(searchRouter);
const session = { subject: "admin" as const, issuedAt: 1_700_000_000, expiresAt: 4_000_000_000 };
const ctx = (over: Partial<SearchContext> = {}): SearchContext => ({
  session: null,
  service: false,
  headers: new Headers(),
  quire: t,
  ...over,
});
let admin: ReturnType<typeof createCaller>;
let service: ReturnType<typeof createCaller>;

beforeEach(() => {
  t = createTestSearchDatabase();
  admin = createCaller(ctx({ session }));
  service = createCaller(ctx({ service: true }));
});
afterEach(() => t.cleanup());

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return { code: (error as TRPCError).code, message: (error as TRPCError).message };
}

test("indexes: create, get, rename, delete (documents stay); precise errors", async () => {
  const blog = await admin.indexes.create({ name: "blog" });
  expect(await failure(admin.indexes.create({ name: "blog" }))).toEqual({
    code: "BAD_REQUEST",
    message: '"blog" already exists.',
  });
  await admin.documents.create({ content: "hello", indexes: ["blog"] });
  expect(await admin.indexes.get({ name: "blog" })).toMatchObject({
    name: "blog",
    documentCount: 1,
  });
  expect((await admin.indexes.update({ id: blog.id, data: { name: "posts" } })).name).toBe("posts");
  expect(await failure(admin.indexes.get({ name: "blog" }))).toMatchObject({ code: "NOT_FOUND" });
  expect(await admin.indexes.delete({ id: blog.id })).toEqual({ unlinked: 1 });
  expect(await failure(admin.indexes.delete({ id: blog.id }))).toMatchObject({ code: "NOT_FOUND" });
  expect(await admin.documents.get({ id: 1 })).toMatchObject({ content: "hello", indexes: [] });
  expect(await failure(createCaller(ctx()).indexes.create({ name: "x" }))).toMatchObject({
    code: "UNAUTHORIZED",
  });
});

test("documents: create, get by identifier or id, partial update, delete; metadata keys are plain text", async () => {
  await admin.indexes.create({ name: "a" });
  await admin.indexes.create({ name: "b" });
  const doc = await admin.documents.create({
    content: "first",
    indexes: ["a"],
    identifier: "post-1",
    metadata: { n: 1, ok: false, constructor: "y", toString: "z" },
  });
  expect(doc).toMatchObject({ identifier: "post-1", indexes: ["a"], attachments: [] });
  // stored (the REST API shows it), but left out of tRPC answers: superjson refuses a "constructor" key
  expect(Object.keys(doc.metadata).sort()).toEqual(["n", "ok", "toString"]);
  expect(doc.metadata).toMatchObject({ n: "1", ok: "False", toString: "z" });
  expect(superjson.parse(superjson.stringify(doc))).toEqual(doc);
  expect((await admin.documents.get({ id: "post-1" })).id).toBe(doc.id);
  expect((await admin.documents.get({ id: doc.id })).identifier).toBe("post-1");
  const updated = await admin.documents.update({
    id: "post-1",
    data: { indexes: ["a", "b"], metadata: { n: 2 } },
  });
  expect(updated).toMatchObject({ content: "first", indexes: ["a", "b"], metadata: { n: "2" } });
  expect(
    await failure(admin.documents.create({ content: "x", indexes: ["a"], identifier: "bad id" })),
  ).toMatchObject({ code: "BAD_REQUEST" });
  expect(await failure(admin.documents.create({ content: "x", indexes: ["nope"] }))).toEqual({
    code: "BAD_REQUEST",
    message: "The following indexes were not found: nope.",
  });
  expect(await admin.documents.delete({ id: "post-1" })).toEqual({ success: true });
  expect(await failure(admin.documents.get({ id: "post-1" }))).toMatchObject({ code: "NOT_FOUND" });
});

test("search: simple mode by default, filters, highlights; advanced mode reports malformed queries", async () => {
  await admin.indexes.create({ name: "notes" });
  await admin.documents.create({
    content: "Write-ahead logging keeps readers reading",
    indexes: ["notes"],
    metadata: { year: 2010 },
  });
  await admin.documents.create({
    content: "Group commit batches writes",
    indexes: ["notes"],
    metadata: { year: 2019 },
  });
  const typed = await admin.search({ q: "writ" });
  expect(typed).toMatchObject({ filteredCount: 2, page: 1, pages: 1, ranked: true });
  expect(typed.documents.every((d) => typeof d.score === "number")).toBe(true);
  expect((await admin.search({ q: "NEAR( AND" })).filteredCount).toBe(0);
  const filtered = await admin.search({
    q: "writ",
    filters: { year__gt: "2015" },
    highlight: true,
  });
  expect(filtered.documents).toHaveLength(1);
  expect(filtered.documents[0]!.highlight).toBe("Group commit batches <mark>writes</mark>");
  const custom = await admin.search({
    q: "log",
    indexes: ["notes"],
    highlight: { start: "**", end: "**", crop: 2, ellipsis: "~" },
  });
  expect(custom.documents[0]!.snippet).toBe("~**logging** keeps~");
  expect((await admin.search({ q: "x", indexes: ["missing"] })).filteredCount).toBe(0);
  expect(await failure(admin.search({ q: '"open', mode: "advanced" }))).toEqual({
    code: "BAD_REQUEST",
    message: "Invalid search query: unterminated string",
  });
  expect(await failure(admin.search({ filters: { year__zz: "1" } }))).toMatchObject({
    code: "BAD_REQUEST",
  });
  expect(
    (await admin.documents.list({ indexes: ["notes"], pageSize: 1, page: 2 })).documents,
  ).toHaveLength(1);
  expect(await failure(admin.search({ q: "x", pageSize: 1000 }))).toMatchObject({
    code: "BAD_REQUEST",
  });
});

test("service: upsert and delete by identifier, search; service token only", async () => {
  const first = await service.service.upsertDocuments({
    index: "blog",
    documents: [
      {
        identifier: "post:1",
        content: "Hello SQLite world",
        metadata: { tag: "sqlite", published: true },
      },
      { identifier: "post:2", content: "Second post about FTS5" },
    ],
  });
  expect(first).toEqual({ created: 2, updated: 0, ids: [1, 2] });
  const again = await service.service.upsertDocuments({
    index: "blog",
    documents: [{ identifier: "post:1", content: "Hello again, SQLite", metadata: { tag: "db" } }],
  });
  expect(again).toEqual({ created: 0, updated: 1, ids: [1] });
  expect(await admin.documents.get({ id: "post:1" })).toMatchObject({
    content: "Hello again, SQLite",
    metadata: { tag: "db" },
    indexes: ["blog"],
  });

  const found = await service.service.search({ q: "sqli", index: "blog", highlight: true });
  expect(found).toMatchObject({ total: 1, page: 1, pages: 1 });
  expect(found.results[0]).toMatchObject({
    identifier: "post:1",
    highlight: "Hello again, <mark>SQLite</mark>",
  });
  expect((await service.service.search({ q: "" })).total).toBe(2);

  expect(await service.service.deleteDocuments({ identifiers: ["post:2", "post:404"] })).toEqual({
    deleted: 1,
  });
  expect((await service.service.search({})).total).toBe(1);

  for (const call of [
    () => createCaller(ctx({ session })).service.upsertDocuments({ index: "blog", documents: [] }),
    () => createCaller(ctx()).service.search({}),
    () => createCaller(ctx()).service.deleteDocuments({ identifiers: [] }),
  ]) {
    expect(await failure(call())).toMatchObject({ code: "UNAUTHORIZED" });
  }
  expect(
    await failure(
      service.service.upsertDocuments({
        index: "blog",
        documents: [{ identifier: "no spaces", content: "x" }],
      }),
    ),
  ).toMatchObject({
    code: "BAD_REQUEST",
  });
  expect(
    await failure(service.service.upsertDocuments({ index: "documents", documents: [] })),
  ).toMatchObject({ code: "BAD_REQUEST" });
});

test("titles and ranking options through tRPC: create, update, upsert, search with titleHighlight, matching", async () => {
  await admin.indexes.create({ name: "papers" });
  const doc = await admin.documents.create({
    content: "lift of a wing in a slipstream",
    title: "Wings",
    indexes: ["papers"],
  });
  expect(doc.title).toBe("Wings");
  expect((await admin.documents.update({ id: doc.id, data: { title: null } })).title).toBeNull();
  await service.service.upsertDocuments({
    index: "papers",
    documents: [{ identifier: "p2", title: "Flow over wings", content: "separated flow" }],
  });
  const hit = (await admin.search({ q: "wings flow ", highlight: true })).documents[0]!;
  expect(hit).toMatchObject({
    identifier: "p2",
    titleHighlight: "<mark>Flow</mark> over <mark>wings</mark>",
  });
  expect((await admin.search({ q: "wings flow ", matching: "all" })).filteredCount).toBe(1);
  expect((await admin.search({ q: "wings flow " })).filteredCount).toBe(2);
  const viaService = await service.service.search({ q: "flow", highlight: true });
  expect(viaService.results[0]).toMatchObject({
    title: "Flow over wings",
    titleHighlight: "<mark>Flow</mark> over wings",
  });
  expect((await admin.search({ q: "wings", ranking: "bm25" })).ranked).toBe(true);
});

test("documents.import: NDJSON chunks or documents, exact counts, item errors; admin only", async () => {
  await admin.indexes.create({ name: "bulk" });
  const ndjson = Array.from({ length: 50 }, (_, i) =>
    JSON.stringify({ identifier: `n${i}`, content: `line ${i} about wings` }),
  ).join("\n");
  expect(await admin.documents.import({ index: "bulk", ndjson: `${ndjson}\n{oops` })).toEqual({
    index: "bulk",
    read: 51,
    created: 50,
    updated: 0,
    failed: 1,
    documentCount: 50,
    errors: [{ item: 51, error: "Line 51: invalid JSON." }],
  });
  expect(
    await admin.documents.import({
      index: "bulk",
      documents: [
        { identifier: "n0", content: "updated", title: "T" },
        { content: 5 },
        { body: "x" },
      ],
    }),
  ).toMatchObject({ created: 1, updated: 1, failed: 1, documentCount: 51 });
  expect(await failure(admin.documents.import({ index: "nope", documents: [] }))).toMatchObject({
    code: "BAD_REQUEST",
  });
  expect(
    await admin.documents.import({ index: "nope", documents: [], createIndex: true }),
  ).toMatchObject({
    documentCount: 0,
  });
  expect(await failure(admin.documents.import({ index: "bulk" }))).toMatchObject({
    code: "BAD_REQUEST",
  });
  expect(
    await failure(createCaller(ctx()).documents.import({ index: "bulk", documents: [] })),
  ).toMatchObject({ code: "UNAUTHORIZED" });
});

test("facets, metadata ordering and declared fields through tRPC (admin and service)", async () => {
  await admin.indexes.create({ name: "tags" });
  for (const [content, tag, year] of [
    ["sqlite wal", "db", "2010"],
    ["sqlite fts5", "search", "2015"],
    ["sqlite vacuum", "db", "2009"],
  ] as const) {
    await admin.documents.create({ content, indexes: ["tags"], metadata: { tag, year } });
  }
  const r = await admin.search({
    q: "sqlite",
    indexes: ["tags"],
    facets: ["tag"],
    ordering: ["-metadata.year"],
  });
  expect(r.documents.map((d) => d.metadata.year)).toEqual(["2015", "2010", "2009"]);
  expect(r.facets?.tag).toEqual({
    values: [
      { value: "db", count: 2 },
      { value: "search", count: 1 },
    ],
    documents: 3,
    distinct: 2,
    min: null,
    max: null,
    declared: null,
  });
  expect(
    (await service.service.search({ q: "sqlite", facets: ["tag"] })).facets?.tag?.documents,
  ).toBe(3);
  expect(await admin.indexes.setFields({ index: "tags", fields: { year: "number" } })).toEqual({
    year: "number",
  });
  expect(await admin.indexes.fields({ name: "tags" })).toEqual({
    declared: { year: "number" },
    inferred: { tag: { string: 3 }, year: { number: 3 } },
  });
  expect(
    await failure(admin.search({ indexes: ["tags"], filters: { year__gt: "recent" } })),
  ).toMatchObject({ code: "BAD_REQUEST" });
  expect(await failure(admin.indexes.fields({ name: "nope" }))).toMatchObject({
    code: "NOT_FOUND",
  });
});

test("apiKeys and index settings through tRPC: admin only", async () => {
  await admin.indexes.create({ name: "k" });
  const created = await admin.apiKeys.create({ name: "ci", scope: "search", indexes: ["k"] });
  expect(created.key).toMatch(/^qk_/);
  expect(await admin.apiKeys.list()).toEqual([created.apiKey]);
  expect(await admin.apiKeys.delete({ id: created.apiKey.id })).toEqual({ success: true });
  expect(await failure(admin.apiKeys.delete({ id: created.apiKey.id }))).toMatchObject({
    code: "NOT_FOUND",
  });
  expect(await failure(createCaller(ctx()).apiKeys.list())).toMatchObject({ code: "UNAUTHORIZED" });
  const updated = await admin.indexes.updateSettings({
    name: "k",
    data: { stopWords: ["a"], weights: null },
  });
  expect(updated.settings).toEqual({ stopWords: ["a"] });
  expect((await admin.indexes.settings({ name: "k" })).effective.stopWords).toEqual(["a"]);
  expect(
    await failure(
      admin.indexes.updateSettings({ name: "k", data: { weights: { title: -1, content: 1 } } }),
    ),
  ).toMatchObject({ code: "BAD_REQUEST" });
});

test("the tokenizer through tRPC settings: typed, reindexing, an unknown one a BAD_REQUEST naming the choices", async () => {
  await admin.indexes.create({ name: "tok" });
  await admin.documents.create({ content: "a notebook of equations", indexes: ["tok"] });
  const search = async () => (await admin.search({ q: "ebo", indexes: ["tok"] })).documents.length;
  expect(await search()).toBe(0);
  const set = await admin.indexes.updateSettings({ name: "tok", data: { tokenizer: "trigram" } });
  expect(set).toMatchObject({
    settings: { tokenizer: "trigram" },
    effective: { tokenizer: "trigram" },
  });
  expect(await search()).toBe(1);
  const bad = await failure(
    admin.indexes.updateSettings({ name: "tok", data: { tokenizer: "stemmer" as never } }),
  );
  expect(bad).toMatchObject({ code: "BAD_REQUEST" });
  expect(bad.message).toMatch(/Unknown tokenizer: use one of porter, unicode61, trigram/);
  await admin.indexes.updateSettings({ name: "tok", data: { tokenizer: null } });
  expect((await admin.indexes.settings({ name: "tok" })).effective.tokenizer).toBe("porter");
  expect(await search()).toBe(0);
});
