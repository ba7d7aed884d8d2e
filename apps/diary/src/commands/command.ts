import type { Context } from "../context";
import { UsageError } from "../errors";
import { parseDate } from "../format";

export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  /** Placeholder in the help text (`--limit N`). */
  value?: string;
  description: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  /** Positionals after the command name. */
  positionals: string[];
}

/** One subcommand: its help text and what it does. Returns the exit code. */
export interface Command {
  name: string;
  /** Positional arguments in the usage line, e.g. `ID`. */
  args?: string;
  summary: string;
  /** More help, shown by `quire-diary COMMAND --help`. */
  details?: string;
  options: Record<string, OptionSpec>;
  run(ctx: Context, args: ParsedArgs): Promise<number>;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

export function stringsOption(values: OptionValues, name: string): string[] | undefined {
  const v = values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
}

/** The entry id in `show ID`, `edit ID`, `delete ID`. */
export function entryId(command: string, positionals: string[]): number {
  if (positionals.length !== 1) throw new UsageError(`${command} takes one entry id`, command);
  const text = positionals[0]!.replace(/^#/, "");
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`"${positionals[0]}" is not an entry id`, command);
  return Number(text);
}

export function positiveInt(command: string, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} wants a whole number above 0, not "${value}"`, command);
  return Number(value);
}

export function dateOption(command: string, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDate(value);
  if (ms === undefined) throw new UsageError(`--${name} wants a date like 2026-11-26 or "2026-11-26 21:30", not "${value}"`, command);
  return ms;
}

export function noPositionals(command: string, positionals: string[]) {
  if (positionals.length) throw new UsageError(`${command} takes no argument "${positionals[0]}"`, command);
}
