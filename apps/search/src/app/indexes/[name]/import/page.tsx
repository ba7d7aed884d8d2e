import { TRPCReactProvider } from "~/app/_components/trpc";
import { IndexHeader } from "../_components/index-header";
import { indexTitle, openIndexPage } from "../_lib/index-page";
import { ImportForm } from "./_components/import-form";

export const generateMetadata = indexTitle("Import into");

/** Upload an NDJSON file or a JSON array into an index, in chunks, with a progress bar. */
export default async function ImportPage({ params }: { params: Promise<{ name: string }> }) {
  const { index, base } = await openIndexPage(params, "import");
  return (
    <>
      <IndexHeader index={index} base={base} current="import" title={`Import into ${index.name}`} />
      <p className="q-muted">
        One document per line (NDJSON) or a JSON array, each{" "}
        <code>{'{ "identifier", "title", "content", "metadata" }'}</code> with only{" "}
        <code>content</code> required. A known identifier updates its document. For files over 50 MB
        use <code>pnpm --filter @quire/search run import {index.name} file.ndjson</code>.
      </p>
      <TRPCReactProvider>
        <ImportForm index={index.name} />
      </TRPCReactProvider>
    </>
  );
}
