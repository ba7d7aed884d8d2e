import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { createApiKey, deleteApiKey, listApiKeys } from "./api-keys";
import { createDocument } from "./documents";
import { createIndex, deleteIndex } from "./indexes";
import { scoutClient } from "./scout/testing";

let t: ReturnType<typeof createTestSearchDatabase>;
beforeEach(async () => {
  t = createTestSearchDatabase();
  for (const name of ["blog", "notes"]) {
    await createIndex(t, name);
    await createDocument(t, { content: `hello from ${name}`, indexes: [name], identifier: name });
  }
});
afterEach(() => t.cleanup());

test("keys are shown once and stored hashed; the first key closes the open API", async () => {
  const scout = scoutClient(t);
  expect((await scout("GET", "/")).status).toBe(200); // no keys: open, as before
  const { key, apiKey } = await createApiKey(t, { name: "deploy", scope: "admin" });
  expect(key).toMatch(/^qk_[A-Za-z0-9_-]{43}$/);
  expect(apiKey).toMatchObject({
    name: "deploy",
    scope: "admin",
    indexes: null,
    prefix: key.slice(0, 9),
  });
  const stored = t.sqlite.prepare("SELECT hash FROM api_keys").pluck().get() as string;
  expect(stored).toMatch(/^[0-9a-f]{64}$/);
  expect(stored).not.toContain(key.slice(3));
  expect((await scout("GET", "/")).status).toBe(401);
  expect((await scout("GET", "/", { headers: { key: "qk_wrong" } })).status).toBe(401);
  expect((await scout("GET", `/?key=${key}`)).status).toBe(200);
  expect((await scout("DELETE", "/documents/notes/", { headers: { key } })).status).toBe(200);
  await deleteApiKey(t, apiKey.id);
  expect(listApiKeys(t)).toEqual([]);
  expect((await scout("GET", "/")).status).toBe(200);
});

test("a search key only searches, and only its indexes; the master key still does anything", async () => {
  const scout = scoutClient(t, { masterKey: "master-key-0123456789" });
  const { key } = await createApiKey(t, {
    name: "blog search",
    scope: "search",
    indexes: ["blog"],
  });
  const as = (path: string, method = "GET", init = {}) =>
    scout(method, path, { ...init, headers: { key } });
  expect((await as("/blog/?q=hello")).body.documents.map((d: any) => d.identifier)).toEqual([
    "blog",
  ]);
  expect((await as("/documents/?q=hello")).body.documents.map((d: any) => d.identifier)).toEqual([
    "blog",
  ]);
  for (const [path, method] of [
    ["/notes/?q=hello", "GET"],
    ["/documents/?q=hello&index=notes", "GET"],
    ["/", "GET"],
    ["/documents/blog/", "GET"],
    ["/blog/", "DELETE"],
    ["/documents/", "POST"],
    ["/attachments/", "GET"],
    ["/blog/bulk/", "POST"],
  ] as const) {
    const r = await as(
      path,
      method,
      method === "POST" ? { json: { content: "x", index: "blog" } } : {},
    );
    expect(r.status, `${method} ${path}`).toBe(403);
  }
  expect(
    (await scout("GET", "/notes/", { headers: { key: "master-key-0123456789" } })).status,
  ).toBe(200);
  await t.writer.drain(); // the last use is recorded off the request's path
  expect(listApiKeys(t)[0]!.lastUsedAt).not.toBeNull();
  await expect(createApiKey(t, { name: "x", scope: "search", indexes: ["nope"] })).rejects.toThrow(
    /not found: nope/,
  );
});

/** One request of the matrix: what a limited search key and a limited admin key get. */
interface Case {
  method: string;
  path: string;
  json?: unknown;
  form?: { data?: string; files?: [string, string][] };
  body?: string;
  contentType?: string;
  search: number;
  admin: number;
}

test("keys limited to an index: every route class, for a search key and an admin key", async () => {
  // "shared" is in blog and notes: readable by a blog key, writable by neither.
  await createDocument(t, { content: "in both", indexes: ["blog", "notes"], identifier: "shared" });
  const scout = scoutClient(t);
  const master = await createApiKey(t, { name: "all", scope: "admin" });
  const search = await createApiKey(t, { name: "s", scope: "search", indexes: ["blog"] });
  const admin = await createApiKey(t, { name: "a", scope: "admin", indexes: ["blog"] });
  const as = (key: string) => ({ key });
  const attach = { data: "{}", files: [["a.txt", "hello"]] as [string, string][] };
  // Fresh documents per key (writes may delete them), from the master key.
  const seed = async () => {
    const put = (json: unknown) => scout("POST", "/documents/", { json, headers: as(master.key) });
    await put({ content: "blog doc", index: "blog", identifier: "b1" });
    await put({ content: "notes doc", index: "notes", identifier: "n1" });
    await scout("POST", "/documents/b1/attachments/", { form: attach, headers: as(master.key) });
    await scout("POST", "/documents/n1/attachments/", { form: attach, headers: as(master.key) });
  };
  const cases: Case[] = [
    // index list and creation
    { method: "GET", path: "/", search: 403, admin: 200 },
    { method: "POST", path: "/", json: { name: "other" }, search: 403, admin: 403 },
    // index detail, search, rename, delete
    { method: "GET", path: "/blog/?q=doc", search: 200, admin: 200 },
    { method: "GET", path: "/notes/?q=doc", search: 403, admin: 403 },
    { method: "PUT", path: "/notes/", json: { name: "x" }, search: 403, admin: 403 },
    { method: "PUT", path: "/blog/", json: { name: "renamed" }, search: 403, admin: 403 },
    { method: "DELETE", path: "/notes/", search: 403, admin: 403 },
    // settings, fields, bulk
    { method: "GET", path: "/blog/settings/", search: 403, admin: 200 },
    { method: "GET", path: "/notes/settings/", search: 403, admin: 403 },
    {
      method: "PUT",
      path: "/blog/settings/",
      json: { stopWords: ["the"] },
      search: 403,
      admin: 200,
    },
    {
      method: "PUT",
      path: "/notes/settings/",
      json: { stopWords: ["the"] },
      search: 403,
      admin: 403,
    },
    { method: "GET", path: "/blog/fields/", search: 403, admin: 200 },
    { method: "GET", path: "/notes/fields/", search: 403, admin: 403 },
    {
      method: "POST",
      path: "/blog/bulk/",
      body: '{"content":"bulk"}\n',
      contentType: "application/x-ndjson",
      search: 403,
      admin: 200,
    },
    {
      method: "POST",
      path: "/notes/bulk/",
      body: '{"content":"bulk"}\n',
      contentType: "application/x-ndjson",
      search: 403,
      admin: 403,
    },
    // document search and creation
    { method: "GET", path: "/documents/?q=doc", search: 200, admin: 200 },
    { method: "GET", path: "/documents/?q=doc&index=notes", search: 403, admin: 403 },
    {
      method: "POST",
      path: "/documents/",
      json: { content: "new", index: "blog" },
      search: 403,
      admin: 200,
    },
    {
      method: "POST",
      path: "/documents/",
      json: { content: "new", index: "notes" },
      search: 403,
      admin: 403,
    },
    {
      method: "POST",
      path: "/documents/",
      json: { content: "new", indexes: ["blog", "notes"] },
      search: 403,
      admin: 403,
    },
    // an existing identifier turns create into update: not of someone else's document
    {
      method: "POST",
      path: "/documents/",
      json: { content: "x", index: "blog", identifier: "n1" },
      search: 403,
      admin: 403,
    },
    // one document
    { method: "GET", path: "/documents/b1/", search: 403, admin: 200 },
    { method: "GET", path: "/documents/n1/", search: 403, admin: 404 },
    { method: "GET", path: "/documents/shared/", search: 403, admin: 200 },
    { method: "PUT", path: "/documents/b1/", json: { content: "edited" }, search: 403, admin: 200 },
    {
      method: "PUT",
      path: "/documents/b1/",
      json: { indexes: ["notes"] },
      search: 403,
      admin: 403,
    },
    { method: "PUT", path: "/documents/b1/", json: { identifier: "n1" }, search: 403, admin: 403 },
    { method: "PUT", path: "/documents/n1/", json: { content: "edited" }, search: 403, admin: 404 },
    {
      method: "PUT",
      path: "/documents/shared/",
      json: { content: "edited" },
      search: 403,
      admin: 403,
    },
    {
      method: "POST",
      path: "/documents/b1/metadata/",
      json: { metadata: { a: "1" } },
      search: 403,
      admin: 200,
    },
    {
      method: "POST",
      path: "/documents/n1/metadata/",
      json: { metadata: { a: "1" } },
      search: 403,
      admin: 404,
    },
    { method: "DELETE", path: "/documents/shared/", search: 403, admin: 403 },
    { method: "DELETE", path: "/documents/n1/", search: 403, admin: 404 },
    // attachments
    { method: "GET", path: "/documents/b1/attachments/", search: 403, admin: 200 },
    { method: "GET", path: "/documents/n1/attachments/", search: 403, admin: 404 },
    {
      method: "POST",
      path: "/documents/b1/attachments/",
      form: { data: "{}", files: [["b.txt", "x"]] },
      search: 403,
      admin: 200,
    },
    {
      method: "POST",
      path: "/documents/n1/attachments/",
      form: { data: "{}", files: [["b.txt", "x"]] },
      search: 403,
      admin: 404,
    },
    { method: "GET", path: "/documents/b1/attachments/a.txt/download/", search: 403, admin: 200 },
    { method: "GET", path: "/documents/n1/attachments/a.txt/download/", search: 403, admin: 404 },
    { method: "DELETE", path: "/documents/n1/attachments/a.txt/", search: 403, admin: 404 },
    { method: "DELETE", path: "/documents/b1/attachments/a.txt/", search: 403, admin: 200 },
    { method: "GET", path: "/attachments/", search: 403, admin: 200 },
    { method: "GET", path: "/attachments/?index=notes", search: 403, admin: 403 },
    // last: deleting its own index and its document
    { method: "DELETE", path: "/documents/b1/", search: 403, admin: 200 },
    { method: "DELETE", path: "/blog/", search: 403, admin: 200 },
  ];
  for (const [kind, key] of [
    ["search", search.key],
    ["admin", admin.key],
  ] as const) {
    await createIndex(t, "blog").catch(() => {}); // the admin run deletes it last
    await seed();
    for (const c of cases) {
      const r = await scout(c.method, c.path, {
        json: c.json,
        form: c.form,
        body: c.body,
        contentType: c.contentType,
        headers: as(key),
      });
      expect(r.status, `${kind} key: ${c.method} ${c.path} → ${JSON.stringify(r.body)}`).toBe(
        c[kind],
      );
      if (r.status >= 400) expect(typeof r.body.error, `${c.method} ${c.path}`).toBe("string");
    }
  }
  // What the limited admin key saw and did stayed in blog.
  expect((await scout("GET", "/documents/n1/", { headers: as(master.key) })).body.content).toBe(
    "notes doc",
  );
  expect((await scout("GET", "/documents/shared/", { headers: as(master.key) })).status).toBe(200);
  expect((await scout("GET", "/notes/", { headers: as(master.key) })).status).toBe(200);
});

test("a limited admin key lists only its indexes, searches only them, and can recreate its own", async () => {
  const scout = scoutClient(t);
  await createIndex(t, "gone");
  const { key } = await createApiKey(t, {
    name: "blog admin",
    scope: "admin",
    indexes: ["blog", "gone"],
  });
  await deleteIndex(t, "gone");
  const list = await scout("GET", "/", { headers: { key } });
  expect(list.body.indexes.map((i: { name: string }) => i.name)).toEqual(["blog"]);
  expect(list.body.pages).toBe(1);
  const docs = await scout("GET", "/documents/?q=hello", { headers: { key } });
  expect(docs.body.documents.map((d: { identifier: string }) => d.identifier)).toEqual(["blog"]);
  const attachments = await scout("GET", "/attachments/", { headers: { key } });
  expect(attachments.status).toBe(200);
  expect((await scout("POST", "/", { json: { name: "gone" }, headers: { key } })).status).toBe(200);
  expect(
    (await scout("POST", "/", { json: { name: "notes2" }, headers: { key } })).body.error,
  ).toMatch(/may not create the index "notes2"/);
});

test("a bulk import with a limited admin key refuses items that would overwrite other indexes' documents", async () => {
  const scout = scoutClient(t);
  const { key } = await createApiKey(t, { name: "blog admin", scope: "admin", indexes: ["blog"] });
  const ndjson = [
    '{"identifier":"notes","content":"overwritten"}',
    '{"identifier":"b2","content":"fine"}',
    "",
  ].join("\n");
  const r = await scout("POST", "/blog/bulk/", {
    body: ndjson,
    contentType: "application/x-ndjson",
    headers: { key },
  });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ read: 2, created: 1, updated: 0, failed: 1 });
  expect(r.body.errors[0]).toMatchObject({ item: 1 });
  expect(r.body.errors[0].error).toMatch(/may not change document "notes"/);
  expect((await scout("GET", "/documents/notes/")).status).toBe(401);
  const admin = await createApiKey(t, { name: "all", scope: "admin" });
  expect(
    (await scout("GET", "/documents/notes/", { headers: { key: admin.key } })).body.content,
  ).toBe("hello from notes");
});
