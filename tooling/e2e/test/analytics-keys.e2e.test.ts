/**
 * Stats API keys managed in the analytics dashboard, in Chromium against the
 * built app (started as `pnpm start` does: its custom server): create a key
 * (shown once), use it on `POST /api/v2/query`, see it listed with its last
 * use, revoke it; ANALYTICS_API_KEY keeps working beside dashboard keys.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { findFreePorts, launchBrowser, spawnQuireApp, submitLogin, usePage } from "../src";
import type { RunningApp } from "../src";

const PASSWORD = "e2e-keys-password-0123";
const ENV_KEY = "e2e-env-stats-api-key-0123456789";

let app: RunningApp;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-e2e-keys-"));
  const [port] = await findFreePorts(1);
  app = await spawnQuireApp({
    app: "analytics",
    port: port!,
    env: {
      QUIRE_DATA_DIR: dataDir,
      QUIRE_SEED_DEMO: "0",
      QUIRE_ADMIN_PASSWORD: PASSWORD,
      ANALYTICS_URL: `http://localhost:${port}`,
      ANALYTICS_SITES: "keys.example",
      ANALYTICS_API_KEY: ENV_KEY,
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const chromium = usePage(() => browser);

function query(key: string): Promise<Response> {
  return fetch(`${app.url}/api/v2/query`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ site_id: "keys.example", metrics: ["visitors", "pageviews"], date_range: "day" }),
  });
}

test("an admin creates a key (shown once), it answers the Stats API, shows its last use, and stops working once revoked", async () => {
  const { page } = chromium;
  await page.goto(`${app.url}/api-keys`);
  await page.waitForURL(/\/login/);
  await submitLogin(page, PASSWORD);
  await page.waitForURL((url) => url.pathname === "/api-keys");
  await expect.poll(() => page.getByTestId("no-api-keys").isVisible()).toBe(true);

  await page.getByLabel("Name").fill("Grafana board");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key-value").textContent())!;
  expect(key).toMatch(/^qa_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("api-key").filter({ hasText: "Grafana board" });
  await expect.poll(() => row.count()).toBe(1);
  expect(await row.textContent()).toContain(key.slice(0, 11));
  expect(await row.getByTestId("api-key-last-used").textContent()).toBe("never");

  const res = await query(key);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ results: [{ metrics: [0, 0] }] });
  expect((await query(ENV_KEY)).status).toBe(200);

  // Shown once: after a reload the list has only the prefix, and it shows the use.
  await page.reload();
  await expect.poll(() => row.count()).toBe(1);
  expect(await page.content()).not.toContain(key);
  expect(await row.getByTestId("api-key-last-used").textContent()).not.toBe("never");

  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect.poll(() => page.getByTestId("no-api-keys").isVisible()).toBe(true);

  const revoked = await query(key);
  expect(revoked.status).toBe(401);
  expect(await revoked.json()).toEqual({ error: "Invalid API key" });
  expect((await query(ENV_KEY)).status).toBe(200);
});

test("the keys page and its procedures need a login", async () => {
  const { page } = chromium;
  await page.goto(`${app.url}/api-keys`);
  await page.waitForURL(/\/login/);
  const res = await fetch(`${app.url}/api/trpc/apiKeys.list`);
  expect(res.status).toBe(401);
});
