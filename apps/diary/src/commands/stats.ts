import { formatDay, formatStats } from "../format";
import { diaryStats } from "../store/stats";
import type { Command } from "./command";
import { noPositionals } from "./command";
import { withDiary } from "./shared";

export const stats: Command = {
  name: "stats",
  summary: "how many entries, first and last date, streaks of consecutive days, tags",
  options: {
    json: { type: "boolean", description: "as JSON" },
  },
  async run(ctx, { values, positionals }) {
    noPositionals("stats", positionals);
    return withDiary(ctx, { create: false }, async (diary) => {
      const result = diaryStats(diary, formatDay(Date.now()));
      ctx.print(values.json ? JSON.stringify(result, null, 2) : formatStats(result));
      return 0;
    });
  },
};
