import { TRPCError } from "@quire/trpc";
import { ServiceHealthSchema } from "@quire/trpc";
import { migrations, seedDemo } from "@quire/search-db";
import { createTestSearchDatabase } from "@quire/search-db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createCallerFactory } from "../trpc";
import type { SearchContext } from "../trpc";
import { searchRouter } from "./index";

let t: ReturnType<typeof createTestSearchDatabase>;
const createCaller = createCallerFactory(searchRouter);

beforeAll(async () => {
  t = createTestSearchDatabase();
  await seedDemo(t);
});

afterAll(async () => {
  await t.cleanup();
});

const context = (over: Partial<SearchContext> = {}): SearchContext => ({
  session: null,
  service: false,
  headers: new Headers(),
  quire: t,
  ...over,
});
const adminSession = {
  subject: "admin" as const,
  issuedAt: 1_700_000_000,
  expiresAt: 4_000_000_000,
};

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

test("anyone may read the public health", async () => {
  const health = await createCaller(context()).health();
  expect(ServiceHealthSchema.parse(health)).toEqual(health);
  expect(health).toMatchObject({
    app: "search",
    counts: { indexes: 1, documents: 8 },
    database: { journalMode: "wal", migrations: migrations.length },
  });
  expect(health.database.sizeBytes).toBeGreaterThan(0);
});

test("indexes.list needs an admin session", async () => {
  expect(await codeOf(createCaller(context()).indexes.list())).toBe("UNAUTHORIZED");
  expect(await codeOf(createCaller(context({ service: true })).indexes.list())).toBe(
    "UNAUTHORIZED",
  );
  const list = await createCaller(context({ session: adminSession })).indexes.list();
  expect(list).toEqual([
    {
      id: expect.any(Number) as number,
      name: "demo",
      documentCount: 8,
      createdAt: expect.any(Date) as Date,
    },
  ]);
});

test("service.health needs the service token and answers the ServiceHealth contract", async () => {
  expect(await codeOf(createCaller(context()).service.health())).toBe("UNAUTHORIZED");
  expect(await codeOf(createCaller(context({ session: adminSession })).service.health())).toBe(
    "UNAUTHORIZED",
  );
  const health = await createCaller(context({ service: true })).service.health();
  expect(ServiceHealthSchema.safeParse(health).success).toBe(true);
  expect(health).toMatchObject({ ok: true, app: "search", counts: { indexes: 1, documents: 8 } });
});

test("service.health takes no input", async () => {
  const caller = createCaller(context({ service: true }));
  expect(
    await codeOf((caller.service.health as (input: unknown) => Promise<unknown>)({ anything: 1 })),
  ).toBe("BAD_REQUEST");
});
