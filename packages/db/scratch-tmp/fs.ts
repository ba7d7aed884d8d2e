import Database from "better-sqlite3";
import fs from "node:fs"; import os from "node:os"; import path from "node:path";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fs-"));
for (const sync of ["NORMAL", "FULL"]) {
  const db = new Database(path.join(dir, sync + ".db"));
  db.pragma("journal_mode = WAL"); db.pragma(`synchronous = ${sync}`);
  db.exec("CREATE TABLE t (x)");
  const ins = db.prepare("INSERT INTO t VALUES (?)");
  const b = db.prepare("BEGIN IMMEDIATE"), c = db.prepare("COMMIT");
  const n = 2000; const t0 = performance.now();
  for (let i = 0; i < n; i++) { b.run(); ins.run(i); c.run(); }
  const ms = performance.now() - t0;
  console.log(sync, (ms / n).toFixed(3), "ms/txn");
}
fs.rmSync(dir, { recursive: true });
