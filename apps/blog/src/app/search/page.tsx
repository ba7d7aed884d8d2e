import Link from "next/link";

import { getPeers } from "~/server/runtime";
import { Tracker } from "../_components/tracker";

// Reads the query string: rendered per request.
export const dynamic = "force-dynamic";

export const metadata = { title: "Search", robots: { index: false } };

type Hit = { identifier: string | null; metadata: Record<string, string>; snippet: string | null };

export default async function SearchPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const raw = (await searchParams).q;
  const q = (typeof raw === "string" ? raw : "").trim().slice(0, 200);
  let result: { total: number; results: Hit[] } | null = null;
  let down: string | null = null;
  if (q) {
    try {
      const { search } = await getPeers();
      result = await search.client.service.search.query({
        q,
        index: "blog",
        pageSize: 20,
        highlight: false,
      });
    } catch {
      down = "Search is unavailable right now. Please try again in a little while.";
    }
  }
  return (
    <>
      <Tracker />
      <h1>Search</h1>
      <form method="get" action="/search" role="search" className="q-filters">
        <label>
          Search the blog
          <input type="search" name="q" defaultValue={q} maxLength={200} />
        </label>
        <button className="q-button" type="submit">
          Search
        </button>
      </form>
      {down ? (
        <p className="q-error" role="alert" data-testid="search-down">
          {down}
        </p>
      ) : null}
      {result ? (
        <section aria-label="Results" data-testid="search-results">
          <p className="q-muted">
            {result.total} result{result.total === 1 ? "" : "s"}
          </p>
          <ul className="q-related">
            {result.results.map((hit) => (
              <li key={hit.identifier ?? hit.metadata.slug}>
                <Link href={hit.metadata.url ?? `/posts/${hit.metadata.slug ?? ""}`}>
                  {hit.metadata.title ?? hit.identifier}
                </Link>
                {hit.metadata.excerpt ? <p className="q-muted">{hit.metadata.excerpt}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
