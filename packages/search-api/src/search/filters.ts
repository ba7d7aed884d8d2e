import { METADATA_OPS } from "@quire/search-db";
import type { MetadataFilter, MetadataOp } from "@quire/search-db";

import { badRequest } from "../errors";

/**
 * Query parameters that are not metadata filters. Scout's own, plus this
 * service's extensions (`mode`, `highlight*`). To filter on a metadata key
 * with one of these names, spell the operator out: `mode__eq=fast`.
 */
export const RESERVED_PARAMS: ReadonlySet<string> = new Set([
  "page",
  "q",
  "key",
  "ranking",
  "identifier",
  "index",
  "ordering",
  "mode",
  "matching",
  "typos",
  "facets",
  "facet_limit",
  "highlight",
  "highlight_start",
  "highlight_end",
  "highlight_crop",
  "highlight_ellipsis",
]);

/** More values than this (counting each item of an `__in` list) is a 400: keeps the SQL small. */
export const MAX_FILTER_VALUES = 200;
export const MAX_REGEX_LENGTH = 256;

const OPS: ReadonlySet<string> = new Set(METADATA_OPS);

/**
 * A pattern the `regexp` SQL function can run without freezing the server:
 * valid JavaScript syntax (unicode mode, as @quire/db compiles it), bounded
 * length, and no unbounded repetition of a group that itself repeats or
 * alternates (`(a+)+`, `(a|aa)*`), the shape of catastrophic backtracking.
 * The regex runs on the one thread that serves every request.
 */
export function checkRegex(pattern: string): void {
  if (pattern.length > MAX_REGEX_LENGTH) {
    throw badRequest(`Regular expression is too long (at most ${MAX_REGEX_LENGTH} characters).`);
  }
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    throw badRequest(`Invalid regular expression: ${(error as Error).message}`);
  }
  // Walk the pattern: for each group, remember whether it repeats or alternates inside.
  const stack: { risky: boolean }[] = [];
  let lastGroupRisky = false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    let groupJustClosed = false;
    if (ch === "\\") {
      i++; // the escaped character is a literal atom
    } else if (inClass) {
      if (ch === "]") inClass = false;
    } else if (ch === "[") {
      inClass = true;
    } else if (ch === "(") {
      stack.push({ risky: false });
    } else if (ch === ")") {
      lastGroupRisky = stack.pop()?.risky ?? false;
      groupJustClosed = true;
      if (lastGroupRisky && stack.length > 0) stack.at(-1)!.risky = true;
    } else if (ch === "|") {
      if (stack.length > 0) stack.at(-1)!.risky = true;
    } else if (ch === "*" || ch === "+" || ch === "{") {
      if (stack.length > 0) stack.at(-1)!.risky = true;
    }
    if (groupJustClosed && lastGroupRisky) {
      const next = pattern[i + 1];
      if (next === "*" || next === "+" || next === "{") {
        throw badRequest(
          "Regular expression is too complex: a repeated group may not itself contain repetition or alternation.",
        );
      }
    }
  }
}

export interface ParsedFilters {
  filters: MetadataFilter[];
  /** Scout's `filters` echo: parameter name → its values, in request order. */
  echo: Record<string, string[]>;
}

/**
 * Scout's metadata filters from query parameters: every parameter that is
 * not reserved is `key` or `key__op` (`eq ne ge gt le lt in contains
 * startswith endswith regex`). The same parameter repeated is OR-ed,
 * different parameters AND-ed.
 *
 * @example
 * parseMetadataFilters(new URLSearchParams("city=Lawrence&city=Topeka&dob__ge=1983-01-01&q=x"));
 * // filters: [{ key: "city", op: "eq", values: ["Lawrence", "Topeka"] }, { key: "dob", op: "ge", values: ["1983-01-01"] }]
 */
export function parseMetadataFilters(params: Iterable<[string, string]>): ParsedFilters {
  // No prototype: parameter names are user text.
  const echo = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of params) {
    if (RESERVED_PARAMS.has(name)) continue;
    if (!Object.hasOwn(echo, name)) echo[name] = [];
    echo[name]!.push(value);
  }
  return { filters: filtersFromRecord(echo), echo };
}

/** The same from a `{ name: value | values }` object (tRPC input). */
export function filtersFromRecord(record: Record<string, string | string[]>): MetadataFilter[] {
  const filters: MetadataFilter[] = [];
  let count = 0;
  for (const [name, raw] of Object.entries(record)) {
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length === 0) continue;
    const split = name.lastIndexOf("__");
    const key = split === -1 ? name : name.slice(0, split);
    const op = split === -1 ? "eq" : name.slice(split + 2);
    if (!OPS.has(op)) {
      throw badRequest(
        `Unrecognized operation: ${op}. Supported operations are:\n${[...METADATA_OPS].sort().join("\n")}`,
      );
    }
    for (const value of values) {
      count += op === "in" ? value.split(",").length : 1;
      if (op === "regex") checkRegex(value);
    }
    if (count > MAX_FILTER_VALUES) {
      throw badRequest(`Too many metadata filter values (at most ${MAX_FILTER_VALUES}).`);
    }
    filters.push({ key, op: op as MetadataOp, values });
  }
  return filters;
}
