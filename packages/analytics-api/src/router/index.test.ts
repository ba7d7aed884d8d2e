import { seedDemo } from "@quire/analytics-db";
import { createTestAnalyticsDatabase } from "@quire/analytics-db/testing";
import { ServiceHealthSchema, TRPCError } from "@quire/trpc";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createCallerFactory } from "../trpc";
import type { AnalyticsContext } from "../trpc";
import { analyticsRouter, SiteSummarySchema } from "./index";

let t: ReturnType<typeof createTestAnalyticsDatabase>;
let events: number;
const createCaller = createCallerFactory(analyticsRouter);

beforeAll(async () => {
  t = createTestAnalyticsDatabase();
  await seedDemo(t);
  events = t.sqlite.prepare("SELECT count(*) FROM events").pluck().get() as number;
});

afterAll(async () => {
  await t.cleanup();
});

const context = (over: Partial<AnalyticsContext> = {}): AnalyticsContext => ({
  session: null,
  service: false,
  headers: new Headers(),
  quire: t,
  ...over,
});
const admin = () =>
  context({ session: { subject: "admin", issuedAt: 1_700_000_000, expiresAt: 4_000_000_000 } });

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
  expect(health).toMatchObject({ app: "analytics", counts: { sites: 1, events } });
});

test("sites.list needs an admin session", async () => {
  expect(await codeOf(createCaller(context()).sites.list())).toBe("UNAUTHORIZED");
  expect(await codeOf(createCaller(context({ service: true })).sites.list({ days: 7 }))).toBe(
    "UNAUTHORIZED",
  );
});

test("sites.list gives each site a series of the asked number of days, 7 by default", async () => {
  const byDefault = await createCaller(admin()).sites.list();
  expect(byDefault).toHaveLength(1);
  expect(SiteSummarySchema.parse(byDefault[0])).toEqual(byDefault[0]);
  expect(byDefault[0]!.daily).toHaveLength(7);
  expect(byDefault[0]!.daily.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
  expect(byDefault[0]!.pageviews).toBe(
    byDefault[0]!.daily.reduce((sum, d) => sum + d.pageviews, 0),
  );

  const month = await createCaller(admin()).sites.list({ days: 30 });
  expect(month[0]!.daily).toHaveLength(30);
  // The demo covers the last 14 days: older days are zero-filled.
  expect(month[0]!.daily.slice(0, 15).every((d) => d.pageviews === 0)).toBe(true);
  expect(month[0]!.pageviews).toBe(events);
});

test("sites.list rejects out-of-range days as BAD_REQUEST", async () => {
  const caller = createCaller(admin());
  for (const days of [0, -1, 367, 1.5])
    expect(await codeOf(caller.sites.list({ days }))).toBe("BAD_REQUEST");
});

test("service.health needs the service token and answers the ServiceHealth contract", async () => {
  expect(await codeOf(createCaller(context()).service.health())).toBe("UNAUTHORIZED");
  expect(await codeOf(createCaller(admin()).service.health())).toBe("UNAUTHORIZED");
  const health = await createCaller(context({ service: true })).service.health();
  expect(ServiceHealthSchema.safeParse(health).success).toBe(true);
  expect(health).toMatchObject({ ok: true, app: "analytics", counts: { sites: 1, events } });
});
