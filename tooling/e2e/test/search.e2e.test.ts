import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { launchBrowser, startQuire, submitLogin, usePage } from "../src";
import type { QuirePlatform } from "../src";

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

const browserPage = usePage(() => browser);

async function scout(path: string, init?: RequestInit) {
  const res = await fetch(`${quire.urls.search}/scout${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, type, body: (await res.json()) as Record<string, unknown> };
}

test("Scout's REST API works against the built search app, trailing slashes and JSON errors included", async () => {
  const created = await scout("/", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "e2e-notes" }),
  });
  expect(created.status).toBe(200);
  expect(created.body).toMatchObject({ name: "e2e-notes", document_count: 0 });

  const doc = await scout("/documents/", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      content: "Group commit keeps SQLite writers fast and free of busy errors",
      index: "e2e-notes",
      identifier: "note-1",
      metadata: { topic: "sqlite", year: "2024" },
    }),
  });
  expect(doc.status).toBe(200);
  expect(doc.body).toMatchObject({ identifier: "note-1", indexes: ["e2e-notes"] });

  const found = await scout("/e2e-notes/?q=writers&ranking=bm25&topic=sqlite");
  expect(found.status).toBe(200);
  expect(found.body.document_count).toBe(1);
  const documents = found.body.documents as { identifier: string; score: number }[];
  expect(documents[0]!.identifier).toBe("note-1");
  expect(typeof documents[0]!.score).toBe("number");

  const none = await scout("/e2e-notes/?q=writers&year__lt=2000");
  expect(none.body.filtered_count).toBe(0);
  expect(none.body.documents).toEqual([]);

  const bad = await scout("/e2e-notes/?q=%22unbalanced");
  expect(bad.status).toBe(400);
  expect(String(bad.body.error)).toMatch(/^Invalid search query/);

  const missing = await scout("/no-such-index/");
  expect(missing.status).toBe(404);
  expect(missing.type).toContain("application/json");

  const deleted = await scout("/documents/note-1/", { method: "DELETE" });
  expect(deleted.status).toBe(200);
  expect((await scout("/documents/note-1/")).status).toBe(404);
});

test("the console finds documents as a person types, with the matches highlighted", async () => {
  const p = browserPage.page;
  await p.goto(`${quire.urls.search}/login?next=${encodeURIComponent("/indexes/demo")}`);
  await submitLogin(p, quire.password);
  expect(new URL(p.url()).pathname).toBe("/indexes/demo");
  // The last word may be unfinished (prefix match): "full-text sear" finds the FTS5 document.
  await p.getByRole("searchbox").fill("full-text sear");
  await p.getByRole("button", { name: "Search" }).click();
  await p.waitForURL(/q=full-text/);
  const results = p.getByTestId("results");
  await expect.poll(() => results.locator("li").count()).toBeGreaterThan(0);
  const marked = await results.locator("mark").allTextContents();
  expect(marked.map((m) => m.toLowerCase())).toContain("search");
  // Operators a person might type are not errors in simple mode.
  await p.getByRole("searchbox").fill('NEAR( "sqlite AND');
  await p.getByRole("button", { name: "Search" }).click();
  await p.waitForURL(/q=NEAR/);
  expect(await p.locator(".q-error").count()).toBe(0);
});
