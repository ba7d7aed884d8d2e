import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "@quire/db";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { commandHelp, commands } from "../src/commands";
import { readSqlcipher4, runDiary, snapshot, tempDir } from "./helpers";

const PASS = "an 'unusual' passphrase, with spaces";

let t: ReturnType<typeof tempDir>;
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

/** The diary commands for the temp file and passphrase (through the environment). */
function diary(args: string[], options: { input?: string; passphrase?: string; env?: Record<string, string | undefined> } = {}) {
  return runDiary(args, {
    input: options.input,
    env: { QUIRE_DIARY_FILE: t.file, QUIRE_DIARY_PASSPHRASE: options.passphrase ?? PASS, ...options.env },
  });
}

async function ok(args: string[], options: Parameters<typeof diary>[1] = {}) {
  const r = await diary(args, options);
  expect(r.stderr.includes("Error") ? r.stderr : "").toBe("");
  expect(r.code, `quire-diary ${args.join(" ")}: ${r.stderr}`).toBe(0);
  return r;
}

/** Fill the diary in one process: an export file imported (entries with their own dates and tags). */
async function seed(entries: { title?: string; body: string; tags?: string[]; createdAt: string }[]) {
  const file = path.join(t.dir, `seed-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify({ format: "quire-diary", version: 1, entries }));
  await ok(["import", file]);
  fs.rmSync(file);
}

interface JsonEntry {
  id: number;
  title: string | null;
  body: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

async function listJson(args: string[] = []): Promise<JsonEntry[]> {
  const r = await ok(["list", "--json", ...args]);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as JsonEntry);
}

describe("script commands", () => {
  test("add (stdin), list, show: title, tags, newest first", async () => {
    const first = await ok(["add", "--title", "Mill day", "--tag", "Walk", "--tag", "#outdoors,walk"], {
      input: "Walked to the old mill.\nIt rained.\n",
    });
    expect(first.stderr).toBe("saved entry #1\n");
    await ok(["add", "--date", "2026-11-20 08:00"], { input: "An older entry" });

    const list = await ok(["list"]);
    const lines = list.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ +#1 +\d{4}-\d{2}-\d{2} \d{2}:\d{2} +Mill day +#outdoors #walk$/);
    expect(lines[1]).toMatch(/^ +#2 +2026-11-20 08:00 +An older entry$/);

    const show = await ok(["show", "1"]);
    expect(show.stdout).toContain("Mill day\n\nWalked to the old mill.\nIt rained.\n");
    const [entry] = await listJson(["--limit", "1"]);
    expect(entry).toMatchObject({ id: 1, title: "Mill day", body: "Walked to the old mill.\nIt rained.", tags: ["outdoors", "walk"] });
    expect(entry!.createdAt).toBe(entry!.updatedAt);
  });

  test("--passphrase-stdin: the first line is the passphrase, the rest the text", async () => {
    await ok(["add", "--passphrase-stdin"], { passphrase: "", input: `${PASS}\nfrom a script\nsecond line\n` });
    const r = await ok(["show", "1", "--passphrase-stdin"], { passphrase: "", input: `${PASS}\n` });
    expect(r.stdout).toContain("from a script\nsecond line");
    const listed = await ok(["list", "--passphrase-stdin"], { passphrase: "", input: `${PASS}\n` });
    expect(listed.stdout).toContain("from a script");
  });

  test("the passphrase is never a command-line argument", async () => {
    const r = await diary(["list", "--passphrase", PASS]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unknown option '--passphrase'/);
  });

  test("list --since, --limit, --tag", async () => {
    await seed([
      { body: "one", tags: ["a"], createdAt: "2026-01-01T00:00:00Z" },
      { body: "two", tags: ["b"], createdAt: "2026-02-01T00:00:00Z" },
      { body: "three", tags: ["a"], createdAt: "2026-03-01T12:30:00Z" },
    ]);
    expect((await listJson()).map((e) => e.body)).toEqual(["three", "two", "one"]);
    expect((await listJson(["--since", "2026-02-01"])).map((e) => e.body)).toEqual(["three", "two"]);
    expect((await listJson(["--limit", "1"])).map((e) => e.body)).toEqual(["three"]);
    expect((await listJson(["--tag", "a"])).map((e) => e.body)).toEqual(["three", "one"]);
    const bad = await diary(["list", "--since", "2026-02-31"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('quire-diary: --since wants a date like 2026-11-26 or "2026-11-26 21:30", not "2026-02-31" (see: quire-diary list --help)\n');
  });

  test("edit from stdin, title and tags only; delete", async () => {
    await ok(["add", "--title", "Draft", "--tag", "x"], { input: "first version" });
    const before = (await listJson())[0]!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await ok(["edit", "1"], { input: "second version" })).stderr).toBe("updated entry #1\n");
    let after = (await listJson())[0]!;
    expect(after).toMatchObject({ title: "Draft", body: "second version", tags: ["x"], createdAt: before.createdAt });
    expect(after.updatedAt).toBeGreaterThan(before.updatedAt);

    await ok(["edit", "1", "--title", "Final", "--no-tags"]);
    after = (await listJson())[0]!;
    expect(after).toMatchObject({ title: "Final", body: "second version", tags: [] });

    expect((await diary(["edit", "7"], { input: "x" })).stderr).toBe("quire-diary: no entry #7\n");
    expect((await ok(["delete", "1"])).stderr).toBe("deleted entry #1\n");
    const gone = await diary(["show", "1"]);
    expect(gone).toMatchObject({ code: 1, stderr: "quire-diary: no entry #1\n" });
  });

  test("search: FTS5 in the encrypted file, ranked (title counts double), highlighted, stemmed", async () => {
    await seed([
      { title: "Lighthouse", body: "We walked along the cliffs.", createdAt: "2026-04-01T10:00:00Z" },
      { body: "A quiet day. Read about the lighthouse keepers of old.", createdAt: "2026-04-02T10:00:00Z" },
      { body: "Nothing to report.", createdAt: "2026-04-03T10:00:00Z" },
    ]);

    const r = await ok(["search", "lighthouse"]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/#1 .* \[Lighthouse\]$/);
    expect(lines[2]).toMatch(/#2 .* A quiet day\./);
    expect(lines[3]).toContain("about the [lighthouse] keepers");
    expect(r.stderr).toBe("2 matches\n");

    expect((await ok(["search", "walking"])).stdout).toContain("We [walked] along");
    expect((await ok(["search", "light*"])).stdout).toContain("[Lighthouse]");
    expect((await ok(["search", '"quiet day"'])).stdout).toContain("A [quiet day]");
    expect((await ok(["search", "cliffs", "OR", "report"])).stdout.match(/^ +#\d/gm)).toHaveLength(2);
    // Text that would be FTS5 syntax is searched as text, not an error.
    const odd = await ok(["search", "--", 'NEAR(a "b', "AND", "-x:"]);
    expect(odd.stderr).toBe("no matches\n");
    const json = JSON.parse((await ok(["search", "keepers", "--json"])).stdout) as { snippet: string; rank: number };
    expect(json.snippet).toContain("[keepers]");
    expect(typeof json.rank).toBe("number");
  });

  test("export json → import into a new diary gives the same entries; importing again adds nothing", async () => {
    await ok(["add", "--title", "One", "--tag", "t1", "--date", "2026-05-01 10:00"], { input: "first" });
    await ok(["add", "--date", "2026-05-02 11:00"], { input: "second\nwith two lines" });
    const exported = (await ok(["export"])).stdout;
    const data = JSON.parse(exported) as { format: string; entries: { title: string | null; body: string; createdAt: string }[] };
    expect(data.format).toBe("quire-diary");
    expect(data.entries.map((e) => e.body)).toEqual(["first", "second\nwith two lines"]);
    expect(data.entries[0]!.createdAt).toBe("2026-05-01T10:00:00.000Z");

    const exportFile = path.join(t.dir, "export.json");
    fs.writeFileSync(exportFile, exported);
    const other = path.join(t.dir, "other.db");
    const imp = await runDiary(["import", exportFile, "--file", other], { env: { QUIRE_DIARY_PASSPHRASE: "other pass" } });
    expect(imp).toMatchObject({ code: 0, stderr: "imported 2 entries\n" });
    const again = await runDiary(["import", exportFile, "--file", other], { env: { QUIRE_DIARY_PASSPHRASE: "other pass" } });
    expect(again.stderr).toBe("imported 0 entries, skipped 2 already in the diary\n");
    const reexported = await runDiary(["export", "--file", other], { env: { QUIRE_DIARY_PASSPHRASE: "other pass" } });
    const strip = (text: string) => (JSON.parse(text) as { entries: unknown[] }).entries;
    expect(strip(reexported.stdout)).toEqual(strip(exported));

    // Import from stdin after the passphrase line.
    const third = path.join(t.dir, "third.db");
    const piped = await runDiary(["import", "-", "--file", third, "--passphrase-stdin"], { input: `p3\n${exported}` });
    expect(piped).toMatchObject({ code: 0, stderr: "imported 2 entries\n" });

    const bad = await diary(["import", exportFile.replace("export.json", "nope.json")]);
    expect(bad).toMatchObject({ code: 1 });
    fs.writeFileSync(exportFile, JSON.stringify({ format: "quire-diary", version: 1, entries: [{ body: "" }] }));
    const invalid = await diary(["import", exportFile]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^quire-diary: .*export\.json is not a diary export: entries\.0\.body: .*\n$/);
  });

  test("export --format markdown, and --output writes a private file", async () => {
    await ok(["add", "--title", "Hello", "--tag", "greet", "--date", "2026-06-01 09:15"], { input: "Hi there." });
    const md = (await ok(["export", "--format", "markdown"])).stdout;
    expect(md).toContain("# Quire diary\n");
    expect(md).toContain("## 2026-06-01 09:15 · Hello\n\nTags: #greet\n\nHi there.\n");
    const out = path.join(t.dir, "out.md");
    await ok(["export", "--format", "markdown", "--output", out]);
    expect(fs.readFileSync(out, "utf8")).toBe(md.replace(/Exported .*,/, fs.readFileSync(out, "utf8").match(/Exported .*,/)![0]));
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect((await diary(["export", "--format", "pdf"])).code).toBe(1);
  });

  test("stats: count, first/last date, current and longest streak of days", async () => {
    const day = (offset: number) => {
      const d = new Date(Date.now() + offset * 86_400_000);
      return `${d.toISOString().slice(0, 10)} 12:00`;
    };
    await seed([
      ...[-20, -19, -18, -17, -10, -1, 0].map((offset) => ({ body: `day ${offset} entry`, createdAt: `${day(offset).replace(" ", "T")}:00Z` })),
      { body: "again today", tags: ["twice"], createdAt: `${day(0).replace(" ", "T")}:01Z` },
    ]);
    const stats = JSON.parse((await ok(["stats", "--json"])).stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({
      entries: 8,
      words: 7 * 3 + 2,
      daysWritten: 7,
      first: day(-20).slice(0, 10),
      last: day(0).slice(0, 10),
      currentStreak: { days: 2, from: day(-1).slice(0, 10), to: day(0).slice(0, 10) },
      longestStreak: { days: 4, from: day(-20).slice(0, 10), to: day(-17).slice(0, 10) },
      tags: [{ tag: "twice", entries: 1 }],
    });
    const text = (await ok(["stats"])).stdout;
    expect(text).toContain("entries        8\n");
    expect(text).toContain(`longest streak 4 days (${day(-20).slice(0, 10)} → ${day(-17).slice(0, 10)})`);
  });

  test("--help for the program and for each command", async () => {
    const main = await runDiary(["--help"]);
    expect(main.code).toBe(0);
    for (const command of commands) {
      expect(main.stdout).toMatch(new RegExp(`^  ${command.name} +\\S`, "m"));
      const help = commandHelp(command);
      expect(help).toMatch(new RegExp(`^usage: quire-diary ${command.name}\\b`));
      expect(help).toContain("--file PATH");
    }
    expect(commands.map((c) => c.name)).toEqual(["add", "list", "show", "edit", "delete", "search", "export", "import", "rekey", "stats"]);
    const one = await runDiary(["rekey", "--help"]);
    expect(one).toMatchObject({ code: 0, stdout: `${commandHelp(commands.find((c) => c.name === "rekey")!)}\n` });
    expect((await runDiary(["help", "search"])).stdout).toMatch(/^usage: quire-diary search QUERY/);
  });

  test("usage errors: one line, exit 1", async () => {
    for (const args of [["frobnicate"], ["list", "--title", "x"], ["show"], ["show", "abc"], ["list", "--limit", "0"], ["search"]]) {
      const r = await diary(args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
    }
    expect((await diary(["list"])).stderr).toMatch(/^quire-diary: no diary at .*diary\.db yet/);
    // No stdin and no terminal: the menu cannot run.
    expect((await diary([])).stderr).toMatch(/the menu needs a terminal/);
  });
});

describe("the file on disk", () => {
  const TITLE = "Zebra-Crossing-Title-7f3a";
  const BODY = "Saw the porcupine-secret-91c2 near the willow.";
  const TAG = "tagsecret4e1b";

  async function writeDiary() {
    await ok(["add", "--title", TITLE, "--tag", TAG], { input: BODY });
    await seed(Array.from({ length: 20 }, (_, i) => ({ body: `${BODY} #${i}`, createdAt: `2026-01-${String(i + 1).padStart(2, "0")}T08:00:00Z` })));
  }

  test("holds none of the entry text, titles or tags, and is not readable as plain SQLite", async () => {
    await writeDiary();
    for (const name of fs.readdirSync(t.dir)) {
      const bytes = fs.readFileSync(path.join(t.dir, name));
      for (const secret of [TITLE, "porcupine-secret", "willow", TAG, "entries_fts", "CREATE TABLE"]) {
        expect(bytes.includes(secret), `${secret} in ${name}`).toBe(false);
      }
    }
    expect(fs.statSync(t.file).mode & 0o777).toBe(0o600);
    const head = fs.readFileSync(t.file).subarray(0, 16);
    expect(head.toString("latin1")).not.toBe("SQLite format 3\0");
    // SQLite without a key (the cipher build with no key is plain SQLite).
    const plain = new Database(t.file, { readonly: true });
    try {
      expect(() => plain.prepare("SELECT count(*) FROM sqlite_schema").get()).toThrow(/file is not a database/);
    } finally {
      plain.close();
    }
  });

  test("opens with the same passphrase in an independent SQLCipher 4 reader (cipher=sqlcipher, legacy=4)", async () => {
    await writeDiary();
    const rows = readSqlcipher4<{ title: string | null; body: string }>(t.file, PASS, "SELECT title, body FROM entries ORDER BY id");
    expect(rows).toHaveLength(21);
    expect(rows[0]).toEqual({ title: TITLE, body: BODY });
    // And the FTS index is in there too.
    const fts = readSqlcipher4<{ id: number }>(t.file, PASS, "SELECT rowid AS id FROM entries_fts WHERE entries_fts MATCH 'porcupine' LIMIT 1");
    expect(fts).toHaveLength(1);
    // A SQLCipher 3 reader (legacy=3: SHA1, 64 000 rounds) does not open it: it really is version 4.
    const v3 = new Database(t.file, { readonly: true });
    try {
      v3.pragma("cipher = 'sqlcipher'");
      v3.pragma("legacy = 3");
      v3.pragma(`key = '${PASS.replaceAll("'", "''")}'`);
      expect(() => v3.prepare("SELECT count(*) FROM entries").get()).toThrow(/file is not a database/);
    } finally {
      v3.close();
    }
  });

  test("wrong passphrase: one line, exit 2, no stack trace, every file untouched", async () => {
    await writeDiary();
    const before = snapshot(t.dir);
    for (const args of [["list"], ["search", "willow"], ["add"], ["rekey"], ["export"]]) {
      const r = await diary(args, { passphrase: "not it", input: "some text", env: { QUIRE_DIARY_NEW_PASSPHRASE: "x" } });
      expect(r, args.join(" ")).toMatchObject({ code: 2, stdout: "", stderr: "quire-diary: wrong passphrase or not a diary file\n" });
    }
    expect(snapshot(t.dir)).toEqual(before);
  });

  test("a file that is not a diary: clear error, exit 2, file untouched", async () => {
    const garbage = path.join(t.dir, "garbage.db");
    fs.writeFileSync(garbage, Buffer.alloc(16_384, 0x37));
    const plain = path.join(t.dir, "plain.db");
    const p = new Database(plain);
    p.exec("CREATE TABLE notes (x); INSERT INTO notes VALUES ('hello')");
    p.close();
    const other = path.join(t.dir, "other-encrypted.db");
    const q = openDatabase(other, { encryptionKey: PASS });
    q.sqlite.exec("CREATE TABLE posts (id INTEGER PRIMARY KEY)");
    await q.close();

    const before = snapshot(t.dir);
    const run = (file: string) => runDiary(["list", "--file", file], { env: { QUIRE_DIARY_PASSPHRASE: PASS } });
    expect(await run(garbage)).toMatchObject({ code: 2, stderr: "quire-diary: wrong passphrase or not a diary file\n" });
    expect(await run(plain)).toMatchObject({ code: 2, stderr: `quire-diary: ${plain} is an unencrypted SQLite database, not a diary\n` });
    expect(await run(other)).toMatchObject({ code: 2, stderr: `quire-diary: ${other} is an encrypted database, but not a diary\n` });
    // `add` would create a diary, but never over an existing file.
    const add = await runDiary(["add", "--file", other], { env: { QUIRE_DIARY_PASSPHRASE: PASS }, input: "x" });
    expect(add.code).toBe(2);
    expect(snapshot(t.dir)).toEqual(before);
  });

  test("a damaged diary gives a clear error, not a stack trace", async () => {
    await writeDiary();
    // Zero the middle of every page after the first: their HMACs no longer match.
    const bytes = fs.readFileSync(t.file);
    for (let page = 4096; page < bytes.length; page += 4096) bytes.fill(0x00, page + 1024, page + 2048);
    fs.writeFileSync(t.file, bytes);
    const r = await diary(["export"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^quire-diary: the diary file is damaged \(.*\); restore it from a backup\n$/);
  });
});
