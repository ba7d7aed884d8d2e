import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { afterEach, beforeEach, expect, test } from "vitest";

import { findRepoRoot, parseEnv, resolveDataLocation, sharedEnvShape } from "./index";

const APPS = ["blog", "search", "analytics"] as const;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "quire-env-")));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test("an empty environment gets the documented defaults", () => {
  const env = parseEnv("blog", sharedEnvShape, {});
  expect(env).toEqual({
    NODE_ENV: "development",
    QUIRE_SEED_DEMO: "1",
    QUIRE_TRUST_PROXY: "0",
    BLOG_URL: "http://localhost:3000",
    SEARCH_URL: "http://localhost:3001",
    ANALYTICS_URL: "http://localhost:3002",
  });
});

test("empty strings count as unset (defaults apply, optionals stay undefined)", () => {
  const env = parseEnv("blog", sharedEnvShape, {
    QUIRE_DATA_DIR: "",
    QUIRE_SERVICE_TOKEN: "",
    QUIRE_ADMIN_PASSWORD: "",
    QUIRE_SEED_DEMO: "",
    SEARCH_URL: "",
  });
  expect(env.QUIRE_DATA_DIR).toBeUndefined();
  expect(env.QUIRE_SERVICE_TOKEN).toBeUndefined();
  expect(env.QUIRE_ADMIN_PASSWORD).toBeUndefined();
  expect(env.QUIRE_SEED_DEMO).toBe("1");
  expect(env.SEARCH_URL).toBe("http://localhost:3001");
});

test("given values are kept and extra app variables are validated too", () => {
  const env = parseEnv(
    "search",
    { ...sharedEnvShape, SEARCH_DATABASE_PATH: z.string().optional() },
    {
      NODE_ENV: "production",
      QUIRE_DATA_DIR: "/srv/quire",
      QUIRE_SEED_DEMO: "0",
      QUIRE_SERVICE_TOKEN: "a-long-enough-token",
      SEARCH_URL: "https://search.example",
      SEARCH_DATABASE_PATH: "/srv/search.sqlite",
      UNRELATED: "ignored",
    },
  );
  expect(env).toMatchObject({
    NODE_ENV: "production",
    QUIRE_DATA_DIR: "/srv/quire",
    QUIRE_SEED_DEMO: "0",
    QUIRE_SERVICE_TOKEN: "a-long-enough-token",
    SEARCH_URL: "https://search.example",
    SEARCH_DATABASE_PATH: "/srv/search.sqlite",
  });
  expect(env).not.toHaveProperty("UNRELATED");
});

test("bad values give one error that lists every bad variable, without echoing secrets", () => {
  let error: unknown;
  try {
    parseEnv("analytics", sharedEnvShape, {
      BLOG_URL: "not a url",
      SEARCH_URL: "ftp://files.example",
      QUIRE_SERVICE_TOKEN: "short-secret",
      QUIRE_ADMIN_PASSWORD: "pw1",
      QUIRE_SEED_DEMO: "yes",
      ANALYTICS_URL: "http://localhost:3002",
    });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message.split("\n")[0]).toBe("Invalid environment for analytics:");
  for (const name of [
    "BLOG_URL",
    "SEARCH_URL",
    "QUIRE_SERVICE_TOKEN",
    "QUIRE_ADMIN_PASSWORD",
    "QUIRE_SEED_DEMO",
  ]) {
    expect(message).toMatch(new RegExp(`^  ${name}: `, "m"));
  }
  expect(message).not.toMatch(/ANALYTICS_URL/);
  expect(message).toContain("QUIRE_SERVICE_TOKEN: must be at least 16 characters");
  expect(message).not.toContain("short-secret");
  expect(message).not.toContain("pw1");
});

test("findRepoRoot walks up to the directory holding pnpm-workspace.yaml", () => {
  expect(findRepoRoot()).toBe(repoRoot);
  expect(findRepoRoot(path.join(repoRoot, "packages", "env", "src"))).toBe(repoRoot);

  fs.writeFileSync(path.join(dir, "pnpm-workspace.yaml"), "packages: []\n");
  const deep = path.join(dir, "apps", "blog", ".next");
  fs.mkdirSync(deep, { recursive: true });
  expect(findRepoRoot(deep)).toBe(dir);
});

test("findRepoRoot outside any workspace falls back to the start directory", () => {
  const lonely = path.join(dir, "lonely");
  fs.mkdirSync(lonely);
  // Only meaningful when no ancestor of the temp dir is a workspace.
  if (findRepoRoot(path.dirname(dir)) === path.dirname(dir))
    expect(findRepoRoot(lonely)).toBe(lonely);
  expect(findRepoRoot(path.relative(process.cwd(), lonely))).toBe(findRepoRoot(lonely));
});

test("by default an app's database is <repo>/data/<app>.db, created on demand", () => {
  for (const app of APPS) {
    expect(resolveDataLocation(app, {})).toEqual({
      dataDir: path.join(repoRoot, "data"),
      databasePath: path.join(repoRoot, "data", `${app}.db`),
      explicit: false,
    });
  }
  expect(
    resolveDataLocation("analytics", { QUIRE_DATA_DIR: undefined, databasePath: undefined }),
  ).toEqual(resolveDataLocation("analytics", {}));
});

test("QUIRE_DATA_DIR names the directory explicitly (resolved to an absolute path)", () => {
  for (const app of APPS) {
    expect(resolveDataLocation(app, { QUIRE_DATA_DIR: dir })).toEqual({
      dataDir: dir,
      databasePath: path.join(dir, `${app}.db`),
      explicit: true,
    });
  }
  const relative = resolveDataLocation("search", { QUIRE_DATA_DIR: "some/where" });
  expect(relative.dataDir).toBe(path.resolve("some/where"));
  expect(path.dirname(relative.databasePath)).toBe(path.resolve("some/where"));
});

test("an app's DATABASE_PATH names the file explicitly; secrets stay in the data dir", () => {
  const file = path.join(dir, "elsewhere", "my-blog.sqlite");
  expect(resolveDataLocation("blog", { databasePath: file })).toEqual({
    dataDir: path.join(repoRoot, "data"),
    databasePath: file,
    explicit: true,
  });
  expect(
    resolveDataLocation("blog", { QUIRE_DATA_DIR: dir, databasePath: "rel/blog.sqlite" }),
  ).toEqual({
    dataDir: dir,
    databasePath: path.resolve("rel/blog.sqlite"),
    explicit: true,
  });
});
