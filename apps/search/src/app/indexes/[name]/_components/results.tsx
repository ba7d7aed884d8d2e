import { EmptyState } from "@quire/ui";
import Link from "next/link";

import type { SearchHitData } from "../_lib/types";

/**
 * The hits: title (linked to the document), snippet with the matches marked
 * (HTML-escaped by the search, only <mark> added), metadata and attachments.
 */
export function ResultList({
  hits,
  query,
  documentBase,
}: {
  hits: SearchHitData[];
  query: string;
  /** `/indexes/<name>/documents`: each hit links to its page there. */
  documentBase: string;
}) {
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
            <Link href={`${documentBase}/${hit.id}`}>
              {hit.titleHighlight !== undefined ? (
                <span dangerouslySetInnerHTML={{ __html: hit.titleHighlight }} />
              ) : (
                (hit.title ?? hit.identifier ?? `#${hit.id}`)
              )}
            </Link>
            {hit.score !== undefined ? (
              <small className="q-muted"> score {hit.score.toFixed(3)}</small>
            ) : null}
          </h2>
          <p dangerouslySetInnerHTML={{ __html: hit.snippet ?? hit.highlight ?? "" }} />
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
                href={`/api/attachments/${hit.id}/${encodeURIComponent(a.filename)}`}
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
