/**
 * quire-diary: the entry point (`pnpm diary`, `bin/quire-diary.mjs`).
 * Parses the command line, runs one command or the menu, and turns every
 * failure into one line on stderr and an exit code (see errors.ts).
 */
import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";

import { commandHelp, findCommand, globalOptions, mainHelp } from "./commands";
import type { OptionSpec } from "./commands/command";
import { Context } from "./context";
import { loadEnv } from "./env";
import type { DiaryEnv } from "./env";
import { DiaryError, EXIT, UsageError } from "./errors";
import { runMenu } from "./tty/menu";

type ParseOptions = NonNullable<ParseArgsConfig["options"]>;

function toParseOptions(specs: Record<string, OptionSpec>): ParseOptions {
  const options: ParseOptions = {};
  for (const [name, o] of Object.entries(specs)) {
    options[name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
  }
  return options;
}

/**
 * Where the command name is: the first argument that is neither an option
 * nor the value of `--file` (global options may come before it or after).
 */
function commandIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return i + 1 < argv.length ? i + 1 : -1;
    if (arg === "--file") i++;
    else if (!arg.startsWith("-") || arg === "-") return i;
  }
  return -1;
}

function parse(argv: string[], options: Record<string, OptionSpec>, command: string | undefined) {
  try {
    return parseArgs({ args: argv, options: toParseOptions(options), allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""), command);
  }
}

export async function main(argv: string[], env: DiaryEnv): Promise<number> {
  const at = commandIndex(argv);
  const name = at === -1 ? undefined : argv[at]!;
  const rest = at === -1 ? argv : [...argv.slice(0, at), ...argv.slice(at + 1)];
  if (name === "help") {
    const topic = findCommand(rest.find((a) => !a.startsWith("-")) ?? "");
    process.stdout.write(`${topic ? commandHelp(topic) : mainHelp()}\n`);
    return EXIT.ok;
  }
  const command = name === undefined ? undefined : findCommand(name);
  if (name !== undefined && !command) {
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(`${mainHelp()}\n`);
      return EXIT.ok;
    }
    throw new UsageError(`unknown command "${name}"`);
  }
  const { values, positionals } = parse(rest, { ...globalOptions, ...command?.options }, command?.name);
  if (values.help) {
    process.stdout.write(`${command ? commandHelp(command) : mainHelp()}\n`);
    return EXIT.ok;
  }
  if (!command && positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);

  const ctx = new Context(env, {
    file: typeof values.file === "string" ? values.file : undefined,
    passphraseStdin: values["passphrase-stdin"] === true,
  });
  try {
    if (!command) return await runMenu(ctx);
    return await command.run(ctx, { values, positionals });
  } finally {
    ctx.close();
  }
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof DiaryError) {
    process.stderr.write(`quire-diary: ${error.message}\n`);
    return error.exitCode;
  }
  const code = (error as { code?: string } | null)?.code ?? "";
  const message = error instanceof Error ? error.message : String(error);
  if (code === "SQLITE_CORRUPT" || code === "SQLITE_NOTADB") {
    process.stderr.write(`quire-diary: the diary file is damaged (${message}); restore it from a backup\n`);
  } else {
    process.stderr.write(`quire-diary: ${message}\n`);
  }
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return EXIT.error;
}

let debug = false;
let exitCode: number;
try {
  const env = loadEnv();
  debug = env.QUIRE_DIARY_DEBUG === "1";
  exitCode = await main(process.argv.slice(2), env);
} catch (error) {
  exitCode = report(error, debug);
}
// Explicit exit: a terminal stream left open (/dev/tty) must not keep the process alive.
process.exitCode = exitCode;
process.stdout.write("", () => process.exit(exitCode));
