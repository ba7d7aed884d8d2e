import { z } from "zod";

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 120;

export const SlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(MAX_SLUG_LENGTH)
  .regex(SLUG_RE, "Use lowercase letters, digits and single hyphens, e.g. my-first-post");

/**
 * A URL slug from a title: "Héllo, Wörld!" → "hello-world". Empty when nothing usable is left.
 *
 * @example
 * slugify("SQLite & you") // "sqlite-you"
 */
export function slugify(title: string, fallback = "post"): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH - 8)
    .replace(/-+$/g, "");
  return slug || fallback;
}

/** `base`, or `base-2`, `base-3`… : the first one `taken` says is free. */
export function uniqueSlug(base: string, taken: (slug: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}
