#!/usr/bin/env node
// Print "<passed> <failed>" summed over every .vitest-result.json (vitest's JSON reporter).
import fs from "node:fs";
import path from "node:path";

let passed = 0;
let failed = 0;
for (const group of ["apps", "packages", "tooling"]) {
  if (!fs.existsSync(group)) continue;
  for (const name of fs.readdirSync(group)) {
    const file = path.join(group, name, ".vitest-result.json");
    if (!fs.existsSync(file)) continue;
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    // A file that failed to load has no failed test of its own: count it once.
    for (const suite of r.testResults ?? []) {
      if (suite.status === "failed" && !(suite.assertionResults ?? []).some((a) => a.status === "failed")) failed++;
    }
  }
}
console.log(`${passed} ${failed}`);
