#!/usr/bin/env node
// `pnpm dev` / `pnpm start`: run the three apps together, each on its own port,
// and print their URLs once all three answer /api/health.
// `start` builds first (turbo caches the build, so a second start is quick).
import { spawn, spawnSync } from "node:child_process";

const mode = process.argv[2] === "start" ? "start" : "dev";
const apps = [
  { name: "blog", url: process.env.BLOG_URL ?? "http://localhost:3000", color: 35 },
  { name: "search", url: process.env.SEARCH_URL ?? "http://localhost:3001", color: 36 },
  { name: "analytics", url: process.env.ANALYTICS_URL ?? "http://localhost:3002", color: 33 },
];

if (mode === "start") {
  const build = spawnSync("pnpm", ["exec", "turbo", "run", "build", "--filter=./apps/*", "--output-logs=errors-only"], {
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = apps.map((app) => {
  const port = new URL(app.url).port || "80";
  const child = spawn("pnpm", ["--filter", `@quire/${app.name}`, "run", mode], {
    env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env, PORT: port },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const prefix = `\x1b[${app.color}m${app.name.padEnd(9)}\x1b[0m| `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) process.stdout.write(prefix + line + "\n");
    });
  }
  child.on("exit", (code) => {
    console.log(`${prefix}exited with code ${code}`);
    stop(code ?? 1);
  });
  return child;
});

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  setTimeout(() => process.exit(code), 500);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

async function waitHealthy(app) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

const ready = await Promise.all(apps.map(waitHealthy));
if (ready.every(Boolean)) {
  console.log("\nQuire is running:");
  for (const app of apps) console.log(`  ${app.name.padEnd(10)} ${app.url}`);
  console.log("Admin pages: log in once (same password for all three). Ctrl-C stops everything.\n");
}
