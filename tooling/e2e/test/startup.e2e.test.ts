import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, expect, test } from "vitest";

import { findFreePorts, spawnQuireApp } from "../src/harness";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-e2e-startup-"));
  dirs.push(dir);
  return dir;
}

/** Start the built blog with this env; it must exit (never serve) and say why. */
async function expectRefusedStart(env: Record<string, string>): Promise<string> {
  const [port] = await findFreePorts(1);
  const error = await spawnQuireApp({ app: "blog", port: port!, env, healthTimeoutMs: 30_000 }).then(
    async (app) => {
      await app.stop();
      return null;
    },
    (e: unknown) => e as Error,
  );
  expect(error, "the app started although its start-up should fail").not.toBeNull();
  return error!.message;
}

test("a corrupt database file stops the app at start with one message naming the file", async () => {
  const dir = tempDir();
  const file = path.join(dir, "blog.db");
  fs.writeFileSync(file, Buffer.alloc(8192, 0x5a));
  const before = fs.readFileSync(file);
  const message = await expectRefusedStart({ QUIRE_DATA_DIR: dir, QUIRE_ADMIN_PASSWORD: "e2e-password" });
  expect(message).toContain(`Cannot open database ${file}`);
  expect(message).toContain("not a SQLite database or is corrupt");
  // Never touched, never overwritten.
  expect(fs.readFileSync(file).equals(before)).toBe(true);
});

test("a data directory that does not exist stops the app with a message naming it", async () => {
  const missing = path.join(tempDir(), "no", "such", "dir");
  const message = await expectRefusedStart({ QUIRE_DATA_DIR: missing, QUIRE_ADMIN_PASSWORD: "e2e-password" });
  expect(message).toContain(`its directory ${missing} does not exist`);
  expect(fs.existsSync(missing)).toBe(false);
});

test("an invalid environment variable stops the app with a message naming the variable", async () => {
  const message = await expectRefusedStart({ QUIRE_DATA_DIR: tempDir(), QUIRE_ADMIN_PASSWORD: "short" });
  expect(message).toContain("Invalid environment for blog");
  expect(message).toContain("QUIRE_ADMIN_PASSWORD: must be at least 8 characters");
});
