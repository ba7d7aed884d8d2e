import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), mean };
}

/** Time `fn` once per item, after one untimed pass (warm caches, JIT). */
export function timeEach<T>(items: readonly T[], fn: (item: T) => unknown): number[] {
  for (const item of items) fn(item);
  return items.map((item) => {
    const started = performance.now();
    fn(item);
    return performance.now() - started;
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** GET over a kept-alive connection; resolves with the status and the time until the whole body arrived. */
export function timedGet(
  port: number,
  path: string,
): Promise<{ status: number; ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** Sequential requests (one client, as a person typing), after one untimed pass. */
export async function timeRequests(port: number, paths: readonly string[]): Promise<number[]> {
  for (const path of paths) {
    const r = await timedGet(port, path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
  }
  const out: number[] = [];
  for (const path of paths) out.push((await timedGet(port, path)).ms);
  return out;
}

/** Start bench/lib/http-server.ts on a database file in its own process; resolves with its port. */
export function startServer(file: string): Promise<{ port: number; child: ChildProcess }> {
  const script = fileURLToPath(new URL("./http-server.ts", import.meta.url));
  const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
  const child = spawn(tsx, [script, file], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ port: (JSON.parse(line) as { port: number }).port, child });
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code})`)));
  });
}

export function stopServer(child: ChildProcess): Promise<void> {
  agent.destroy();
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Heap in use after a full garbage collection, bytes. */
export function heapUsed(): number {
  v8.setFlagsFromString("--expose_gc");
  const gc = vm.runInNewContext("gc") as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
