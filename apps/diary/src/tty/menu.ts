import { readEntryText } from "../commands/shared";
import type { Context } from "../context";
import { DiaryError, InterruptedError } from "../errors";
import { formatEntry, formatHit, headline, style } from "../format";
import type { Style } from "../format";
import { addEntry, countEntries, deleteEntry, getEntry, listEntries, searchEntries, updateEntry } from "../store/entries";
import type { Entry } from "../store/entries";
import type { Diary } from "../store/open";
import type { Terminal } from "./terminal";

const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
const QUIT_KEYS = new Set(["q", "Q", "4", CTRL_C, CTRL_D, "\u001b", ""]);

interface Session {
  ctx: Context;
  diary: Diary;
  term: Terminal;
  s: Style;
}

type Action = (session: Session) => Promise<void>;

/**
 * The interactive diary (no command given): unlock, then a menu loop — add
 * an entry, view entries newest first one at a time (next, previous, edit,
 * delete), search, quit. Every choice is one key; Ctrl-C inside a step
 * cancels that step and returns to the menu.
 */
export async function runMenu(ctx: Context): Promise<number> {
  const term = ctx.terminal();
  if (!term || !ctx.input.isTerminal) {
    throw new DiaryError("the menu needs a terminal; for scripts use the commands (quire-diary --help)");
  }
  const diary = await ctx.openDiary({ create: true });
  const session: Session = { ctx, diary, term, s: style(Boolean(term.output.isTTY) && ctx.env.NO_COLOR === undefined) };
  try {
    for (;;) {
      const count = countEntries(diary);
      term.write(
        `\n${session.s.bold("Quire diary")}  ${session.s.dim(`${ctx.file} · ${count} ${count === 1 ? "entry" : "entries"}`)}\n` +
          "  [a] add an entry\n  [v] view entries\n  [s] search\n  [q] quit\nChoose: ",
      );
      const key = await term.readKey();
      if (QUIT_KEYS.has(key)) {
        term.write("q\nGoodbye.\n");
        return 0;
      }
      const action = ACTIONS.get(key.toLowerCase());
      if (!action) {
        term.write("\u0007\n");
        continue;
      }
      term.write(`${key}\n`);
      try {
        await action(session);
      } catch (error) {
        if (!(error instanceof InterruptedError)) throw error;
        term.write("Cancelled.\n");
      }
    }
  } finally {
    await diary.close();
  }
}

async function addFlow({ ctx, diary, term }: Session) {
  const editor = ctx.env.VISUAL ?? ctx.env.EDITOR;
  const title = editor ? null : await term.readLine("Title (optional): ");
  const text = await readEntryText(ctx, undefined);
  if (!text) {
    term.write("Nothing written, nothing saved.\n");
    return;
  }
  const tags = (await term.readLine("Tags (optional, comma-separated): ")) ?? "";
  let entry: Entry;
  try {
    entry = await addEntry(diary, { title: text.title ?? title, body: text.body, tags: [tags] });
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // A bad tag: keep the entry, drop the tags, say so.
    term.write(`${error.message}; saved without tags.\n`);
    entry = await addEntry(diary, { title: text.title ?? title, body: text.body });
  }
  term.write(`Saved entry #${entry.id}.\n`);
}

async function viewFlow(session: Session) {
  const { diary, term, s } = session;
  let index = 0;
  for (;;) {
    const total = countEntries(diary);
    if (total === 0) {
      term.write("No entries yet.\n");
      return;
    }
    index = Math.min(index, total - 1);
    const entry = listEntries(diary, { limit: 1, offset: index })[0]!;
    term.write(
      `\n${s.dim(`── entry ${index + 1} of ${total} ──`)}\n${formatEntry(entry, s)}\n\n` +
        "[n]ext (older)  [p]revious (newer)  [e]dit  [d]elete  [q] back\n",
    );
    for (;;) {
      const key = await term.readKey();
      if (QUIT_KEYS.has(key)) return;
      if (["n", " ", "j", "\u001b[B", "\u001b[C"].includes(key)) {
        if (index < total - 1) {
          index++;
          break;
        }
        term.write("(that is the oldest entry)\n");
        continue;
      }
      if (["p", "k", "\u001b[A", "\u001b[D"].includes(key)) {
        if (index > 0) {
          index--;
          break;
        }
        term.write("(that is the newest entry)\n");
        continue;
      }
      if (key === "e") {
        await editFlow(session, entry);
        break;
      }
      if (key === "d") {
        if (await term.confirm(`Delete entry #${entry.id} "${headline(entry)}"?`)) {
          await deleteEntry(diary, entry.id);
          term.write(`Deleted entry #${entry.id}.\n`);
        }
        break;
      }
      term.write("\u0007");
    }
  }
}

async function editFlow({ ctx, diary, term }: Session, entry: Entry) {
  const text = await readEntryText(ctx, entry);
  if (!text) {
    term.write("Unchanged.\n");
    return;
  }
  await updateEntry(diary, entry.id, { body: text.body, ...(text.title !== undefined ? { title: text.title } : {}) });
  term.write(`Updated entry #${entry.id}.\n`);
}

async function searchFlow({ diary, term, s }: Session) {
  const query = (await term.readLine("Search: "))?.trim();
  if (!query) return;
  const hits = searchEntries(diary, query, { limit: 20 });
  if (hits.length === 0) {
    term.write("No matches.\n");
    return;
  }
  term.write(`${hits.map((h) => formatHit(h, s)).join("\n")}\n`);
  const answer = (await term.readLine("Entry number to read (Enter for the menu): "))?.trim().replace(/^#/, "");
  if (!answer) return;
  const entry = /^\d+$/.test(answer) ? getEntry(diary, Number(answer)) : undefined;
  term.write(entry ? `\n${formatEntry(entry, s)}\n` : `No entry #${answer}.\n`);
}

/** Menu keys: letters, or the numbers of the seed's menu. */
const ACTIONS = new Map<string, Action>([
  ["a", addFlow],
  ["1", addFlow],
  ["v", viewFlow],
  ["2", viewFlow],
  ["s", searchFlow],
  ["3", searchFlow],
]);
