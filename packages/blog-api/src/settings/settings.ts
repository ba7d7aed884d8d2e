import { getNavigation, getSettings, settings } from "@quire/blog-db";
import type { BlogDatabase, NavigationLink, SiteSettings } from "@quire/blog-db";
import { z } from "zod";

/** A BCP 47 language tag that the platform accepts (`en`, `fr`, `pt-BR`, `zh-Hant`), canonicalized. */
const LangSchema = z
  .string()
  .trim()
  .min(1, "Give the site's language, like en or pt-BR")
  .max(35)
  .transform((value, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(value);
      if (canonical) return canonical;
    } catch {
      // Reported below.
    }
    ctx.addIssue({ code: "custom", message: `"${value}" is not a language tag, like en or pt-BR` });
    return z.NEVER;
  });

/** A site-relative path (`/about`) or an http(s) URL; nothing else (no `javascript:`, no `//host`). */
const LinkUrlSchema = z
  .string()
  .trim()
  .min(1, "Give the link's address")
  .max(500)
  .refine(
    (url) => {
      if (url.startsWith("/")) return !url.startsWith("//") && !url.includes("\\");
      try {
        const parsed = new URL(url);
        return parsed.protocol === "https:" || parsed.protocol === "http:";
      } catch {
        return false;
      }
    },
    { message: "A link goes to a path like /about or an http(s):// address" },
  );

export const NavigationLinkSchema = z.object({
  label: z.string().trim().min(1, "Give the link a label").max(40, "Keep labels to 40 characters"),
  url: LinkUrlSchema,
});

export const SiteSettingsSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Give the site a title")
    .max(100, "Keep the title to 100 characters"),
  description: z.string().trim().max(300, "Keep the description to 300 characters"),
  lang: LangSchema,
  author: z.string().trim().min(1, "Give the author's name").max(100),
  navigation: z.array(NavigationLinkSchema).max(12, "At most 12 navigation links"),
});
export const UpdateSettingsInput = SiteSettingsSchema;

export type SiteSettingsWithNavigation = SiteSettings & { navigation: NavigationLink[] };

/** The site's settings (defaults for anything never saved) with its navigation links. */
export function getSiteSettings(quire: BlogDatabase): SiteSettingsWithNavigation {
  return { ...getSettings(quire), navigation: getNavigation(quire) };
}

/**
 * Validate and store the site's settings in one write. Invalid input throws the ZodError (its
 * issues name the fields, for inline errors); the caller revalidates the cached pages.
 *
 * @example
 * await updateSettings(quire, { title: "Notes", description: "", lang: "fr", author: "Ann", navigation: [] });
 */
export async function updateSettings(
  quire: BlogDatabase,
  input: z.input<typeof UpdateSettingsInput>,
): Promise<SiteSettingsWithNavigation> {
  const data = UpdateSettingsInput.parse(input);
  const rows = [
    { key: "title", value: data.title },
    { key: "description", value: data.description },
    { key: "lang", value: data.lang },
    { key: "author", value: data.author },
    { key: "navigation", value: JSON.stringify(data.navigation) },
  ];
  await quire.writer.run((db) => {
    for (const row of rows)
      db.insert(settings)
        .values(row)
        .onConflictDoUpdate({ target: settings.key, set: { value: row.value } })
        .run();
  });
  return getSiteSettings(quire);
}

/**
 * Navigation links as the admin types them, one per line: `Label | /path` or `Label | https://…`.
 * Lines that cannot be split come back as errors naming the line.
 */
export function parseNavigationLines(text: string): {
  links: { label: string; url: string }[];
  errors: string[];
} {
  const links: { label: string; url: string }[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const bar = line.indexOf("|");
    if (bar < 0) {
      errors.push(`Line ${i + 1}: write it as "Label | /path"`);
      return;
    }
    links.push({ label: line.slice(0, bar).trim(), url: line.slice(bar + 1).trim() });
  });
  return { links, errors };
}
