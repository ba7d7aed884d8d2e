import { DiaryError } from "../errors";
import { countEntries } from "../store/entries";
import type { Command } from "./command";
import { noPositionals } from "./command";

export const rekey: Command = {
  name: "rekey",
  summary: "change the passphrase, atomically: the old one stops working, the entries stay",
  details:
    "The new passphrase is asked twice on the terminal, or taken from QUIRE_DIARY_NEW_PASSPHRASE, or from\n" +
    "the second line of standard input with --passphrase-stdin. The diary is re-encrypted into a copy that\n" +
    "is checked and then renamed over the file: if anything stops it half-way, the file still opens with\n" +
    "the old passphrase. Close other sessions on the diary first.",
  options: {},
  async run(ctx, { positionals }) {
    noPositionals("rekey", positionals);
    // Unlock first: a wrong current passphrase fails before the new one is asked for.
    const diary = await ctx.openDiary({ create: false });
    const entries = countEntries(diary);
    await diary.close();
    const oldPassphrase = await ctx.getPassphrase({ creating: false });
    const newPassphrase = await ctx.getNewPassphrase();
    if (newPassphrase === oldPassphrase) throw new DiaryError("the new passphrase is the same as the old one");
    try {
      ctx.rekey(oldPassphrase, newPassphrase);
    } catch (error) {
      const code = (error as { code?: string }).code ?? "";
      if (code.startsWith("SQLITE_BUSY")) {
        throw new DiaryError("the diary is open in another quire-diary session: close it, then rekey; nothing changed");
      }
      throw error;
    }
    ctx.note(`passphrase changed; ${entries} entries re-encrypted`);
    return 0;
  },
};
