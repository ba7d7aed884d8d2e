import { DiaryError } from "../errors";
import { addEntry } from "../store/entries";
import type { Command } from "./command";
import { dateOption, noPositionals, stringOption, stringsOption } from "./command";
import { readEntryText, withDiary } from "./shared";

export const add: Command = {
  name: "add",
  summary: "write a new entry (text from standard input, $EDITOR, or typed until Ctrl-D)",
  details:
    "With standard input a pipe, its text (after the passphrase line with --passphrase-stdin) is the entry.\n" +
    "In a terminal, $VISUAL or $EDITOR opens (a first line `# Title` sets the title); without one,\n" +
    "type the entry and end it with Ctrl-D. Creates the diary if it does not exist yet.",
  options: {
    title: { type: "string", value: "TEXT", description: "a title for the entry" },
    tag: { type: "string", multiple: true, value: "TAG", description: "a tag (repeat, or comma-separate, for more)" },
    date: { type: "string", value: "DATE", description: 'when it happened, e.g. 2026-11-26 or "2026-11-26 21:30" (default: now)' },
  },
  async run(ctx, { values, positionals }) {
    noPositionals("add", positionals);
    const createdAt = dateOption("add", "date", stringOption(values, "date"));
    return withDiary(ctx, { create: true }, async (diary) => {
      const text = await readEntryText(ctx, undefined);
      if (!text) throw new DiaryError("nothing written, nothing saved");
      const entry = await addEntry(diary, {
        title: stringOption(values, "title") ?? text.title,
        body: text.body,
        tags: stringsOption(values, "tag"),
        createdAt,
      });
      ctx.note(`saved entry #${entry.id}`);
      return 0;
    });
  },
};
