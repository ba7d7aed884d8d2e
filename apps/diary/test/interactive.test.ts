import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { BIN, FAKE_EDITOR, Pty, runDiary, tempDir } from "./helpers";

const PASS = "pty passphrase 42";
const ENTER = "\r";
const CTRL_C = "\u0003";
const CTRL_D = "\u0004";

let t: ReturnType<typeof tempDir>;
const ptys: Pty[] = [];
beforeEach(() => {
  t = tempDir();
});
afterEach(() => {
  for (const p of ptys.splice(0)) p.kill();
  t.cleanup();
});

function diaryPty(args: string[] = [], env: Record<string, string | undefined> = {}) {
  const p = Pty.diary(["--file", t.file, ...args], env);
  ptys.push(p);
  return p;
}

async function listJson(passphrase = PASS) {
  const r = await runDiary(["list", "--json", "--file", t.file], { env: { QUIRE_DIARY_PASSPHRASE: passphrase } });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: number; title: string | null; body: string; tags: string[] });
}

async function seed(bodies: string[]) {
  const file = path.join(t.dir, "seed.json");
  fs.writeFileSync(file, JSON.stringify(bodies.map((body, i) => ({ body, createdAt: 1_780_000_000_000 + i * 3_600_000 }))));
  const r = await runDiary(["import", file, "--file", t.file], { env: { QUIRE_DIARY_PASSPHRASE: PASS } });
  expect(r.code, r.stderr).toBe(0);
  fs.rmSync(file);
}

describe("interactive mode on a terminal", () => {
  test("new diary: passphrase twice without echo, add (Ctrl-D ends the text), view, search, quit", async () => {
    const p = diaryPty();
    await p.waitFor(`Creating a new diary at ${t.file}`);
    await p.waitFor("New passphrase: ");
    p.type(`${PASS}${ENTER}`);
    await p.waitFor("Repeat it: ");
    p.type(`not the same${ENTER}`);
    await p.waitFor("The two do not match; again.");
    await p.waitFor("New passphrase: ");
    p.type(`${PASS}${ENTER}`);
    await p.waitFor("Repeat it: ");
    p.type(`${PASS}${ENTER}`);

    await p.waitFor(/Quire diary +.*0 entries/);
    await p.waitFor("[a] add an entry");
    await p.waitFor("Choose: ");
    p.type("a");
    await p.waitFor("Title (optional): ");
    p.type(`Harbour walk${ENTER}`);
    await p.waitFor("Ctrl-D on an empty line saves");
    p.type(`The fishing boats came in at dawn.${ENTER}Gulls everywhere.${ENTER}${CTRL_D}`);
    await p.waitFor("Tags (optional, comma-separated): ");
    p.type(`sea, Morning${ENTER}`);
    await p.waitFor("Saved entry #1.");

    await p.waitFor(/Quire diary +.*1 entry\b/);
    await p.waitFor("Choose: ");
    p.type("v");
    const view = await p.waitFor("[q] back");
    expect(view).toContain("entry 1 of 1");
    expect(view).toMatch(/#1 +\d{4}-\d{2}-\d{2} \d{2}:\d{2} +#morning #sea\nHarbour walk\n\nThe fishing boats came in at dawn\.\nGulls everywhere\./);
    p.type("q");

    await p.waitFor("Choose: ");
    p.type("s");
    await p.waitFor("Search: ");
    p.type(`gull${ENTER}`);
    const hits = await p.waitFor("Entry number to read (Enter for the menu): ");
    expect(hits).toContain("#1");
    expect(hits).toContain("[Gulls] everywhere");
    p.type(`1${ENTER}`);
    await p.waitFor("The fishing boats came in at dawn.");
    await p.waitFor("Choose: ");
    p.type("q");
    await p.waitFor("Goodbye.");
    expect(await p.exit()).toBe(0);

    // The passphrase was never echoed to the terminal.
    expect(p.rawOutput).not.toContain(PASS);
    expect(p.rawOutput).not.toContain("not the same");
    expect(await listJson()).toEqual([
      expect.objectContaining({ id: 1, title: "Harbour walk", body: "The fishing boats came in at dawn.\nGulls everywhere.", tags: ["morning", "sea"] }),
    ]);
  });

  test("view pages newest first; edit in place, delete after confirming; Ctrl-C cancels an add", async () => {
    await seed(["oldest entry", "middle entry", "newest entry"]);
    const p = diaryPty();
    await p.waitFor(`Passphrase for ${t.file}: `);
    p.type(`${PASS}${ENTER}`);
    await p.waitFor("Choose: ");
    p.type("v");
    expect(await p.waitFor("[q] back")).toMatch(/entry 1 of 3[\s\S]*newest entry/);
    p.type("p");
    await p.waitFor("(that is the newest entry)");
    p.type("n");
    expect(await p.waitFor("[q] back")).toMatch(/entry 2 of 3[\s\S]*middle entry/);
    p.type("n");
    expect(await p.waitFor("[q] back")).toMatch(/entry 3 of 3[\s\S]*oldest entry/);
    p.type("n");
    await p.waitFor("(that is the oldest entry)");
    p.type("p");
    expect(await p.waitFor("[q] back")).toMatch(/entry 2 of 3[\s\S]*middle entry/);

    p.type("e");
    await p.waitFor("Type the new text. Ctrl-D on an empty line saves");
    p.type(`middle entry, revised${ENTER}${CTRL_D}`);
    await p.waitFor("Updated entry #2.");
    expect(await p.waitFor("[q] back")).toContain("middle entry, revised");

    p.type("d");
    await p.waitFor('Delete entry #2 "middle entry, revised"? [y/N] ');
    p.type("n");
    expect(await p.waitFor("[q] back")).toMatch(/entry 2 of 3/);
    p.type("d");
    await p.waitFor("[y/N] ");
    p.type("y");
    await p.waitFor("Deleted entry #2.");
    expect(await p.waitFor("[q] back")).toMatch(/entry 2 of 2[\s\S]*oldest entry/);
    p.type("q");

    await p.waitFor("Choose: ");
    p.type("a");
    await p.waitFor("Title (optional): ");
    p.type(`never saved${ENTER}`);
    await p.waitFor("Ctrl-D on an empty line saves");
    p.type(`half a thought${CTRL_C}`);
    await p.waitFor("Cancelled.");
    await p.waitFor("Choose: ");
    p.type(CTRL_C);
    await p.waitFor("Goodbye.");
    expect(await p.exit()).toBe(0);
    expect((await listJson()).map((e) => e.body)).toEqual(["newest entry", "oldest entry"]);
  });

  test("add opens $EDITOR (a first line `# Title` is the title), and so does edit, with the entry in it", async () => {
    const log = path.join(t.dir, "editor-saw.txt");
    const editor = `'${process.execPath}' '${FAKE_EDITOR}'`;
    const p = diaryPty([], {
      QUIRE_DIARY_PASSPHRASE: PASS,
      EDITOR: editor,
      FAKE_EDITOR_TEXT: "# From the editor\n\nWritten in a real editor.\n",
      FAKE_EDITOR_LOG: log,
    });
    await p.waitFor("Choose: ");
    p.type("a");
    await p.waitFor("Tags (optional, comma-separated): ");
    p.type(ENTER);
    await p.waitFor("Saved entry #1.");
    await p.waitFor("Choose: ");
    p.type("q");
    expect(await p.exit()).toBe(0);
    expect(await listJson()).toEqual([expect.objectContaining({ title: "From the editor", body: "Written in a real editor." })]);
    // A new entry starts from an empty file.
    expect(fs.readFileSync(log, "utf8")).toBe("");

    // `edit` on a terminal: the editor shows the entry, the new text replaces it.
    const e = Pty.diary(["edit", "1", "--file", t.file], {
      QUIRE_DIARY_PASSPHRASE: PASS,
      EDITOR: editor,
      FAKE_EDITOR_TEXT: "# From the editor\n\nRewritten.\n",
      FAKE_EDITOR_LOG: log,
    });
    ptys.push(e);
    await e.waitFor("updated entry #1");
    expect(await e.exit()).toBe(0);
    expect(fs.readFileSync(log, "utf8")).toBe("# From the editor\n\nWritten in a real editor.\n");
    expect(await listJson()).toEqual([expect.objectContaining({ body: "Rewritten." })]);
  });

  test("wrong passphrase at the prompt: one line, exit 2", async () => {
    await seed(["something"]);
    const p = diaryPty();
    await p.waitFor("Passphrase for");
    p.type(`guess${ENTER}`);
    expect(await p.exit()).toBe(2);
    expect(p.text.trimEnd().split("\n").at(-1)).toBe("quire-diary: wrong passphrase or not a diary file");
    expect(p.rawOutput).not.toContain("guess");
  });

  test("text piped in, passphrase asked on the terminal (/dev/tty), without echo", async () => {
    await seed(["first"]);
    const p = Pty.shell(`printf 'piped entry text' | '${process.execPath}' '${BIN}' add --file '${t.file}'`);
    ptys.push(p);
    await p.waitFor(`Passphrase for ${t.file}: `);
    p.type(`${PASS}${ENTER}`);
    await p.waitFor("saved entry #2");
    expect(await p.exit()).toBe(0);
    expect(p.rawOutput).not.toContain(PASS);
    expect((await listJson()).map((e) => e.body)).toContain("piped entry text");
  });
});
