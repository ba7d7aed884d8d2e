import { parseReaderSearch, searchPostsForReaders } from "@quire/blog-api";
import type { TagFacet, TextPart } from "@quire/blog-api";
import Link from "next/link";
import { Suspense } from "react";

import { Tracker } from "../_components/tracker";
import { SearchBox } from "./_components/search-box";
import { getPeers, runtime, startBlog } from "~/server/runtime";

// Reads the query string: rendered per request.
export const dynamic = "force-dynamic";

export const metadata = { title: "Search", robots: { index: false } };

type Params = { q?: string | string[]; tag?: string | string[]; page?: string | string[] };

/** A /search URL for the same query with other tags or another page. */
function searchHref(q: string, tags: string[], page = 1) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  for (const tag of tags) params.append("tag", tag);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/search?${query}` : "/search";
}

function Marked({ parts }: { parts: TextPart[] }) {
  return parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : part.text));
}

function TagFacets({ q, tags, chosen }: { q: string; tags: TagFacet[]; chosen: string[] }) {
  if (tags.length === 0) return null;
  return (
    <nav aria-label="Filter by tag" className="q-facets" data-testid="search-facets">
      <h2>Tags</h2>
      <ul>
        {tags.map((tag) => {
          const next = tag.selected ? chosen.filter((t) => t !== tag.slug) : [...chosen, tag.slug];
          return (
            <li key={tag.slug}>
              <Link
                href={searchHref(q, next)}
                aria-pressed={tag.selected}
                className={tag.selected ? "selected" : undefined}
                rel="nofollow"
              >
                {tag.selected ? "✓ " : ""}
                {tag.name} <span className="q-muted">({tag.count})</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<Params> }) {
  const input = parseReaderSearch(await searchParams);
  const searching = input.q !== "" || input.tags.length > 0;
  let result = null;
  if (searching) {
    await startBlog();
    result = await searchPostsForReaders(runtime.getDb(), await getPeers(), input);
  }
  return (
    <>
      <Tracker />
      <h1>Search</h1>
      <Suspense>
        <SearchBox initial={input.q} />
      </Suspense>
      {result && !result.up ? (
        <p className="q-error" role="alert" data-testid="search-down">
          Search is unavailable right now. Please try again in a little while.
        </p>
      ) : null}
      {result?.up ? (
        <div className="q-search">
          <section aria-label="Results" data-testid="search-results">
            <p className="q-muted" data-testid="search-count">
              {result.total} result{result.total === 1 ? "" : "s"}
              {input.tags.length
                ? ` tagged ${result.tags
                    .filter((t) => t.selected)
                    .map((t) => t.name)
                    .join(" + ")}`
                : ""}
            </p>
            {result.hits.length === 0 && input.page > 1 && result.total > 0 ? (
              <p>
                No results on page {input.page}.{" "}
                <Link href={searchHref(input.q, input.tags)}>Back to the first page</Link>
              </p>
            ) : null}
            <ol className="q-related q-hits">
              {result.hits.map((hit) => (
                <li key={hit.url}>
                  <Link href={hit.url} className="q-hit-title">
                    <Marked parts={hit.title} />
                  </Link>
                  {hit.snippet.length ? (
                    <p className="q-snippet">
                      <Marked parts={hit.snippet} />
                    </p>
                  ) : null}
                  {hit.tags.length ? (
                    <p className="q-muted">
                      {hit.tags.map((t, i) => (
                        <span key={t.slug}>
                          {i ? ", " : ""}
                          <Link href={`/tag/${t.slug}`}>{t.name}</Link>
                        </span>
                      ))}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
            {result.pages > 1 ? (
              <nav className="q-pager" aria-label="Result pages">
                {result.page > 1 ? (
                  <Link href={searchHref(input.q, input.tags, result.page - 1)} rel="prev">
                    ← Previous
                  </Link>
                ) : null}
                <span>
                  Page {Math.min(result.page, result.pages)} of {result.pages}
                </span>
                {result.page < result.pages ? (
                  <Link href={searchHref(input.q, input.tags, result.page + 1)} rel="next">
                    Next →
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </section>
          <TagFacets q={input.q} tags={result.tags} chosen={input.tags} />
        </div>
      ) : null}
    </>
  );
}
