import { DiaryError } from "../errors";
import { getEntry, updateEntry } from "../store/entries";
import type { EntryChanges } from "../store/entries";
import type { Command } from "./command";
import { entryId, stringOption, stringsOption } from "./command";
import { readEntryText, withDiary } from "./shared";

export const edit: Command = {
  name: "edit",
  args: "ID",
  summary: "change an entry's text, title or tags",
  details:
    "The new text comes from standard input when it is a pipe; in a terminal $VISUAL/$EDITOR opens with\n" +
    "the entry (or you type the new text, ended by Ctrl-D). With only --title/--tag/--no-tags in a\n" +
    "terminal, the text is left as it is.",
  options: {
    title: { type: "string", value: "TEXT", description: 'set the title ("" removes it)' },
    tag: { type: "string", multiple: true, value: "TAG", description: "set the tags to these (repeat for more)" },
    "no-tags": { type: "boolean", description: "remove every tag" },
  },
  async run(ctx, { values, positionals }) {
    const id = entryId("edit", positionals);
    return withDiary(ctx, { create: false }, async (diary) => {
      const entry = getEntry(diary, id);
      if (!entry) throw new DiaryError(`no entry #${id}`);
      const changes: EntryChanges = {};
      const title = stringOption(values, "title");
      if (title !== undefined) changes.title = title;
      const tags = stringsOption(values, "tag");
      if (tags) changes.tags = tags;
      if (values["no-tags"]) changes.tags = [];
      const onlyMeta = Object.keys(changes).length > 0;
      if (!(onlyMeta && ctx.input.isTerminal)) {
        const text = await readEntryText(ctx, entry);
        if (text) {
          changes.body = text.body;
          if (text.title !== undefined && title === undefined) changes.title = text.title;
        }
      }
      if (Object.keys(changes).length === 0) {
        ctx.note(`entry #${id} unchanged`);
        return 0;
      }
      const after = await updateEntry(diary, id, changes);
      ctx.note(after && after.updatedAt !== entry.updatedAt ? `updated entry #${id}` : `entry #${id} unchanged`);
      return 0;
    });
  },
};
