#!/usr/bin/env node
// Architecture check, run by `pnpm test:all` (ESLint's no-restricted-imports
// enforces the same rules inside the editor):
//  - nothing depends on or imports an app (apps are leaves);
//  - only app X and @quire/X-api use @quire/X-db (each app owns its SQLite file);
//  - other code reaches app X only through @quire/X-api/client;
//  - no code outside app X names X's database file.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const APPS = ["blog", "search", "analytics", "diary"];
const problems = [];

function packages() {
  const out = [];
  for (const group of ["apps", "packages", "tooling"]) {
    const dir = path.join(root, group);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      const pj = path.join(dir, name, "package.json");
      if (fs.existsSync(pj)) out.push({ dir: path.join(dir, name), group, json: JSON.parse(fs.readFileSync(pj, "utf8")) });
    }
  }
  return out;
}

/** The app a package belongs to: apps/X, or packages/X-db / X-api. */
function ownerOf(pkg) {
  const base = path.basename(pkg.dir);
  if (pkg.group === "apps") return base;
  const m = /^(blog|search|analytics|diary)-(db|api)$/.exec(base);
  return m ? m[1] : null;
}

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", "dist", ".turbo", "drizzle"].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name)) yield full;
  }
}

for (const pkg of packages()) {
  const owner = ownerOf(pkg);
  const deps = { ...pkg.json.dependencies, ...pkg.json.devDependencies };
  for (const dep of Object.keys(deps)) {
    const m = /^@quire\/(blog|search|analytics|diary)(-db|-api)?$/.exec(dep);
    if (!m) continue;
    const [, app, kind] = m;
    if (!kind) problems.push(`${pkg.json.name} depends on the app ${dep}: apps are leaves`);
    else if (kind === "-db" && app !== owner) problems.push(`${pkg.json.name} depends on ${dep}: only the ${app} app opens its database`);
  }
  for (const file of sourceFiles(pkg.dir)) {
    const text = fs.readFileSync(file, "utf8");
    const rel = path.relative(root, file);
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const spec = m[1];
      const q = /^@quire\/(blog|search|analytics|diary)(-db|-api)?(\/.*)?$/.exec(spec);
      if (q) {
        const [, app, kind, sub] = q;
        if (!kind) problems.push(`${rel} imports the app ${spec}`);
        else if (app !== owner && kind === "-db") problems.push(`${rel} imports ${spec}: another app's database`);
        // Cross-app tests may serve a peer in-process from its ./testing entry (its real router).
        else if (app !== owner && kind === "-api" && sub !== "/client" && !(sub === "/testing" && /\.test\.tsx?$/.test(file)))
          problems.push(`${rel} imports ${spec}: use @quire/${app}-api/client`);
      }
      if (spec.startsWith(".") && path.resolve(path.dirname(file), spec).startsWith(path.join(root, "apps") + path.sep) && pkg.group !== "apps") {
        problems.push(`${rel} imports into apps/ (${spec})`);
      }
    }
    for (const app of APPS) {
      if (app !== owner && pkg.group !== "tooling" && new RegExp(`["'\`/]${app}\\.db["'\`]`).test(text)) {
        problems.push(`${rel} names ${app}.db: only the ${app} app opens its file`);
      }
    }
  }
}

if (problems.length) {
  console.error(`Architecture boundaries: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log("Architecture boundaries: ok (apps are leaves; each app's database is its own; cross-app calls use ./client)");
