import { requireAdmin } from "@quire/auth/next";
import { getIndexByName, ScoutError, searchByName } from "@quire/search-api";
import { formatNumber } from "@quire/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { runtime } from "~/server/runtime";
import { Pager, ResultList } from "./_components/results";

const PER_PAGE = 20;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** The route segment, decoded once (a name may itself contain "%"). */
function indexName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({
  params,
}: {
  params: Promise<{ name: string }>;
}): Promise<Metadata> {
  return { title: `Index ${indexName((await params).name)}` };
}

/** An index: a search box (simple mode: whatever is typed is a valid query) and its documents, highlighted. */
export default async function IndexPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ q?: string | string[]; page?: string | string[] }>;
}) {
  const name = indexName((await params).name);
  const base = `/indexes/${encodeURIComponent(name)}`;
  await requireAdmin(await runtime.getAuth(), base);
  await runtime.start();
  const quire = runtime.getDb();

  let index;
  try {
    index = getIndexByName(quire, name);
  } catch (error) {
    if (error instanceof ScoutError && error.status === 404) notFound();
    throw error;
  }
  const search = await searchParams;
  const query = one(search.q).slice(0, 500);
  const pageText = one(search.page);
  const page = /^\d{1,6}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1;
  const result = searchByName(quire, {
    q: query,
    mode: "simple",
    indexes: [name],
    page,
    pageSize: PER_PAGE,
    highlight: true,
  });

  return (
    <>
      <h1>{index.name}</h1>
      <p className="q-muted">
        {formatNumber(index.documentCount)} documents ·{" "}
        <Link href={`${base}/import`}>Import documents</Link> ·{" "}
        <Link href={`${base}/settings`}>Settings</Link> · Scout API:{" "}
        <code>/scout/{encodeURIComponent(index.name)}/</code>
      </p>
      <form
        className="q-form"
        method="get"
        action={base}
        role="search"
        aria-label={`Search ${index.name}`}
      >
        <label>
          Search
          <input
            type="search"
            name="q"
            defaultValue={query}
            placeholder="Type words; the last one may be unfinished"
            maxLength={500}
          />
        </label>
        <button className="q-button" type="submit">
          Search
        </button>
      </form>
      <ResultList hits={result.documents} query={query} />
      <Pager
        base={base}
        query={query}
        page={result.page}
        pages={result.pages}
        total={result.filteredCount}
      />
    </>
  );
}
