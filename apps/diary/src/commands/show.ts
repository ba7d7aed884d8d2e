import { DiaryError } from "../errors";
import { formatEntry } from "../format";
import { getEntry } from "../store/entries";
import type { Command } from "./command";
import { entryId } from "./command";
import { outputStyle, withDiary } from "./shared";

export const show: Command = {
  name: "show",
  args: "ID",
  summary: "print one entry",
  options: {
    json: { type: "boolean", description: "as JSON" },
  },
  async run(ctx, { values, positionals }) {
    const id = entryId("show", positionals);
    return withDiary(ctx, { create: false }, async (diary) => {
      const entry = getEntry(diary, id);
      if (!entry) throw new DiaryError(`no entry #${id}`);
      ctx.print(values.json ? JSON.stringify(entry, null, 2) : formatEntry(entry, outputStyle(ctx)));
      return 0;
    });
  },
};
