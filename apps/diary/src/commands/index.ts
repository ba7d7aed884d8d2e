import { add } from "./add";
import type { Command, OptionSpec } from "./command";
import { del } from "./delete";
import { edit } from "./edit";
import { exportCommand } from "./export";
import { importCommand } from "./import";
import { list } from "./list";
import { rekey } from "./rekey";
import { search } from "./search";
import { show } from "./show";
import { stats } from "./stats";

export type { Command } from "./command";

/** Every subcommand, in the order `--help` lists them. */
export const commands: Command[] = [add, list, show, edit, del, search, exportCommand, importCommand, rekey, stats];

export const globalOptions: Record<string, OptionSpec> = {
  file: { type: "string", value: "PATH", description: "the diary file (default $QUIRE_DIARY_FILE, else ~/.quire/diary.db)" },
  "passphrase-stdin": {
    type: "boolean",
    description: "read the passphrase from the first line of standard input (rekey: the new one from the second)",
  },
  help: { type: "boolean", short: "h", description: "show help (`quire-diary COMMAND --help` for one command)" },
};

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, o]) => [
    `${o.short ? `-${o.short}, ` : "    "}--${name}${o.value ? ` ${o.value}` : ""}`,
    o.description,
  ]);
  const width = Math.max(0, ...rows.map(([a]) => a!.length));
  return rows.map(([a, b]) => `  ${a!.padEnd(width)}  ${b}`);
}

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "quire-diary: a diary in an encrypted SQLite file (SQLCipher 4)",
    "",
    "usage: quire-diary [--file PATH] [--passphrase-stdin] [COMMAND [ARGS]]",
    "",
    "With no command, opens the menu: add an entry, view entries (page through, edit, delete), search.",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "options:",
    ...optionLines(globalOptions),
    "",
    "The passphrase is asked on the terminal without echo, or read from $QUIRE_DIARY_PASSPHRASE or",
    "(--passphrase-stdin) the first line of standard input; never from a command-line argument.",
    "Exit codes: 0 done, 1 error, 2 wrong passphrase or not a diary file, 130 interrupted.",
  ].join("\n");
}

export function commandHelp(command: Command): string {
  const optionNames = Object.entries(command.options)
    .map(([name, o]) => `[--${name}${o.value ? ` ${o.value}` : ""}]`)
    .join(" ");
  return [
    `usage: quire-diary ${command.name}${command.args ? ` ${command.args}` : ""}${optionNames ? ` ${optionNames}` : ""}`,
    "",
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.details ? ["", command.details] : []),
    ...(Object.keys(command.options).length ? ["", "options:", ...optionLines(command.options)] : []),
    "",
    "global options:",
    ...optionLines(globalOptions),
  ].join("\n");
}
