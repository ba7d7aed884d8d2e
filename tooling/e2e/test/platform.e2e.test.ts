import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  APP_NAMES,
  findFreePorts,
  launchBrowser,
  screenshot,
  spawnQuireApp,
  startQuire,
  submitLogin,
  usePage,
} from "../src";
import type { AppName, QuirePlatform, RunningApp } from "../src";

interface PeerStatus {
  up: boolean;
  url: string;
  error?: string;
  health?: { app: string };
}
interface BlogHealth {
  ok: boolean;
  app: string;
  peers: { search: PeerStatus; analytics: PeerStatus };
}

async function getJson<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as T };
}

let quire: QuirePlatform;
let browser: Browser;

beforeAll(async () => {
  quire = await startQuire();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await quire?.stop();
});

/** Log in through the blog's form; the cookie is then valid on every port of `localhost`. */
async function loginOnBlog(page: Page, next = "/admin"): Promise<void> {
  await page.goto(`${quire.urls.blog}/login?next=${encodeURIComponent(next)}`);
  await submitLogin(page, quire.password);
  expect(new URL(page.url()).pathname).toBe(next);
}

async function pill(page: Page, peer: "search" | "analytics"): Promise<string | null> {
  return page.locator(`[data-testid="peer-${peer}"] .q-pill`).textContent();
}

describe("health endpoints", () => {
  test.each(APP_NAMES)("%s /api/health answers ok", async (app: AppName) => {
    const { status, body } = await getJson<{ ok: boolean; app: string }>(
      `${quire.urls[app]}/api/health`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, app });
  });

  test("the blog sees search and analytics up", async () => {
    const { body } = await getJson<BlogHealth>(`${quire.urls.blog}/api/health`);
    expect(body.peers.search).toMatchObject({
      up: true,
      url: quire.urls.search,
      health: { app: "search" },
    });
    expect(body.peers.analytics).toMatchObject({
      up: true,
      url: quire.urls.analytics,
      health: { app: "analytics" },
    });
  });
});

describe("in Chromium", () => {
  const chromium = usePage(() => browser);

  test("the blog home lists the demo posts and a title opens its post", async () => {
    const { page } = chromium;
    await page.goto(quire.urls.blog);
    const posts = page.getByTestId("post");
    expect(await posts.count()).toBeGreaterThanOrEqual(3);

    const link = posts.first().getByRole("heading").getByRole("link");
    const title = (await link.textContent())?.trim();
    expect(title).toBeTruthy();
    await Promise.all([page.waitForURL(/\/posts\/[^/]+$/), link.click()]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
  });

  test("the System page asks for a login, then shows both peers up", async () => {
    const { page } = chromium;
    await page.goto(`${quire.urls.blog}/admin/system`);
    const redirected = new URL(page.url());
    expect(redirected.pathname).toBe("/login");
    expect(redirected.searchParams.get("next")).toBe("/admin/system");

    await submitLogin(page, quire.password);
    expect(new URL(page.url()).pathname).toBe("/admin/system");
    expect(await pill(page, "search")).toBe("up");
    expect(await pill(page, "analytics")).toBe("up");
  });

  test("one login on the blog opens search and analytics (shared cookie)", async () => {
    const { page } = chromium;
    await loginOnBlog(page);

    await page.goto(quire.urls.search);
    expect(new URL(page.url()).pathname, "search sent the blog's session to its login page").toBe(
      "/",
    );
    expect(
      await page.getByTestId("indexes").getByRole("cell", { name: "demo", exact: true }).count(),
    ).toBe(1);

    await page.goto(quire.urls.analytics);
    expect(
      new URL(page.url()).pathname,
      "analytics sent the blog's session to its login page",
    ).toBe("/");
    const site = page
      .getByTestId("site")
      .filter({ has: page.getByRole("heading", { name: "localhost", exact: true }) });
    const views = Number(
      (await site.getByTestId("pageviews").textContent())?.replace(/[^0-9]/g, ""),
    );
    expect(views).toBeGreaterThan(0);
  });

  test("a wrong password shows an inline error", async () => {
    const { page } = chromium;
    await page.goto(`${quire.urls.blog}/login`);
    await page.getByLabel("Password").fill("not-the-password");
    await Promise.all([
      page.waitForURL(/[?&]error=invalid/),
      page.getByRole("button", { name: "Log in" }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe("/login");
    // Scoped to the form: Next adds its own (empty) route-announcer alert to every page.
    expect(
      await page.locator(`form[action="/api/auth/login"]`).getByRole("alert").textContent(),
    ).toBe("Wrong password.");
  });

  test("logging out closes the admin pages again", async () => {
    const { page } = chromium;
    await loginOnBlog(page);
    await Promise.all([
      page.waitForURL(/\/login\?loggedOut=1/),
      page.getByRole("button", { name: "Log out" }).click(),
    ]);

    await page.goto(`${quire.urls.blog}/admin`);
    const url = new URL(page.url());
    expect(url.pathname).toBe("/login");
    expect(url.searchParams.get("next")).toBe("/admin");
  });

  test("a stopped search shows as down, and up again once restarted", async () => {
    const { page } = chromium;
    await quire.stopApp("search");
    try {
      const { body } = await getJson<BlogHealth>(`${quire.urls.blog}/api/health`);
      expect(body.ok).toBe(true);
      expect(body.peers.search.up).toBe(false);
      expect(body.peers.analytics.up).toBe(true);

      await loginOnBlog(page, "/admin/system");
      expect(await pill(page, "search")).toBe("down");
      expect(await pill(page, "analytics")).toBe("up");
    } finally {
      await quire.startApp("search");
    }

    const { body } = await getJson<BlogHealth>(`${quire.urls.blog}/api/health`);
    expect(body.peers.search.up).toBe(true);
    await page.reload();
    expect(await pill(page, "search")).toBe("up");
  });

  test("screenshots of each app's home page", async () => {
    const { page } = chromium;
    await page.goto(quire.urls.blog);
    await screenshot(page, "blog-home");
    await loginOnBlog(page, "/admin/system");
    await screenshot(page, "blog-system");
    for (const app of ["search", "analytics"] as const) {
      await page.goto(quire.urls[app]);
      // Screenshots are for people to look at: log in here too if the shared cookie was refused.
      if (new URL(page.url()).pathname === "/login") await submitLogin(page, quire.password);
      await screenshot(page, `${app}-home`);
    }
  });
});

describe("service token", () => {
  test("search answers 401 JSON to a wrong bearer token, 200 to the shared one", async () => {
    const url = `${quire.urls.search}/api/trpc/service.health`;
    const wrong = await getJson<{
      error: { json: { data: { code: string; httpStatus: number } } };
    }>(url, {
      headers: { authorization: "Bearer wrong" },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.json.data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });

    const { serviceToken } = JSON.parse(
      fs.readFileSync(path.join(quire.dataDir, "quire-secrets.json"), "utf8"),
    ) as {
      serviceToken: string;
    };
    const right = await fetch(url, { headers: { authorization: `Bearer ${serviceToken}` } });
    expect(right.status).toBe(200);
  });

  test("a blog holding the wrong token sees both peers down (fails closed)", async () => {
    // Its own data directory: blog.db of the platform belongs to the running blog.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-e2e-rogue-"));
    const [port] = await findFreePorts(1);
    let rogue: RunningApp | undefined;
    try {
      rogue = await spawnQuireApp({
        app: "blog",
        port: port!,
        env: {
          QUIRE_DATA_DIR: dataDir,
          QUIRE_ADMIN_PASSWORD: quire.password,
          QUIRE_SERVICE_TOKEN: randomBytes(24).toString("base64url"),
          BLOG_URL: `http://localhost:${port}`,
          SEARCH_URL: quire.urls.search,
          ANALYTICS_URL: quire.urls.analytics,
        },
      });
      const { status, body } = await getJson<BlogHealth>(`${rogue.url}/api/health`);
      expect(status).toBe(200);
      for (const peer of [body.peers.search, body.peers.analytics]) {
        expect(peer.up).toBe(false);
        expect(peer.error).toMatch(/unauthori[sz]ed|service token/i);
      }
    } finally {
      await rogue?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
