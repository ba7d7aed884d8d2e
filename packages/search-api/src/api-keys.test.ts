import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { createApiKey, deleteApiKey, listApiKeys } from "./api-keys";
import { createDocument } from "./documents";
import { createIndex } from "./indexes";
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
  await expect(createApiKey(t, { name: "x", scope: "admin", indexes: ["blog"] })).rejects.toThrow(
    /Only search keys/,
  );
  await expect(createApiKey(t, { name: "x", scope: "search", indexes: ["nope"] })).rejects.toThrow(
    /not found: nope/,
  );
});
