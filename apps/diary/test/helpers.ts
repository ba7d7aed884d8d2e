import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
// The package aliases `better-sqlite3` to better-sqlite3-multiple-ciphers (SQLite3MultipleCiphers).
import Database from "better-sqlite3";

export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BIN = path.join(packageDir, "bin", "quire-diary.mjs");
export const FAKE_EDITOR = path.join(packageDir, "test", "fake-editor.mjs");

/** A temp directory per test, removed by the returned cleanup. */
export function tempDir(): { dir: string; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-diary-test-"));
  return { dir, file: path.join(dir, "diary.db"), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of a child: none of the caller's diary settings or editors; UTC; no colour. */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: "UTC", NO_COLOR: "1" };
  for (const key of Object.keys(env)) {
    if (key.startsWith("QUIRE_DIARY_") || key === "EDITOR" || key === "VISUAL" || key.startsWith("npm_")) delete env[key];
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the program as scripts do: arguments, environment, standard input; no terminal. */
export function runDiary(args: string[], options: { env?: Record<string, string | undefined>; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** SHA-256 of every file in a directory: "untouched" means this is the same before and after. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((name) => [name, createHash("sha256").update(fs.readFileSync(path.join(dir, name))).digest("hex")]),
  );
}

/**
 * An independent SQLCipher 4 reader: SQLite3MultipleCiphers told explicitly
 * to use the SQLCipher scheme with version-4 settings, key given as SQL
 * (not through @quire/db). Returns what `query` selects.
 */
export function readSqlcipher4<T>(file: string, passphrase: string, query: string): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma("legacy = 4");
    db.pragma(`key = '${passphrase.replaceAll("'", "''")}'`);
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u0007/g;

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * The program on a real pseudo-terminal: util-linux `script` allocates one,
 * runs the command on it and relays our writes to it as keystrokes (so raw
 * mode, echo and Ctrl-D behave as in a terminal emulator).
 */
export class Pty {
  private raw = "";
  private cursor = 0;
  private waiters: (() => void)[] = [];
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;

  constructor(command: string, env: NodeJS.ProcessEnv) {
    this.child = spawn("script", ["-qfec", command, "/dev/null"], { env, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.setEncoding("utf8").on("data", (c: string) => {
      this.raw += c;
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.child.stderr.setEncoding("utf8").on("data", (c: string) => (this.raw += c));
    this.exited = new Promise((resolve) => this.child.on("close", (code) => resolve(code)));
  }

  /** `quire-diary ARGS` on a terminal. */
  static diary(args: string[], env: Record<string, string | undefined> = {}): Pty {
    return new Pty([process.execPath, BIN, ...args].map(shellQuote).join(" "), childEnv(env));
  }

  /** A shell command line on a terminal (e.g. a pipe into the program). */
  static shell(commandLine: string, env: Record<string, string | undefined> = {}): Pty {
    return new Pty(commandLine, childEnv(env));
  }

  /** Everything shown so far, without colours and carriage returns. */
  get text(): string {
    return this.raw.replace(ANSI, "").replaceAll("\r", "");
  }

  /** Everything the program wrote, bytes as sent (for the no-echo check). */
  get rawOutput(): string {
    return this.raw;
  }

  /** Wait until `pattern` appears after what earlier waits consumed; returns the text up to it. */
  async waitFor(pattern: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.text;
      const rest = text.slice(this.cursor);
      const m = typeof pattern === "string" ? (rest.includes(pattern) ? { index: rest.indexOf(pattern), 0: pattern } : null) : pattern.exec(rest);
      if (m) {
        const end = this.cursor + m.index + m[0].length;
        const seen = text.slice(this.cursor, end);
        this.cursor = end;
        return seen;
      }
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`timed out waiting for ${String(pattern)}; the terminal shows:\n${text}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Type keys (\r is Enter, \u0004 Ctrl-D, \u0003 Ctrl-C). */
  type(keys: string) {
    this.child.stdin.write(keys);
  }

  async exit(): Promise<number | null> {
    const code = await this.exited;
    this.child.stdin.end();
    return code;
  }

  kill() {
    this.child.kill("SIGKILL");
  }
}
