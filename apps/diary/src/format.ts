import type { Entry, SearchHit } from "./store/entries";
import { MARK_END, MARK_START } from "./store/entries";
import type { DiaryStats } from "./store/stats";

const pad = (n: number) => String(n).padStart(2, "0");

/** Local date, YYYY-MM-DD. */
export function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local date and time, YYYY-MM-DD HH:MM. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${formatDay(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A date from the command line: YYYY-MM-DD (local midnight), YYYY-MM-DD HH:MM
 * (local), or any ISO 8601 timestamp. Undefined when it is none of those.
 */
export function parseDate(text: string): number | undefined {
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (local) {
    const [, y, mo, d, h = "0", mi = "0", s = "0"] = local;
    const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    // Date rolls 2026-02-31 over to March: refuse it instead.
    if (date.getMonth() !== Number(mo) - 1 || date.getDate() !== Number(d)) return undefined;
    return date.getTime();
  }
  const iso = Date.parse(text);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(iso) ? iso : undefined;
}

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  mark(text: string): string;
}

export function style(color: boolean): Style {
  const sgr = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    // Reverse video for matches; brackets when there is no colour.
    mark: color ? sgr(7, 27) : (text) => `[${text}]`,
  };
}

/** Replace the search marks with the style's highlight. */
export function highlight(text: string, s: Style): string {
  return text.replace(new RegExp(`${MARK_START}([^${MARK_END}]*)${MARK_END}`, "gu"), (_, m: string) => s.mark(m));
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** Shorten to `width` characters with an ellipsis. */
export function truncate(text: string, width: number): string {
  const chars = Array.from(text);
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

/** What an entry is called in a list: its title, else the start of its text. */
export function headline(entry: Pick<Entry, "title" | "body">): string {
  return oneLine(entry.title ?? entry.body.split("\n", 1)[0] ?? "") || "(empty)";
}

export function formatTags(tags: string[]): string {
  return tags.map((t) => `#${t}`).join(" ");
}

/** One line per entry: id, date, headline, tags. */
export function formatListLine(entry: Entry, s: Style, width = 100): string {
  const id = s.dim(`#${entry.id}`.padStart(5));
  const tags = entry.tags.length ? `  ${s.dim(formatTags(entry.tags))}` : "";
  // "#id  YYYY-MM-DD HH:MM  " is 25 columns; the tags take theirs plus two spaces.
  const room = Math.max(20, width - 25 - (entry.tags.length ? formatTags(entry.tags).length + 2 : 0));
  return `${id}  ${formatTime(entry.createdAt)}  ${truncate(headline(entry), room)}${tags}`;
}

/** The whole entry: a header line, the title, the text. */
export function formatEntry(entry: Entry, s: Style): string {
  const edited = entry.updatedAt !== entry.createdAt ? s.dim(` (edited ${formatTime(entry.updatedAt)})`) : "";
  const tags = entry.tags.length ? `  ${s.dim(formatTags(entry.tags))}` : "";
  const lines = [`${s.dim(`#${entry.id}`)}  ${formatTime(entry.createdAt)}${edited}${tags}`];
  if (entry.title) lines.push(s.bold(entry.title));
  lines.push("", entry.body);
  return lines.join("\n");
}

/** A search result: the list line (title highlighted), then the excerpt of the text. */
export function formatHit(hit: SearchHit, s: Style): string {
  const title = hit.title ? highlight(hit.title, s) : headline(hit.entry);
  const tags = hit.entry.tags.length ? `  ${s.dim(formatTags(hit.entry.tags))}` : "";
  return `${s.dim(`#${hit.entry.id}`.padStart(5))}  ${formatTime(hit.entry.createdAt)}  ${title}${tags}\n       ${highlight(oneLine(hit.snippet), s)}`;
}

/** The export as Markdown: one section per entry, oldest first. */
export function toMarkdown(entries: Entry[], exportedAt: number): string {
  const out = [`# Quire diary`, "", `Exported ${formatTime(exportedAt)}, ${entries.length} entries.`, ""];
  for (const e of entries) {
    out.push(`## ${formatTime(e.createdAt)}${e.title ? ` · ${e.title}` : ""}`, "");
    if (e.tags.length) out.push(`Tags: ${formatTags(e.tags)}`, "");
    out.push(e.body.trimEnd(), "");
  }
  return out.join("\n");
}

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

export function formatStats(stats: DiaryStats): string {
  const streak = (st: DiaryStats["currentStreak"]) => (st ? `${plural(st.days, "day")} (${st.from} → ${st.to})` : "none");
  const rows: [string, string][] = [
    ["entries", stats.entries.toLocaleString("en-US")],
    ["words", stats.words.toLocaleString("en-US")],
    ["first entry", stats.first ?? "-"],
    ["last entry", stats.last ?? "-"],
    ["days written", stats.daysWritten.toLocaleString("en-US")],
    ["current streak", streak(stats.currentStreak)],
    ["longest streak", streak(stats.longestStreak)],
  ];
  if (stats.tags.length) rows.push(["tags", stats.tags.map((t) => `#${t.tag} ${t.entries}`).join(", ")]);
  return rows.map(([k, v]) => `${k.padEnd(15)}${v}`).join("\n");
}
