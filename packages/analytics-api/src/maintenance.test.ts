import { DAY, recordHits } from "@quire/analytics-db";
import type { Hit } from "@quire/analytics-db";
import { createTestAnalyticsDatabase } from "@quire/analytics-db/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

import { runMaintenance } from "./maintenance";
import { createSite, deleteSite, updateSite } from "./sites";

let t: ReturnType<typeof createTestAnalyticsDatabase>;
let kept: number;
let gone: number;
const NOW = Date.UTC(2025, 5, 30, 12);

beforeAll(async () => {
  t = createTestAnalyticsDatabase();
  kept = (await createSite(t, { domain: "kept.example" })).id;
  gone = (await createSite(t, { domain: "gone.example" })).id;
  const hit = (siteId: number, visitor: number, path: string, ts: number): Hit => ({
    siteId,
    timezone: "UTC",
    ts,
    visitor,
    kind: "pageview",
    path,
    visit: { browser: siteId === gone ? "Only Gone Browser" : "Firefox" },
  });
  await recordHits(t, [hit(kept, 1, "/old-page", NOW - 10 * DAY), hit(kept, 2, "/new-page", NOW - 3_600_000), hit(gone, 3, "/gone-page", NOW - 3_600_000)]);
});

afterAll(async () => {
  await t.cleanup();
});

const has = (value: string) => t.sqlite.prepare("SELECT count(*) FROM strings WHERE value = ?").pluck().get(value) === 1;

test("maintenance collects the strings of a deleted site, and keeps those the rollups still show after retention", async () => {
  await deleteSite(t, gone);
  await updateSite(t, kept, { retentionDays: 7 });
  const result = await runMaintenance(t, NOW);
  expect(result).toMatchObject({ eventsDeleted: 1, visitsDeleted: 1, stringsDeleted: 2 });
  expect(has("/gone-page") || has("Only Gone Browser")).toBe(false);
  // The old page's raw event is gone, but the daily rollups still show it: its label stays.
  expect(has("/old-page") && has("/new-page") && has("Firefox")).toBe(true);
  // Nothing more to collect on the next run.
  expect((await runMaintenance(t, NOW)).stringsDeleted).toBe(0);
});
