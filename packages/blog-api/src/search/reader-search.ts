/**
 * The public `/search` page's logic: one call to the search service's `blog` index (simple mode,
 * so anything a reader types is valid; the last word is prefix-matched for search-as-you-type),
 * highlighted titles and snippets, and tag facets with exact counts over the whole result.
 *
 * A post's tags travel as one comma-joined metadata value (`tags: "python,sqlite"`), so:
 * - filtering by tags is a `tags__regex` that must match every chosen slug (lookaheads = AND);
 * - tag facets are the facet counts of the joined values, split and summed per slug. That sum is
 *   exact as long as every distinct combination came back (`distinct ≤ values returned`), which
 *   `exact` reports.
 */
import { getTagsBySlugs } from "@quire/blog-db";
import type { BlogDatabase } from "@quire/blog-db";

import { SEARCH_INDEX } from "./outbox";
import type { BlogPeers } from "../trpc";

export const READER_PAGE_SIZE = 10;
/** Tags a reader can combine: the AND-regex must stay under the search service's length cap. */
export const MAX_SEARCH_TAGS = 4;
const MAX_QUERY = 200;
/** Distinct tag combinations counted per query: more than a blog's results will have. */
const FACET_LIMIT = 1000;
const TAG_SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** A piece of highlighted text: `mark` pieces matched the query. */
export interface TextPart {
  text: string;
  mark: boolean;
}

export interface ReaderHit {
  url: string;
  title: TextPart[];
  snippet: TextPart[];
  tags: { slug: string; name: string }[];
  publishedAt: string | null;
}

export interface TagFacet {
  slug: string;
  name: string;
  count: number;
  selected: boolean;
}

export interface ReaderSearchInput {
  q: string;
  tags: string[];
  page: number;
}

export type ReaderSearchResult =
  | {
      up: true;
      total: number;
      page: number;
      pages: number;
      hits: ReaderHit[];
      tags: TagFacet[];
      /** False when more tag combinations matched than were counted (counts are then lower bounds). */
      exact: boolean;
    }
  | { up: false; error: string };

/**
 * Normalise what came in the URL: trimmed, bounded query; known-shaped, deduplicated tag slugs
 * (at most {@link MAX_SEARCH_TAGS}); a page number ≥ 1 (anything else → 1).
 */
export function parseReaderSearch(params: {
  q?: string | string[];
  tag?: string | string[];
  page?: string | string[];
}): ReaderSearchInput {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  const tagValues = (Array.isArray(params.tag) ? params.tag : params.tag ? [params.tag] : [])
    .flatMap((t) => t.split(","))
    .map((t) => t.trim().toLowerCase())
    .filter((t) => TAG_SLUG.test(t));
  const page = Number(first(params.page));
  return {
    q: first(params.q).trim().slice(0, MAX_QUERY),
    tags: [...new Set(tagValues)].slice(0, MAX_SEARCH_TAGS),
    page: Number.isSafeInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

// Unicode-mode patterns (as the search service compiles them) reject needless escapes like `\-`.
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One pattern that matches a comma-joined tag list containing every slug. */
export function tagsRegex(slugs: string[]): string {
  return `^${slugs.map((s) => `(?=(?:.*,)?${escapeRegex(s)}(?:,|$))`).join("")}`;
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#x27;": "'",
};
const unescapeHtml = (s: string) =>
  s.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e]!);

/**
 * Split the search service's escaped, `<mark>`-tagged text into parts React renders as text —
 * no HTML from another service ever reaches `dangerouslySetInnerHTML`.
 */
export function markedParts(html: string): TextPart[] {
  const parts: TextPart[] = [];
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m.index > last) parts.push({ text: unescapeHtml(html.slice(last, m.index)), mark: false });
    parts.push({ text: unescapeHtml(m[1]!), mark: true });
    last = m.index + m[0].length;
  }
  if (last < html.length) parts.push({ text: unescapeHtml(html.slice(last)), mark: false });
  return parts;
}

/**
 * Mark the title's words that were marked in the snippet (for documents indexed before the
 * title travelled as its own field, so the service has no title highlight for them).
 */
function markTitle(title: string, snippet: TextPart[]): TextPart[] {
  const marked = new Set(snippet.filter((p) => p.mark).map((p) => p.text.toLowerCase()));
  if (marked.size === 0) return [{ text: title, mark: false }];
  const parts: TextPart[] = [];
  for (const piece of title.split(/(\p{L}[\p{L}\p{N}]*|\p{N}+)/u)) {
    if (!piece) continue;
    const mark = marked.has(piece.toLowerCase());
    const prev = parts.at(-1);
    if (prev && prev.mark === mark) prev.text += piece;
    else parts.push({ text: piece, mark });
  }
  return parts;
}

/** The slugs of a post's `tags` metadata (one comma-joined value, see outbox.ts). */
const tagSlugsOf = (joined: string | undefined) => (joined ?? "").split(",").filter(Boolean);

/** Older documents were indexed as `title\n\nbody`: the snippet should not repeat the title. */
function dropTitle(parts: TextPart[], title: string): TextPart[] {
  const plain = parts.map((p) => p.text).join("");
  if (!plain.startsWith(title)) return parts;
  let skip = title.length;
  const out: TextPart[] = [];
  for (const part of parts) {
    if (skip >= part.text.length) {
      skip -= part.text.length;
      continue;
    }
    const text = part.text.slice(skip).replace(/^\s+/, "");
    skip = 0;
    if (text) out.push({ text, mark: part.mark });
  }
  return out;
}

/**
 * Search published posts for a reader. Never throws: the search service being down (or refusing)
 * is an answer the page shows.
 *
 * @example
 * const r = await searchPostsForReaders(quire, peers, { q: "sqlite wal", tags: ["databases"], page: 1 });
 */
export async function searchPostsForReaders(
  quire: BlogDatabase,
  peers: BlogPeers,
  input: ReaderSearchInput,
): Promise<ReaderSearchResult> {
  let result;
  try {
    result = await peers.search.client.service.search.query({
      q: input.q,
      index: SEARCH_INDEX,
      mode: "simple",
      page: input.page,
      pageSize: READER_PAGE_SIZE,
      highlight: true,
      facets: ["tags"],
      facetLimit: FACET_LIMIT,
      filters: input.tags.length ? { tags__regex: tagsRegex(input.tags) } : {},
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { up: false, error: message.slice(0, 300) };
  }

  const counts = new Map<string, number>();
  const facet = result.facets?.tags;
  for (const { value, count } of facet?.values ?? []) {
    for (const slug of new Set(tagSlugsOf(value))) {
      counts.set(slug, (counts.get(slug) ?? 0) + count);
    }
  }
  const hitSlugs = result.results.flatMap((r) => tagSlugsOf(r.metadata.tags));
  const names = new Map(
    getTagsBySlugs(quire, [...new Set([...counts.keys(), ...hitSlugs, ...input.tags])]).map((t) => [
      t.slug,
      t.name,
    ]),
  );
  const nameOf = (slug: string) => names.get(slug) ?? slug;

  const tags: TagFacet[] = [...counts]
    .map(([slug, count]) => ({
      slug,
      name: nameOf(slug),
      count,
      selected: input.tags.includes(slug),
    }))
    // A chosen tag stays listed (to un-choose it) even when no post carries it any more.
    .concat(
      input.tags
        .filter((slug) => !counts.has(slug))
        .map((slug) => ({ slug, name: nameOf(slug), count: 0, selected: true })),
    )
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));

  return {
    up: true,
    total: result.total,
    page: result.page,
    pages: result.pages,
    exact: !facet || facet.distinct <= facet.values.length,
    tags,
    hits: result.results.map((r) => {
      const title = r.title ?? r.metadata.title ?? r.identifier ?? "Untitled";
      const snippet = r.snippet ? dropTitle(markedParts(r.snippet), title) : [];
      return {
        url: r.metadata.url ?? `/posts/${r.metadata.slug ?? ""}`,
        title: r.titleHighlight ? markedParts(r.titleHighlight) : markTitle(title, snippet),
        snippet,
        tags: tagSlugsOf(r.metadata.tags).map((slug) => ({ slug, name: nameOf(slug) })),
        publishedAt: r.metadata.published_at || null,
      };
    }),
  };
}
