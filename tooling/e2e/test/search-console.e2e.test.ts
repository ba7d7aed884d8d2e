import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import {
  findFreePorts,
  launchBrowser,
  screenshot,
  spawnQuireApp,
  submitLogin,
  usePage,
} from "../src";
import type { RunningApp } from "../src";

// The search app alone (the console needs no peer), over a fresh, empty data directory.
let search: RunningApp;
let browser: Browser;
let dataDir: string;
const password = `e2e-console-${process.pid}`;
const INDEX = "e2e-library";

const TOPICS = ["databases", "cooking", "travel"] as const;
/** 30 documents, 10 per topic; one line refused (no content): exact counts to check. */
function ndjson(): string {
  const lines: string[] = [];
  for (let i = 1; i <= 30; i++) {
    const topic = TOPICS[(i - 1) % 3]!;
    const content =
      topic === "databases"
        ? `Notes ${i} on databases: write-ahead logging keeps readers and writers apart`
        : topic === "cooking"
          ? `Recipe ${i}: slow-cooked beans with garlic and thyme`
          : `Trip ${i}: the automobile needs new tyres before the mountain pass`;
    lines.push(
      JSON.stringify({
        identifier: `doc-${i}`,
        title: `${topic} ${i}`,
        content,
        metadata: { topic, year: String(2000 + i) },
      }),
    );
  }
  lines.splice(10, 0, JSON.stringify({ identifier: "broken", metadata: { topic: "none" } }));
  return `${lines.join("\n")}\n`;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-e2e-console-"));
  const [port] = await findFreePorts(1);
  search = await spawnQuireApp({
    app: "search",
    port: port!,
    env: {
      QUIRE_DATA_DIR: dataDir,
      QUIRE_ADMIN_PASSWORD: password,
      QUIRE_SEED_DEMO: "0",
      SEARCH_URL: `http://localhost:${port}`,
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await search?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const browserPage = usePage(() => browser);

async function login(p: Page, next: string) {
  await p.goto(`${search.url}/login?next=${encodeURIComponent(next)}`);
  await submitLogin(p, password);
  expect(new URL(p.url()).pathname).toBe(next);
}

const indexPath = `/indexes/${INDEX}`;

test("create an index in the console and bulk-upload an NDJSON file: progress and exact counts", async () => {
  const p = browserPage.page;
  await login(p, "/");
  await p.getByRole("button", { name: "Create index" }).click();
  await expect.poll(() => p.locator(".q-error").textContent()).toMatch(/Enter a name/);
  await p.getByLabel("New index name").fill(INDEX);
  await p.getByRole("button", { name: "Create index" }).click();
  await p.waitForURL(`**${indexPath}`);
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^0 of 0/);
  expect(await p.locator(".q-empty").textContent()).toMatch(/No documents in this index yet/);

  const file = path.join(dataDir, "library.ndjson");
  fs.writeFileSync(file, ndjson());
  await p.getByRole("link", { name: "Import", exact: true }).click();
  await p.waitForURL(`**${indexPath}/import`);
  await p.getByLabel("File").setInputFiles(file);
  await p.getByRole("button", { name: "Import" }).click();
  const progress = p.getByTestId("import-progress");
  await expect.poll(() => progress.textContent()).toMatch(/done/);
  await screenshot(p, "search-console-import");
  expect(await progress.textContent()).toContain(
    "30 created, 0 updated, 1 refused of 31 read · the index holds 30 documents · done",
  );
  expect(await progress.getByRole("progressbar").getAttribute("value")).toBe("1");
  expect(await progress.locator("li").first().textContent()).toMatch(/^item 11: .*content/);
  await expect.poll(() => p.locator(".qs-index-header").textContent()).toContain("30 documents");
});

test("search as you type with highlights, facets that filter with exact counts, advanced-query errors inline", async () => {
  const p = browserPage.page;
  await login(p, indexPath);
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^30 of 30/);

  // No submit: the results follow the typing, and the URL keeps the query.
  await p.getByRole("searchbox").pressSequentially("writ", { delay: 30 });
  await p.waitForURL(/q=writ/);
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^10 of 30/);
  const marks = await p.getByTestId("results").locator("mark").allTextContents();
  expect(marks.length).toBeGreaterThan(0);
  expect(marks.every((m) => m.toLowerCase().startsWith("writ"))).toBe(true);
  await p.reload();
  expect(await p.getByRole("searchbox").inputValue()).toBe("writ");
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^10 of 30/);

  // Facets: pick the key, then click a value; the chip removes the filter again.
  await p.getByRole("searchbox").fill("");
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^30 of 30/);
  await p.getByRole("checkbox", { name: "topic", exact: true }).check();
  const topic = p.getByTestId("facet-topic");
  await expect.poll(() => topic.textContent()).toMatch(/cooking\s*\(10\)/);
  await topic.getByRole("checkbox", { name: /^travel/ }).check();
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^10 of 30/);
  await p.waitForURL(/f\.topic=travel/);
  expect(new URL(p.url()).searchParams.get("facets")).toBe("topic");
  // Values of one key are OR-ed: the others keep their counts and can be added.
  await expect.poll(() => topic.textContent()).toMatch(/cooking\s*\(10\)/);
  await topic.getByRole("checkbox", { name: /^cooking/ }).check();
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^20 of 30/);
  await topic.getByRole("checkbox", { name: /^cooking/ }).uncheck();
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^10 of 30/);
  // Another filter narrows further: a range over a metadata value.
  await p.getByLabel("Key").selectOption("year");
  await p.getByLabel("Condition").selectOption("ge");
  await p.getByRole("button", { name: "Add filter" }).click();
  await expect
    .poll(() => p.locator(".qs-filter-form .q-error").textContent())
    .toMatch(/Enter a value/);
  await p.getByLabel("Value").fill("2021");
  await p.getByRole("button", { name: "Add filter" }).click();
  // travel is every third document (3, 6, …, 30): 2021 and later are 21, 24, 27, 30.
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^4 of 30/);
  await p.getByLabel("Sort by").selectOption("-year");
  await expect
    .poll(() => p.getByTestId("results").locator("h2 a").first().textContent())
    .toMatch(/travel 30/);
  await screenshot(p, "search-console-playground");
  await p.getByRole("button", { name: "Remove filter topic is travel" }).click();
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^10 of 30/);

  // A malformed advanced (FTS5) query: the 400 message inline, the page still usable.
  await p.getByRole("button", { name: "Clear filters" }).click();
  await p.getByLabel("Mode").selectOption("advanced");
  await p.getByRole("searchbox").fill('"unbalanced');
  await expect
    .poll(() => p.getByTestId("search-error").textContent())
    .toMatch(/Invalid search query/);
  await p.getByRole("searchbox").fill("beans AND garlic");
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^10 of 30/);
  expect(await p.getByTestId("search-error").count()).toBe(0);
});

test("a synonym and the tokenizer saved in the settings change what a search finds", async () => {
  const p = browserPage.page;
  await login(p, indexPath);
  await p.getByRole("searchbox").fill("car");
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^0 of 30/);
  expect(await p.locator(".q-empty").textContent()).toMatch(/No document matches “car”/);

  await p.getByRole("link", { name: "Settings" }).click();
  await p.waitForURL(`**${indexPath}/settings`);
  await p.getByLabel(/^Synonyms/).fill("car: automobile");
  await p.getByRole("button", { name: "Save" }).click();
  await expect.poll(() => p.locator(".q-notice").textContent()).toBe("Saved.");

  await p.goto(`${search.url}${indexPath}?q=car`);
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^10 of 30/);
  const marks = await p.getByTestId("results").locator("mark").allTextContents();
  expect(marks.map((m) => m.toLowerCase())).toContain("automobile");

  // The trigram tokenizer finds text inside words; porter (the default) does not.
  await p.goto(`${search.url}${indexPath}?q=ountai`);
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^0 of 30/);
  await p.goto(`${search.url}${indexPath}/settings`);
  expect(await p.getByLabel(/^Tokenizer/).inputValue()).toBe("porter");
  await p.getByLabel(/^Tokenizer/).selectOption("trigram");
  await screenshot(p, "search-console-settings");
  await p.getByRole("button", { name: "Save" }).click();
  await expect.poll(() => p.locator(".q-notice").textContent()).toBe("Saved.");
  await p.goto(`${search.url}${indexPath}?q=ountai`);
  await expect.poll(() => p.getByTestId("result-count").textContent()).toMatch(/^10 of 30/);
  await p.goto(`${search.url}${indexPath}/settings`);
  await p.getByLabel(/^Tokenizer/).selectOption("porter");
  await p.getByRole("button", { name: "Save" }).click();
  await expect.poll(() => p.locator(".q-notice").textContent()).toBe("Saved.");
});

test("the document browser opens, edits (JSON checked inline) and deletes a document", async () => {
  const p = browserPage.page;
  // An attachment through Scout (open: no key exists yet), downloaded from the console with the session.
  const form = new FormData();
  form.set("data", "{}");
  form.append("file", new File(["packing list: boots, map"], "packing list.txt"));
  const attached = await fetch(`${search.url}/scout/documents/doc-30/attachments/`, {
    method: "POST",
    body: form,
  });
  expect(attached.status).toBe(200);
  await login(p, `${indexPath}/documents`);
  expect(await p.getByTestId("documents").locator("tbody tr").count()).toBe(25);
  await p.getByRole("link", { name: "Next →" }).click();
  await p.waitForURL(/page=2/);
  expect(await p.getByTestId("documents").locator("tbody tr").count()).toBe(5);
  await p.getByRole("link", { name: "travel 30" }).click();
  expect(await p.getByTestId("document-content").textContent()).toMatch(/Trip 30/);
  const download = p.getByRole("link", { name: "packing_list.txt" });
  const href = (await download.getAttribute("href"))!;
  const bytes = await p.request.get(`${search.url}${href}`);
  expect(bytes.status()).toBe(200);
  expect(await bytes.text()).toBe("packing list: boots, map");
  expect((await fetch(`${search.url}${href}`)).status).toBe(401);

  const editor = p.getByLabel(/^Metadata \(JSON/);
  await editor.fill('{"topic": "travel", "year": }');
  await expect.poll(() => p.getByTestId("metadata-check").textContent()).toMatch(/Not valid JSON/);
  expect(await p.getByRole("button", { name: "Save metadata" }).isDisabled()).toBe(true);
  await editor.fill('{"topic": "travel", "year": 2030, "rating": 5}');
  await p.getByRole("button", { name: "Save metadata" }).click();
  await expect.poll(() => p.getByRole("status").last().textContent()).toBe("Metadata saved.");
  expect(JSON.parse(await editor.inputValue())).toEqual({
    topic: "travel",
    year: "2030",
    rating: "5",
  });

  await p.getByRole("button", { name: "Delete this document" }).click();
  await screenshot(p, "search-console-document");
  await p.getByRole("button", { name: "Yes, delete doc-30" }).click();
  await p.waitForURL(/documents\?deleted=1/);
  expect(await p.getByRole("status").first().textContent()).toBe("Deleted.");
  expect(await p.locator(".qs-index-header").textContent()).toContain("29 documents");
});

test("a search-only key is shown once, searches through /scout but may not write, and is deleted", async () => {
  const p = browserPage.page;
  await login(p, "/keys");
  await p.getByLabel("Name").fill("e2e search box");
  await p.getByLabel("Scope").selectOption("search");
  await p.getByRole("checkbox", { name: INDEX }).check();
  await p.getByRole("button", { name: "Create key" }).click();
  const shown = p.getByTestId("new-key").locator("code");
  await expect.poll(() => shown.count()).toBe(1);
  const key = (await shown.textContent())!;
  expect(key).toMatch(/^qk_/);
  expect(await p.getByTestId("api-keys").textContent()).toContain("e2e search box");
  await screenshot(p, "search-console-keys");

  const scout = (route: string, init: RequestInit = {}) =>
    fetch(`${search.url}/scout${route}`, { ...init, signal: AbortSignal.timeout(10_000) });
  const found = await scout(`/${INDEX}/?q=beans`, { headers: { key } });
  expect(found.status).toBe(200);
  expect(((await found.json()) as { filtered_count: number }).filtered_count).toBe(10);
  const write = await scout("/documents/", {
    method: "POST",
    headers: { key, "content-type": "application/json" },
    body: JSON.stringify({ content: "not allowed", index: INDEX }),
  });
  expect(write.status).toBe(403);
  expect(await write.json()).toEqual({ error: "This API key may only search." });
  expect((await scout(`/${INDEX}/?q=beans`)).status).toBe(401);

  // Shown once: gone after a reload, only its prefix is listed.
  await p.reload();
  expect(await p.content()).not.toContain(key);
  expect(await p.getByTestId("api-keys").textContent()).toContain(key.slice(0, 9));

  p.once("dialog", (dialog) => void dialog.accept());
  await p.getByRole("button", { name: "Delete the key e2e search box" }).click();
  await expect.poll(() => p.locator(".q-empty").count()).toBe(1);
  expect(await p.locator(".q-empty").textContent()).toMatch(/No API keys/);
});
