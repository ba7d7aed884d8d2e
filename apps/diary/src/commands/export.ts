import fs from "node:fs";
import path from "node:path";

import { UsageError } from "../errors";
import { toMarkdown } from "../format";
import { allEntries } from "../store/entries";
import { toExportFile } from "../store/exchange";
import type { Command } from "./command";
import { noPositionals, stringOption } from "./command";
import { withDiary } from "./shared";

export const exportCommand: Command = {
  name: "export",
  summary: "write every entry, oldest first, as JSON or Markdown (unencrypted!)",
  options: {
    format: { type: "string", value: "json|markdown", description: "the format (default json)" },
    output: { type: "string", short: "o", value: "FILE", description: "write to FILE (created 0600) instead of standard output" },
  },
  async run(ctx, { values, positionals }) {
    noPositionals("export", positionals);
    const format = stringOption(values, "format") ?? "json";
    if (format !== "json" && format !== "markdown" && format !== "md") {
      throw new UsageError(`--format is json or markdown, not "${format}"`, "export");
    }
    const output = stringOption(values, "output");
    return withDiary(ctx, { create: false }, async (diary) => {
      const entries = allEntries(diary);
      const now = Date.now();
      const text = format === "json" ? `${JSON.stringify(toExportFile(entries, now), null, 2)}\n` : toMarkdown(entries, now);
      if (output) {
        const target = path.resolve(ctx.env.cwd, output);
        fs.writeFileSync(target, text, { mode: 0o600 });
        ctx.note(`exported ${entries.length} entries to ${target} (not encrypted: keep it safe)`);
      } else {
        ctx.stdout.write(text);
      }
      return 0;
    });
  },
};
