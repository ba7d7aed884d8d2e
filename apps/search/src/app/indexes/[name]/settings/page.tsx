import { requireAdmin } from "@quire/auth/next";
import { getIndexFields, getIndexSettings, ScoutError } from "@quire/search-api";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { TRPCReactProvider } from "~/app/_components/trpc";
import { runtime } from "~/server/runtime";
import { SettingsForm } from "./_components/settings-form";

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
  return { title: `Settings of ${indexName((await params).name)}` };
}

/** An index's search settings (weights, synonyms, stop words) and declared metadata types. */
export default async function SettingsPage({ params }: { params: Promise<{ name: string }> }) {
  const name = indexName((await params).name);
  const base = `/indexes/${encodeURIComponent(name)}`;
  await requireAdmin(await runtime.getAuth(), `${base}/settings`);
  await runtime.start();
  const quire = runtime.getDb();
  let settings;
  let fields;
  try {
    settings = getIndexSettings(quire, name);
    fields = getIndexFields(quire, name);
  } catch (error) {
    if (error instanceof ScoutError && error.status === 404) notFound();
    throw error;
  }
  return (
    <>
      <h1>Settings of {name}</h1>
      <p className="q-muted">
        <Link href={base}>Back to the index</Link>. These apply to searches in this index alone.
      </p>
      <TRPCReactProvider>
        <SettingsForm
          index={name}
          effective={settings.effective}
          declared={fields.declared}
          inferred={fields.inferred}
        />
      </TRPCReactProvider>
    </>
  );
}
