import type { Context } from "../context";
import { DiaryError } from "../errors";
import { style } from "../format";
import type { Style } from "../format";
import type { Diary } from "../store/open";
import { editInEditor, editorCommand, fromEditorText, toEditorText } from "../tty/editor";

/** Open the diary, run `fn`, close it (after the writer has committed everything). */
export async function withDiary<T>(ctx: Context, options: { create: boolean }, fn: (diary: Diary) => Promise<T>): Promise<T> {
  const diary = await ctx.openDiary(options);
  try {
    return await fn(diary);
  } finally {
    await diary.close();
  }
}

export function outputStyle(ctx: Context): Style {
  return style(ctx.color);
}

export interface EntryText {
  title: string | null | undefined;
  body: string;
}

/**
 * The text of a new or edited entry: what is left on standard input when it
 * is a pipe; else $VISUAL/$EDITOR (a `# Title` first line sets the title);
 * else typed on the terminal until Ctrl-D. Null when nothing was written (or
 * the editor left the text unchanged).
 */
export async function readEntryText(ctx: Context, current: { title: string | null; body: string } | undefined): Promise<EntryText | null> {
  if (!ctx.input.isTerminal) {
    const body = (await ctx.input.rest()).trim();
    return body ? { title: undefined, body } : null;
  }
  const term = ctx.terminal();
  if (!term) throw new DiaryError("no text: pipe it to standard input, or run in a terminal");
  if (editorCommand(ctx.env)) {
    const text = editInEditor(ctx.env, current ? toEditorText(current.title, current.body) : "", () => term.release());
    if (text === null) return null;
    const parsed = fromEditorText(text);
    return parsed.body ? parsed : null;
  }
  term.write(
    current
      ? "Type the new text. Ctrl-D on an empty line saves, Ctrl-C cancels.\n"
      : "Write your entry. Ctrl-D on an empty line saves, Ctrl-C cancels.\n",
  );
  const body = (await term.readText()).trim();
  return body ? { title: undefined, body } : null;
}
