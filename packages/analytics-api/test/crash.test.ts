/**
 * Crash safety: the collection server is killed with SIGKILL in the middle of
 * a load; after a restart every event that had been acknowledged (202) is in
 * the database, the file passes integrity_check, and ingestion goes on.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { openAnalyticsDatabase } from "@quire/analytics-db";
import { afterAll, expect, test } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-analytics-crash-"));
const file = path.join(dir, "analytics.db");
const UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

function start(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "../bench/collect-server.ts"), file, "crash.example"], {
      stdio: ["ignore", "pipe", "inherit"],
      cwd: path.join(here, ".."),
    });
    children.push(child);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      const m = /ready (\d+)/.exec(chunk.toString());
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
  });
}

function send(url: string, i: number): Promise<number> {
  return fetch(`${url}/api/event`, {
    method: "POST",
    headers: { "content-type": "text/plain", "user-agent": UA, "x-forwarded-for": `10.9.${(i >> 8) & 255}.${i & 255}` },
    body: JSON.stringify({ n: "pageview", u: `https://crash.example/p/${i}`, d: "crash.example" }),
  }).then(
    (res) => res.status,
    () => 0, // the server died under this request
  );
}

test("every acknowledged event survives SIGKILL during load", async () => {
  const { child, url } = await start();
  const acknowledged: number[] = [];
  let next = 0;
  let stop = false;
  // 32 clients sending as fast as they can until the kill.
  const clients = Array.from({ length: 32 }, async () => {
    while (!stop) {
      const i = next++;
      if ((await send(url, i)) === 202) acknowledged.push(i);
    }
  });
  // Kill mid-load: after 1.5 s and at least 600 acknowledgements (a busy machine starts slowly), or after 15 s.
  const t0 = Date.now();
  while (Date.now() - t0 < 15_000 && (Date.now() - t0 < 1500 || acknowledged.length < 600)) await new Promise((r) => setTimeout(r, 50));
  child.kill("SIGKILL");
  stop = true;
  await Promise.all(clients);
  expect(acknowledged.length).toBeGreaterThan(500);

  const quire = openAnalyticsDatabase(file);
  try {
    expect(quire.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    const stored = new Set(
      (quire.sqlite.prepare("SELECT s.value FROM events e JOIN strings s ON s.id = e.path").pluck().all() as string[]).map((p) => Number(p.slice(3))),
    );
    const missing = acknowledged.filter((i) => !stored.has(i));
    expect(missing).toEqual([]);
    // Nothing half-written: every event has its visit, the rollups agree with the raw events.
    expect(quire.sqlite.prepare("SELECT count(*) FROM events e LEFT JOIN visits v ON v.id = e.visit_id WHERE v.id IS NULL").pluck().get()).toBe(0);
    expect(quire.sqlite.prepare("SELECT sum(pageviews) FROM rollup_daily WHERE dim = 0").pluck().get()).toBe(stored.size);
  } finally {
    await quire.close();
  }

  // The restarted server goes on from the committed state.
  const again = await start();
  expect(await send(again.url, 1_000_000)).toBe(202);
  again.child.kill("SIGTERM");
}, 60_000);
