import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type AppName = "blog" | "search" | "analytics";

export const APP_NAMES: readonly AppName[] = ["blog", "search", "analytics"];

/** The monorepo root, found from this file so the harness works from any cwd. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

/**
 * An app's output, bounded: the head (where start-up errors are) and the most
 * recent tail. A broken app can print the same stack trace on every request.
 */
export class LogBuffer {
  private head = "";
  private tail = "";
  private dropped = false;

  constructor(
    private readonly headLimit = 32 * 1024,
    private readonly tailLimit = 224 * 1024,
  ) {}

  append(text: string): void {
    if (this.head.length < this.headLimit) {
      const room = this.headLimit - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    this.tail += text;
    if (this.tail.length > this.tailLimit) {
      this.tail = this.tail.slice(-this.tailLimit);
      this.dropped = true;
    }
  }

  /** The whole log, or its head and tail around a marker once it outgrew the limits. */
  toString(): string {
    return this.head + (this.dropped ? "\n[… log truncated …]\n" : "") + this.tail;
  }

  /** A short excerpt for an error message: the first and the last few lines' worth. */
  excerpt(chars = 3000): string {
    const text = this.toString();
    if (text.length <= 2 * chars) return text || "(empty)";
    return `${text.slice(0, chars)}\n[… ${text.length - 2 * chars} characters …]\n${text.slice(-chars)}`;
  }
}

/** Every process group this worker started, killed on exit so no server outlives a crashed run. */
const liveGroups = new Set<number>();
process.once("exit", () => {
  for (const pid of liveGroups) killGroup(pid, "SIGKILL");
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * `count` distinct free TCP ports on 127.0.0.1 (all held open together, so
 * they differ, then released for the apps to bind).
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Where an app lives, after checking that it has been built. */
export function builtAppDir(app: AppName): string {
  const dir = path.join(REPO_ROOT, "apps", app);
  if (!fs.existsSync(path.join(dir, ".next", "BUILD_ID"))) {
    throw new Error(
      `@quire/${app} is not built (${path.join(dir, ".next", "BUILD_ID")} is missing). ` +
        "Run `pnpm build` at the repository root first, then run the end-to-end tests again.",
    );
  }
  return dir;
}

export interface SpawnAppOptions {
  app: AppName;
  port: number;
  /** Variables for the app; the harness's own QUIRE_* / *_URL / *_DATABASE_PATH values are not inherited. */
  env: Record<string, string>;
  healthTimeoutMs?: number;
}

/** One running app server (`next start`, or the app's `server.mjs`) process group. */
export interface RunningApp {
  app: AppName;
  port: number;
  url: string;
  pid: number;
  /** What the app printed so far, stdout and stderr interleaved (the first 32 KiB and the last 224 KiB). */
  log(): string;
  /** SIGTERM the whole process group, SIGKILL it if it has not exited after 5 s. */
  stop(): Promise<void>;
}

/** The parent's environment minus anything that would point an app at the wrong data or peer. */
function baseEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (
      /^(QUIRE_|VITEST|PORT$|NODE_ENV$|NODE_OPTIONS$|(BLOG|SEARCH|ANALYTICS)_(URL|DATABASE_PATH)$)/.test(
        key,
      )
    )
      continue;
    out[key] = value;
  }
  return out;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `exited with ${child.exitCode ?? child.signalCode} before answering /api/health`,
      );
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      const body = (await res.json().catch(() => null)) as { ok?: unknown } | null;
      if (res.ok && body?.ok === true) return;
      last = `HTTP ${res.status} ${JSON.stringify(body)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no healthy /api/health within ${timeoutMs / 1000} s (last: ${last})`);
}

/**
 * Start one built app (`next start`, or its `server.mjs` custom server when it has one) in its own process group and wait
 * until its /api/health answers `{ ok: true }`. On failure the error carries
 * the app's log, and the process group is gone.
 *
 * @example
 * const blog = await spawnQuireApp({ app: "blog", port: 4000, env: { QUIRE_DATA_DIR: dir } });
 * await blog.stop();
 */
export async function spawnQuireApp(options: SpawnAppOptions): Promise<RunningApp> {
  const cwd = builtAppDir(options.app);
  const url = `http://localhost:${options.port}`;
  // Run Next's CLI (or the app's own custom server, which `pnpm start` runs too) directly with
  // this Node: no pnpm/sh wrapper between us and the server.
  const customServer = path.join(cwd, "server.mjs");
  const entry = fs.existsSync(customServer)
    ? [customServer]
    : [path.join(cwd, "node_modules/next/dist/bin/next"), "start"];
  const child = spawn(
    process.execPath,
    [...entry, "-p", String(options.port)],
    {
      cwd,
      env: { ...baseEnv(), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.app}`);
  liveGroups.add(pid);

  const log = new LogBuffer();
  const append = (chunk: Buffer) => log.append(chunk.toString("utf8"));
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => liveGroups.delete(pid));

  const running: RunningApp = {
    app: options.app,
    port: options.port,
    url,
    pid,
    log: () => log.toString(),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(pid, "SIGTERM");
      const timer = setTimeout(() => killGroup(pid, "SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      // Next may have left workers in the group; make sure none survive.
      killGroup(pid, "SIGKILL");
    },
  };

  try {
    await waitHealthy(url, child, options.healthTimeoutMs ?? HEALTH_TIMEOUT_MS);
  } catch (error) {
    await running.stop();
    throw new Error(
      `${options.app} on ${url} ${(error as Error).message}\n--- ${options.app} log ---\n${log.excerpt()}`,
    );
  }
  return running;
}

export interface StartQuireOptions {
  /** The admin password (QUIRE_ADMIN_PASSWORD); a random one by default. */
  password?: string;
  /** QUIRE_SEED_DEMO; true by default. */
  seedDemo?: boolean;
  /** Extra variables for all three apps. */
  env?: Record<string, string>;
  healthTimeoutMs?: number;
}

export interface QuirePlatform {
  urls: Record<AppName, string>;
  ports: Record<AppName, number>;
  /** The fresh data directory holding the three databases and quire-secrets.json. */
  dataDir: string;
  password: string;
  /** Each app's output so far (also for apps that have been stopped). */
  readonly logs: Record<AppName, string>;
  /** Stop one app (its port stays reserved for {@link QuirePlatform.startApp}). */
  stopApp(app: AppName): Promise<void>;
  /** Start a stopped app again on the same port and data directory. */
  startApp(app: AppName): Promise<void>;
  /** Stop all apps and delete the data directory (kept when QUIRE_E2E_KEEP=1). */
  stop(): Promise<void>;
}

/**
 * Start blog, search and analytics from their production builds, on free
 * ports, over a fresh data directory, all on `localhost` so one login cookie
 * serves the three apps.
 *
 * @example
 * const quire = await startQuire();
 * const res = await fetch(`${quire.urls.blog}/api/health`);
 * await quire.stop();
 */
export async function startQuire(options: StartQuireOptions = {}): Promise<QuirePlatform> {
  for (const app of APP_NAMES) builtAppDir(app);
  const [blogPort, searchPort, analyticsPort] = await findFreePorts(3);
  const ports: Record<AppName, number> = {
    blog: blogPort!,
    search: searchPort!,
    analytics: analyticsPort!,
  };
  const urls = {
    blog: `http://localhost:${ports.blog}`,
    search: `http://localhost:${ports.search}`,
    analytics: `http://localhost:${ports.analytics}`,
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "quire-e2e-"));
  const password = options.password ?? `e2e-${randomBytes(9).toString("base64url")}`;
  const env: Record<string, string> = {
    QUIRE_DATA_DIR: dataDir,
    QUIRE_SEED_DEMO: options.seedDemo === false ? "0" : "1",
    QUIRE_ADMIN_PASSWORD: password,
    BLOG_URL: urls.blog,
    SEARCH_URL: urls.search,
    ANALYTICS_URL: urls.analytics,
    ...options.env,
  };

  const running = new Map<AppName, RunningApp>();
  const pastLogs: Record<AppName, string> = { blog: "", search: "", analytics: "" };

  async function startApp(app: AppName): Promise<void> {
    if (running.has(app)) throw new Error(`${app} is already running`);
    const started = await spawnQuireApp({
      app,
      port: ports[app],
      env,
      healthTimeoutMs: options.healthTimeoutMs,
    });
    running.set(app, started);
  }

  async function stopApp(app: AppName): Promise<void> {
    const instance = running.get(app);
    if (!instance) return;
    await instance.stop();
    pastLogs[app] += instance.log();
    running.delete(app);
  }

  const platform: QuirePlatform = {
    urls,
    ports,
    dataDir,
    password,
    get logs() {
      const out = { ...pastLogs };
      for (const [app, r] of running) out[app] += r.log();
      return out;
    },
    startApp,
    stopApp,
    async stop() {
      await Promise.all(APP_NAMES.map(stopApp));
      if (process.env.QUIRE_E2E_KEEP === "1") {
        console.log(`[e2e] kept data directory ${dataDir}`);
      } else {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };

  try {
    // Started together: the secrets file is created atomically by whichever app comes first.
    const results = await Promise.allSettled(APP_NAMES.map(startApp));
    const failures = results.flatMap((r) =>
      r.status === "rejected" ? [(r.reason as Error).message] : [],
    );
    if (failures.length > 0) throw new Error(`Quire did not start:\n${failures.join("\n\n")}`);
  } catch (error) {
    await platform.stop();
    throw error;
  }
  return platform;
}
