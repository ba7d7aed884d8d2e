import fs from "node:fs";
import path from "node:path";

import { DiaryError, UsageError } from "../errors";
import { importEntries } from "../store/entries";
import { parseExportFile } from "../store/exchange";
import type { Command } from "./command";
import { withDiary } from "./shared";

export const importCommand: Command = {
  name: "import",
  args: "FILE",
  summary: "add the entries of a JSON export (- for standard input); entries already there are skipped",
  options: {},
  async run(ctx, { positionals }) {
    if (positionals.length !== 1) throw new UsageError("import takes one file", "import");
    const name = positionals[0]!;
    const file = path.resolve(ctx.env.cwd, name);
    if (name !== "-" && !fs.existsSync(file)) throw new DiaryError(`no file ${file}`);
    return withDiary(ctx, { create: true }, async (diary) => {
      // After the passphrase, so --passphrase-stdin can be followed by the export on the same stdin.
      const text = name === "-" ? await ctx.input.rest() : fs.readFileSync(file, "utf8");
      let entries;
      try {
        entries = parseExportFile(text);
      } catch (error) {
        throw new DiaryError(`${name === "-" ? "standard input" : file} is ${(error as Error).message}`);
      }
      const result = await importEntries(diary, entries);
      ctx.note(`imported ${result.imported} entries${result.skipped ? `, skipped ${result.skipped} already in the diary` : ""}`);
      return 0;
    });
  },
};
