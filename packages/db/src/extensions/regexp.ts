import type { ScalarFunction } from "./registry";

const cache = new Map<string, RegExp>();
const CACHE_SIZE = 128;

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = new RegExp(pattern, "u");
  } catch (error) {
    throw new Error(`invalid regular expression /${pattern}/: ${(error as Error).message}`);
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(pattern, re);
  return re;
}

/**
 * `regexp(pattern, text)`: what SQLite calls for `text REGEXP pattern`
 * (SQLite has the operator but no implementation). JavaScript syntax, unicode
 * mode; NULL in, NULL out. Compiled patterns are cached.
 */
export const regexp: ScalarFunction = {
  kind: "function",
  name: "regexp",
  deterministic: true,
  fn: (pattern, text) => {
    if (pattern === null || text === null) return null;
    return compile(String(pattern)).test(String(text)) ? 1 : 0;
  },
};
