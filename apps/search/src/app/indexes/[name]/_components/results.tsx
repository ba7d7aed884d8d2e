import type { SearchHit } from "@quire/search-api";
import { EmptyState, formatNumber } from "@quire/ui";
import Link from "next/link";

/** One hit: its title and snippet with the matches marked (HTML-escaped by the search, only <mark> added). */
export function ResultList({ hits, query }: { hits: SearchHit[]; query: string }) {
  if (hits.length === 0) {
    return (
      <EmptyState>{query ? "No document matches." : "No documents in this index yet."}</EmptyState>
    );
  }
  return (
    <ol className="q-results" data-testid="results">
      {hits.map((hit) => (
        <li key={hit.id} className="q-post">
          <h2>
            {hit.titleHighlight !== undefined ? (
              <span dangerouslySetInnerHTML={{ __html: hit.titleHighlight }} />
            ) : (
              (hit.identifier ?? `#${hit.id}`)
            )}
            {hit.score !== undefined ? (
              <small className="q-muted"> score {hit.score.toFixed(3)}</small>
            ) : null}
          </h2>
          <p dangerouslySetInnerHTML={{ __html: hit.snippet ?? "" }} />
          <p>
            {Object.entries(hit.metadata).map(([key, value]) => (
              <span key={key} className="q-tag">
                {key}: {value}
              </span>
            ))}
            {hit.attachments.map((a) => (
              <a
                key={a.filename}
                className="q-tag"
                href={`/scout/documents/${hit.id}/attachments/${encodeURIComponent(a.filename)}/download/`}
              >
                {a.filename}
              </a>
            ))}
          </p>
        </li>
      ))}
    </ol>
  );
}

/** Previous/next links that keep the query. */
export function Pager({
  base,
  query,
  page,
  pages,
  total,
}: {
  base: string;
  query: string;
  page: number;
  pages: number;
  total: number;
}) {
  const href = (p: number) =>
    `${base}?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(p) }).toString()}`;
  return (
    <nav aria-label="Pages" className="q-muted" data-testid="pager">
      {page > 1 ? <Link href={href(page - 1)}>← Previous</Link> : null} Page{" "}
      {formatNumber(Math.min(page, Math.max(pages, 1)))} of {formatNumber(Math.max(pages, 1))} ·{" "}
      {formatNumber(total)} document{total === 1 ? "" : "s"}{" "}
      {page < pages ? <Link href={href(page + 1)}>Next →</Link> : null}
    </nav>
  );
}
