import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterEach, beforeEach } from "vitest";

/** Screenshots land here (git-ignored): failures, plus whatever a test chooses to keep. */
export const ARTIFACTS_DIR = fileURLToPath(new URL("../artifacts/", import.meta.url));

/** Flags that keep Debian's Chromium quiet and offline apart from the pages under test. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launch the system Chromium (`CHROMIUM_PATH`, else /usr/bin/chromium) with playwright-core.
 *
 * @example
 * const browser = await launchBrowser();
 * const page = await browser.newPage();
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: run \`apt-get install -y chromium\` or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** A file-system-safe name for a test: "Wrong password shows…" → "wrong-password-shows". */
export function artifactName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "page"
  );
}

/** Save a full-page PNG as `artifacts/<name>.png` and return its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${artifactName(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * A fresh browser context and page for every test of the enclosing suite;
 * when a test fails its page is saved to `artifacts/<test-name>.png` before
 * the context closes.
 *
 * @example
 * const browser = usePage(() => quireBrowser);
 * test("home", async () => { await browser.page.goto(url); });
 */
export function usePage(getBrowser: () => Browser, options: { timeoutMs?: number } = {}) {
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  beforeEach(async () => {
    context = await getBrowser().newContext();
    page = await context.newPage();
    // Fail on a missing element well before the test's own timeout, with Playwright's clearer message.
    page.setDefaultTimeout(options.timeoutMs ?? 15_000);
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === "fail" && page && !page.isClosed()) {
      const file = await screenshot(page, task.name).catch(
        (error: Error) => `(screenshot failed: ${error.message})`,
      );
      console.error(`[e2e] "${task.name}" failed on ${page.url()}; screenshot: ${file}`);
    }
    await context?.close();
    context = undefined;
    page = undefined;
  });

  return {
    get page(): Page {
      if (!page) throw new Error("usePage: the page exists only inside a test");
      return page;
    },
    get context(): BrowserContext {
      if (!context) throw new Error("usePage: the context exists only inside a test");
      return context;
    },
  };
}

/**
 * Fill and submit an app's login form (the page must show it), then wait for
 * the redirect away from /login.
 */
export async function submitLogin(page: Page, password: string): Promise<void> {
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/login" && url.pathname !== "/api/auth/login"),
    page.getByRole("button", { name: "Log in" }).click(),
  ]);
}
