import { getIndexFields, ScoutError, searchByName, SearchOutput } from "@quire/search-api";

import { TRPCReactProvider } from "~/app/_components/trpc";
import { IndexHeader } from "./_components/index-header";
import { Playground } from "./_components/playground";
import { indexTitle, openIndexPage } from "./_lib/index-page";
import { parseSearchState, searchInput } from "./_lib/search-state";
import type { SearchData } from "./_lib/types";

export const generateMetadata = indexTitle("Index");

/**
 * An index's search playground: search-as-you-type (simple mode: whatever is
 * typed is valid; advanced: FTS5 syntax), highlights, facets, filters, sort and
 * pages, all kept in the URL. The first page is rendered here, the rest follows
 * the typing through tRPC.
 */
export default async function IndexPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { index, base, quire } = await openIndexPage(params);
  const state = parseSearchState(await searchParams);
  const { declared, inferred } = getIndexFields(quire, index.name);
  const fields = [...new Set([...Object.keys(inferred), ...Object.keys(declared)])].sort();
  let result: SearchData | null = null;
  let error: string | null = null;
  try {
    // Through the procedure's output schema: plain objects (the engine builds null-prototype
    // records, which React cannot hand to a client component), the same shape tRPC answers.
    result = SearchOutput.parse(searchByName(quire, searchInput(index.name, state)));
  } catch (e) {
    // A malformed advanced query or filter from the URL: shown inline, as the client would.
    if (!(e instanceof ScoutError)) throw e;
    error = e.message;
  }
  return (
    <>
      <IndexHeader index={index} base={base} current="" />
      <TRPCReactProvider>
        <Playground
          index={index.name}
          documentCount={index.documentCount}
          fields={fields}
          initialState={state}
          initialResult={result}
          initialError={error}
        />
      </TRPCReactProvider>
    </>
  );
}
