import { DiaryError } from "../errors";
import { headline } from "../format";
import { deleteEntry, getEntry } from "../store/entries";
import type { Command } from "./command";
import { entryId } from "./command";
import { withDiary } from "./shared";

export const del: Command = {
  name: "delete",
  args: "ID",
  summary: "delete an entry (asks first in a terminal, unless --yes)",
  options: {
    yes: { type: "boolean", short: "y", description: "do not ask" },
  },
  async run(ctx, { values, positionals }) {
    const id = entryId("delete", positionals);
    return withDiary(ctx, { create: false }, async (diary) => {
      const entry = getEntry(diary, id);
      if (!entry) throw new DiaryError(`no entry #${id}`);
      const term = ctx.input.isTerminal && !values.yes ? ctx.terminal() : undefined;
      if (term && !(await term.confirm(`Delete entry #${id} "${headline(entry)}"?`))) {
        ctx.note("kept");
        return 0;
      }
      await deleteEntry(diary, id);
      ctx.note(`deleted entry #${id}`);
      return 0;
    });
  },
};
