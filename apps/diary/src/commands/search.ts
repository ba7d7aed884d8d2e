import { UsageError } from "../errors";
import { formatHit, highlight, style } from "../format";
import { searchEntries } from "../store/entries";
import type { Command } from "./command";
import { positiveInt, stringOption } from "./command";
import { outputStyle, withDiary } from "./shared";

export const search: Command = {
  name: "search",
  args: "QUERY",
  summary: "full-text search, best match first, matches highlighted",
  details:
    'Every word must match (a title match counts double); "a phrase" in quotes, word* for a prefix,\n' +
    "OR between two words for either. Words match their stems: `walk` finds walked and walking.",
  options: {
    limit: { type: "string", value: "N", description: "at most N results (default 20)" },
    json: { type: "boolean", description: "one JSON object per line: the entry, rank and excerpt" },
  },
  async run(ctx, { values, positionals }) {
    const query = positionals.join(" ").trim();
    if (!query) throw new UsageError("search needs a query", "search");
    const limit = positiveInt("search", "limit", stringOption(values, "limit")) ?? 20;
    return withDiary(ctx, { create: false }, async (diary) => {
      const hits = searchEntries(diary, query, { limit });
      const s = outputStyle(ctx);
      const plain = style(false);
      for (const hit of hits) {
        // In JSON the matches are marked [like this], as in uncoloured text.
        const json = () => JSON.stringify({ ...hit, title: hit.title && highlight(hit.title, plain), snippet: highlight(hit.snippet, plain) });
        ctx.print(values.json ? json() : formatHit(hit, s));
      }
      if (!values.json) ctx.note(hits.length ? `${hits.length} match${hits.length === 1 ? "" : "es"}` : "no matches");
      return 0;
    });
  },
};
