import { listEntries } from "../store/entries";
import type { Command } from "./command";
import { dateOption, noPositionals, positiveInt, stringOption } from "./command";
import { formatListLine } from "../format";
import { outputStyle, withDiary } from "./shared";

export const list: Command = {
  name: "list",
  summary: "list entries, newest first",
  options: {
    since: { type: "string", value: "DATE", description: "only entries from this date on (2026-11-01, or an ISO timestamp)" },
    limit: { type: "string", value: "N", description: "at most N entries" },
    tag: { type: "string", value: "TAG", description: "only entries with this tag" },
    json: { type: "boolean", description: "one JSON object per line instead of text" },
  },
  async run(ctx, { values, positionals }) {
    noPositionals("list", positionals);
    const since = dateOption("list", "since", stringOption(values, "since"));
    const limit = positiveInt("list", "limit", stringOption(values, "limit"));
    return withDiary(ctx, { create: false }, async (diary) => {
      const entries = listEntries(diary, { since, limit, tag: stringOption(values, "tag") });
      const s = outputStyle(ctx);
      for (const e of entries) {
        ctx.print(values.json ? JSON.stringify(e) : formatListLine(e, s, ctx.stdout.columns || 100));
      }
      if (!values.json && entries.length === 0) ctx.note("no entries");
      return 0;
    });
  },
};
