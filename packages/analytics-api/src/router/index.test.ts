import { seedDemo } from "@quire/analytics-db";
import { createTestAnalyticsDatabase } from "@quire/analytics-db/testing";
import { ServiceHealthSchema, TRPCError } from "@quire/trpc";
import { afterAll, beforeAll, expect, test } from "vitest";

import { createSite } from "../sites";
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
  expect(month[0]!.pageviews).toBe(t.sqlite.prepare("SELECT count(*) FROM events WHERE name = 0").pluck().get());
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

test("sites: create, update (settings, share link), list, delete — admin only", async () => {
  const caller = createCaller(admin());
  expect(await codeOf(createCaller(context()).sites.create({ domain: "x.example" }))).toBe("UNAUTHORIZED");
  const site = await caller.sites.create({ domain: "https://www.New.Example/path", timezone: "Europe/Berlin" });
  expect(site).toMatchObject({ domain: "new.example", name: "new.example", timezone: "Europe/Berlin", shareToken: null, retentionDays: 0 });
  expect(await codeOf(caller.sites.create({ domain: "new.example" }))).toBe("CONFLICT");
  expect(await codeOf(caller.sites.create({ domain: "not a domain" }))).toBe("BAD_REQUEST");
  expect(await codeOf(caller.sites.create({ domain: "tz.example", timezone: "Mars/Olympus" }))).toBe("BAD_REQUEST");
  const updated = await caller.sites.update({ id: site.id, data: { retentionDays: 30, excludedPaths: ["/admin/**", " "], publicShare: true, name: "New" } });
  expect(updated).toMatchObject({ retentionDays: 30, excludedPaths: ["/admin/**"], name: "New" });
  expect(updated.shareToken).toMatch(/^[\w-]{20,}$/);
  expect((await caller.sites.update({ id: site.id, data: { publicShare: true } })).shareToken).toBe(updated.shareToken);
  expect((await caller.sites.settings()).map((s) => s.domain)).toContain("new.example");
  expect(await codeOf(caller.sites.update({ id: site.id, data: { domain: "localhost" } }))).toBe("CONFLICT");
  await caller.sites.delete({ id: site.id });
  expect(await codeOf(caller.sites.get({ id: site.id }))).toBe("NOT_FOUND");
});

test("stats: the admin or the share link may read, nobody else", async () => {
  const [demo] = await createCaller(admin()).sites.settings();
  const input = { siteId: demo!.id, range: { period: "7d" as const } };
  const agg = await createCaller(admin()).stats.aggregate(input);
  expect(agg.current.pageviews).toBeGreaterThan(0);
  expect(await codeOf(createCaller(context()).stats.aggregate(input))).toBe("UNAUTHORIZED");
  expect(await codeOf(createCaller(context()).stats.aggregate({ ...input, shareToken: "guess" }))).toBe("UNAUTHORIZED");
  const shared = await createCaller(admin()).sites.update({ id: demo!.id, data: { publicShare: true } });
  const anon = createCaller(context());
  expect(await anon.stats.aggregate({ ...input, shareToken: shared.shareToken! })).toEqual(agg);
  const pages = await anon.stats.breakdown({ ...input, shareToken: shared.shareToken!, dimension: "event:page", limit: 3 });
  expect(pages.rows).toHaveLength(3);
  const series = await anon.stats.timeseries({ ...input, shareToken: shared.shareToken! });
  expect(series).toHaveLength(7);
  await createCaller(admin()).sites.update({ id: demo!.id, data: { publicShare: false } });
  expect(await codeOf(anon.stats.aggregate({ ...input, shareToken: shared.shareToken! }))).toBe("UNAUTHORIZED");
  expect(await codeOf(createCaller(admin()).stats.breakdown({ ...input, dimension: "visit:nope" }))).toBe("BAD_REQUEST");
});

test("service.viewsPerPath and service.topPages need the service token and answer their output schemas", async () => {
  const service = createCaller(context({ service: true }));
  expect(await codeOf(createCaller(admin()).service.topPages({ site: "localhost" }))).toBe("UNAUTHORIZED");
  const top = await service.service.topPages({ site: "localhost", range: { period: "30d" }, limit: 3 });
  expect(top).toHaveLength(3);
  expect(top[0]!.pageviews).toBeGreaterThanOrEqual(top[1]!.pageviews);
  const views = await service.service.viewsPerPath({ site: "localhost", paths: [top[0]!.path, "/nope"] });
  expect(views).toEqual([top[0], { path: "/nope", pageviews: 0, visitors: 0 }]);
  expect(await codeOf(service.service.topPages({ site: "unknown.example" }))).toBe("NOT_FOUND");
  const other = await createSite(t, { domain: "svc.example" });
  expect(await service.service.topPages({ site: String(other.id) })).toEqual([]);
});

test("API keys: admins create (shown once), list (prefix, created, last used) and revoke; others may not", async () => {
  const caller = createCaller(admin());
  const anonymous = createCaller(context());
  expect(await codeOf(anonymous.apiKeys.list())).toBe("UNAUTHORIZED");
  expect(await codeOf(anonymous.apiKeys.create({ name: "nope" }))).toBe("UNAUTHORIZED");

  for (const k of await caller.apiKeys.list()) await caller.apiKeys.delete({ id: k.id });
  const created = await caller.apiKeys.create({ name: "  Grafana  " });
  expect(created.name).toBe("Grafana");
  expect(created.key).toMatch(/^qa_[A-Za-z0-9_-]{43}$/);
  expect(created.key.startsWith(created.prefix)).toBe(true);
  expect(created.lastUsedAt).toBeNull();

  const listed = await caller.apiKeys.list();
  expect(listed).toEqual([{ id: created.id, name: "Grafana", prefix: created.prefix, createdAt: created.createdAt, lastUsedAt: null }]);
  expect(JSON.stringify(listed)).not.toContain(created.key);
  // Hashed at rest: the key itself is nowhere in the table.
  const row = t.sqlite.prepare("SELECT * FROM api_keys WHERE id = ?").get(created.id) as Record<string, unknown>;
  expect(Object.values(row).some((v) => typeof v === "string" && v.includes(created.key.slice(SHOWN_CHARS)))).toBe(false);

  expect(await codeOf(caller.apiKeys.create({ name: "   " }))).toBe("BAD_REQUEST");
  await caller.apiKeys.delete({ id: created.id });
  expect(await caller.apiKeys.list()).toEqual([]);
  expect(await codeOf(caller.apiKeys.delete({ id: created.id }))).toBe("NOT_FOUND");
});

/** What the list shows of a key ("qa_" + 8): the rest must not be stored anywhere. */
const SHOWN_CHARS = 11;
