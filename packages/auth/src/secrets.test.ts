import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterEach, beforeEach, expect, test, vi } from "vitest";

import { verifyPassword } from "./password";
import { loadSecrets, SECRETS_FILE } from "./secrets";
import type { QuireSecrets } from "./secrets";

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-secrets-"));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the first call creates quire-secrets.json, readable only by its owner, and reports the password once", async () => {
  const onGeneratedPassword = vi.fn();
  const dataDir = path.join(dir, "data"); // created on demand
  const secrets = await loadSecrets({ dataDir, onGeneratedPassword });

  const file = path.join(dataDir, SECRETS_FILE);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual(secrets);
  expect(secrets.serviceToken).toMatch(/^[\w-]{43}$/);
  expect(secrets.sessionSecret).toMatch(/^[\w-]{43}$/);
  expect(secrets.serviceToken).not.toBe(secrets.sessionSecret);

  expect(onGeneratedPassword).toHaveBeenCalledTimes(1);
  const [password, reportedFile] = onGeneratedPassword.mock.calls[0] as [string, string];
  expect(reportedFile).toBe(file);
  expect(fs.readFileSync(file, "utf8")).not.toContain(password);
  expect(await verifyPassword(password, secrets.adminPasswordHash)).toBe(true);
  // No temporary files are left behind.
  expect(fs.readdirSync(dataDir)).toEqual([SECRETS_FILE]);
});

test("a second call returns the same secrets and generates no password", async () => {
  const first = await loadSecrets({ dataDir: dir });
  const onGeneratedPassword = vi.fn();
  const second = await loadSecrets({ dataDir: dir, onGeneratedPassword });
  expect(second).toEqual(first);
  expect(onGeneratedPassword).not.toHaveBeenCalled();
});

test("values from the environment win over the file, which keeps its own", async () => {
  const stored = await loadSecrets({ dataDir: dir });
  const onGeneratedPassword = vi.fn();
  const secrets = await loadSecrets({
    dataDir: dir,
    serviceToken: "service-token-from-env-123",
    sessionSecret: "session-secret-from-env-456",
    adminPassword: "password-from-env",
    onGeneratedPassword,
  });
  expect(secrets.serviceToken).toBe("service-token-from-env-123");
  expect(secrets.sessionSecret).toBe("session-secret-from-env-456");
  expect(await verifyPassword("password-from-env", secrets.adminPasswordHash)).toBe(true);
  expect(onGeneratedPassword).not.toHaveBeenCalled();
  expect(JSON.parse(fs.readFileSync(path.join(dir, SECRETS_FILE), "utf8"))).toEqual(stored);
});

test("with QUIRE_ADMIN_PASSWORD set on first start no generated password is announced", async () => {
  const onGeneratedPassword = vi.fn();
  const secrets = await loadSecrets({
    dataDir: dir,
    adminPassword: "chosen-password",
    onGeneratedPassword,
  });
  expect(onGeneratedPassword).not.toHaveBeenCalled();
  expect(await verifyPassword("chosen-password", secrets.adminPasswordHash)).toBe(true);
  expect(fs.existsSync(path.join(dir, SECRETS_FILE))).toBe(true);
});

test("concurrent first calls in one process agree on one file and one password announcement", async () => {
  const onGeneratedPassword = vi.fn();
  const all = await Promise.all(
    Array.from({ length: 8 }, () => loadSecrets({ dataDir: dir, onGeneratedPassword })),
  );
  expect(onGeneratedPassword).toHaveBeenCalledTimes(1);
  for (const s of all) expect(s).toEqual(all[0]);
  expect(fs.readdirSync(dir)).toEqual([SECRETS_FILE]);
  expect(JSON.parse(fs.readFileSync(path.join(dir, SECRETS_FILE), "utf8"))).toEqual(all[0]);
  const [password] = onGeneratedPassword.mock.calls[0] as [string];
  expect(await verifyPassword(password, all[0]!.adminPasswordHash)).toBe(true);
});

/**
 * Compile password.ts and secrets.ts with the package's own TypeScript into
 * plain ES modules, so child processes run the real code without a loader.
 */
function compileForChildren(out: string) {
  const srcDir = path.dirname(fileURLToPath(import.meta.url));
  for (const name of ["password", "secrets"]) {
    const source = fs.readFileSync(path.join(srcDir, `${name}.ts`), "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    fs.writeFileSync(
      path.join(out, `${name}.mjs`),
      outputText.replace(/from "\.\/password"/g, 'from "./password.mjs"'),
    );
  }
  // Each child waits for the "go" file, so all of them race for the first creation.
  fs.writeFileSync(
    path.join(out, "child.mjs"),
    `import fs from "node:fs";
import { loadSecrets } from "./secrets.mjs";
const [dataDir, go] = process.argv.slice(2);
process.stdout.write("ready\\n");
while (!fs.existsSync(go)) await new Promise((r) => setTimeout(r, 2));
let generated = null;
const secrets = await loadSecrets({ dataDir, onGeneratedPassword: (password) => { generated = password; } });
process.stdout.write(JSON.stringify({ secrets, generated }) + "\\n");
`,
  );
}

interface ChildResult {
  secrets: QuireSecrets;
  generated: string | null;
}

test("several processes starting at once create one file and all read the same secrets", async () => {
  const bin = path.join(dir, "bin");
  const dataDir = path.join(dir, "data");
  const go = path.join(dir, "go");
  fs.mkdirSync(bin);
  compileForChildren(bin);

  const children = Array.from({ length: 6 }, () => {
    const child = spawn(process.execPath, [path.join(bin, "child.mjs"), dataDir, go], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let markReady = () => undefined as void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith("ready\n")) markReady();
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const done = new Promise<ChildResult>((resolve, reject) =>
      child.on("close", (code) =>
        code === 0
          ? resolve(JSON.parse(stdout.split("\n")[1]!) as ChildResult)
          : reject(new Error(`child exited ${code}: ${stderr}`)),
      ),
    );
    return { ready, done };
  });
  await Promise.all(children.map((c) => c.ready));
  fs.writeFileSync(go, "");
  const results = await Promise.all(children.map((c) => c.done));

  const announced = results.filter((r) => r.generated !== null);
  expect(announced).toHaveLength(1);
  for (const r of results) expect(r.secrets).toEqual(results[0]!.secrets);
  expect(fs.readdirSync(dataDir)).toEqual([SECRETS_FILE]);
  expect(JSON.parse(fs.readFileSync(path.join(dataDir, SECRETS_FILE), "utf8"))).toEqual(
    results[0]!.secrets,
  );
  expect(
    await verifyPassword(announced[0]!.generated!, results[0]!.secrets.adminPasswordHash),
  ).toBe(true);
}, 60_000);

test("a damaged secrets file is a clear error naming the file, not silently replaced", async () => {
  const file = path.join(dir, SECRETS_FILE);
  for (const content of [
    "{not json",
    "{}",
    JSON.stringify({ serviceToken: "x", sessionSecret: "y" }),
    "",
  ]) {
    fs.writeFileSync(file, content);
    await expect(loadSecrets({ dataDir: dir })).rejects.toThrow(`${file} is unreadable or damaged`);
    await expect(loadSecrets({ dataDir: dir })).rejects.toThrow(/delete it to create new secrets/);
    expect(fs.readFileSync(file, "utf8")).toBe(content);
  }
});

test("with QUIRE_ADMIN_PASSWORD every app derives the same hash, so a login holds across apps", async () => {
  const options = { dataDir: dir, adminPassword: "shared-password" };
  const [blog, search] = await Promise.all([loadSecrets(options), loadSecrets(options)]);
  expect(search.adminPasswordHash).toBe(blog.adminPasswordHash);
  expect(await verifyPassword("shared-password", blog.adminPasswordHash)).toBe(true);
  // The salt comes from the session secret: another installation gets another hash.
  const other = await loadSecrets({ ...options, sessionSecret: "another-session-secret-0123" });
  expect(other.adminPasswordHash).not.toBe(blog.adminPasswordHash);
  expect(await verifyPassword("shared-password", other.adminPasswordHash)).toBe(true);
});
