/**
 * Path patterns as Plausible writes them: `*` is one path segment's worth of
 * characters, `**` anything (also slashes); the rest matches literally.
 *
 * @example
 * patternToRegExp("/blog/**").test("/blog/2024/hello") // true
 * patternToRegExp("/docs/*").test("/docs/a/b")          // false
 */
export function patternToRegExp(pattern: string): RegExp {
  return new RegExp(patternToRegExpSource(pattern));
}

/** The regular expression source of a pattern (for SQL `REGEXP`). */
export function patternToRegExpSource(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") {
      if (pattern[i + 1] === "*") {
        out += ".*";
        i++;
      } else out += "[^/]*";
    } else out += c.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  return `^${out}$`;
}

export function isPattern(value: string): boolean {
  return value.includes("*");
}
