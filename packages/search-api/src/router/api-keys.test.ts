import { TRPCError } from "@quire/trpc";
import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterEach, beforeEach, expect, test } from "vitest";

import { scoutClient } from "../scout/testing";
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

beforeEach(() => {
  t = createTestSearchDatabase();
});
afterEach(() => t.cleanup());

async function code(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

test("apiKeys.create makes admin keys limited to indexes, which the Scout API honours", async () => {
  const admin = createCaller(ctx({ session }));
  await admin.indexes.create({ name: "blog" });
  await admin.indexes.create({ name: "notes" });
  const { apiKey, key } = await admin.apiKeys.create({
    name: "blog sync",
    scope: "admin",
    indexes: ["blog", "blog"],
  });
  expect(apiKey).toMatchObject({ scope: "admin", indexes: ["blog"] });
  expect(await code(admin.apiKeys.create({ name: "x", scope: "admin", indexes: ["nope"] }))).toBe(
    "BAD_REQUEST",
  );
  const scout = scoutClient(t);
  const write = (index: string) =>
    scout("POST", "/documents/", { json: { content: "hi", index }, headers: { key } });
  expect((await write("blog")).status).toBe(200);
  expect((await write("notes")).status).toBe(403);
});

test("keys are managed with the admin session only: a request carrying an API key may not", async () => {
  const admin = createCaller(ctx({ session }));
  const { apiKey, key } = await admin.apiKeys.create({ name: "all", scope: "admin" });
  const withKey = createCaller(
    ctx({ headers: new Headers({ key, authorization: `Bearer ${key}` }) }),
  );
  expect(await code(withKey.apiKeys.list())).toBe("UNAUTHORIZED");
  expect(await code(withKey.apiKeys.create({ name: "more", scope: "admin" }))).toBe("UNAUTHORIZED");
  expect(await code(withKey.apiKeys.delete({ id: apiKey.id }))).toBe("UNAUTHORIZED");
  expect(await code(withKey.indexes.create({ name: "x" }))).toBe("UNAUTHORIZED");
  expect(await admin.apiKeys.list()).toHaveLength(1);
});
