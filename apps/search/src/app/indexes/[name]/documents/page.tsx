import { searchByName } from "@quire/search-api";
import { EmptyState, formatNumber, Notice } from "@quire/ui";
import Link from "next/link";

import { IndexHeader } from "../_components/index-header";
import { indexTitle, openIndexPage } from "../_lib/index-page";

export const generateMetadata = indexTitle("Documents of");

const PER_PAGE = 25;
const EXCERPT = 160;

/** The documents of an index, newest id last, a page at a time; each opens its own page. */
export default async function DocumentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { index, base, quire } = await openIndexPage(params, "documents");
  const search = await searchParams;
  const pageText = typeof search.page === "string" ? search.page : "";
  const requested = /^\d{1,6}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1;
  const result = searchByName(quire, {
    q: "",
    mode: "simple",
    indexes: [index.name],
    ranking: "none",
    ordering: ["id"],
    page: requested,
    pageSize: PER_PAGE,
  });
  const page = Math.min(requested, Math.max(result.pages, 1));
  const href = (p: number) => `${base}/documents${p > 1 ? `?page=${p}` : ""}`;
  return (
    <>
      <IndexHeader
        index={index}
        base={base}
        current="documents"
        title={`Documents of ${index.name}`}
      />
      <Notice params={search} />
      {result.documents.length === 0 ? (
        <EmptyState>
          {result.filteredCount === 0 ? (
            <>
              No documents in this index yet. <Link href={`${base}/import`}>Import some</Link>.
            </>
          ) : (
            <>
              No documents on page {formatNumber(requested)}. <Link href={href(1)}>First page</Link>
              .
            </>
          )}
        </EmptyState>
      ) : (
        <table className="q-table" data-testid="documents">
          <thead>
            <tr>
              <th scope="col" className="num">
                Id
              </th>
              <th scope="col">Identifier</th>
              <th scope="col">Title and content</th>
              <th scope="col" className="num">
                Metadata
              </th>
              <th scope="col" className="num">
                Files
              </th>
            </tr>
          </thead>
          <tbody>
            {result.documents.map((doc) => (
              <tr key={doc.id}>
                <td className="num">
                  <Link href={`${base}/documents/${doc.id}`}>#{doc.id}</Link>
                </td>
                <td>{doc.identifier ?? <span className="q-muted">none</span>}</td>
                <td>
                  <Link href={`${base}/documents/${doc.id}`}>
                    {doc.title ?? doc.identifier ?? `Document ${doc.id}`}
                  </Link>
                  <br />
                  <span className="q-muted">
                    {doc.content.length > EXCERPT
                      ? `${doc.content.slice(0, EXCERPT)}…`
                      : doc.content}
                  </span>
                </td>
                <td className="num">{formatNumber(Object.keys(doc.metadata).length)}</td>
                <td className="num">{formatNumber(doc.attachments.length)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.pages > 1 ? (
        <nav aria-label="Pages" className="q-muted" data-testid="pager">
          {page > 1 ? <Link href={href(page - 1)}>← Previous</Link> : null} Page{" "}
          {formatNumber(page)} of {formatNumber(result.pages)} ·{" "}
          {formatNumber(result.filteredCount)} documents{" "}
          {page < result.pages ? <Link href={href(page + 1)}>Next →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
