import { requireAdmin } from "@quire/auth/next";
import { getIndexByName, ScoutError } from "@quire/search-api";
import { formatNumber } from "@quire/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { TRPCReactProvider } from "~/app/_components/trpc";
import { runtime } from "~/server/runtime";
import { ImportForm } from "./_components/import-form";

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
  return { title: `Import into ${indexName((await params).name)}` };
}

/** Upload an NDJSON file or a JSON array into an index, in chunks, with a progress bar. */
export default async function ImportPage({ params }: { params: Promise<{ name: string }> }) {
  const name = indexName((await params).name);
  const base = `/indexes/${encodeURIComponent(name)}`;
  await requireAdmin(await runtime.getAuth(), `${base}/import`);
  await runtime.start();
  let index;
  try {
    index = getIndexByName(runtime.getDb(), name);
  } catch (error) {
    if (error instanceof ScoutError && error.status === 404) notFound();
    throw error;
  }
  return (
    <>
      <h1>Import into {index.name}</h1>
      <p className="q-muted">
        {formatNumber(index.documentCount)} documents now ·{" "}
        <Link href={base}>back to the index</Link>
      </p>
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
