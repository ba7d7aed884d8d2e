import { notFound } from "next/navigation";

import { adminPage } from "~/server/caller";

import { Dashboard } from "../../_components/dashboard";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Site ${(await params).id}` };
}

export default async function SitePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const caller = await adminPage(`/sites/${id}`);
  const siteId = Number(id);
  if (!Number.isInteger(siteId)) notFound();
  const site = await caller.sites.get({ id: siteId }).catch(() => null);
  if (!site) notFound();
  return (
    <>
      <div className="qa-title">
        <h1 data-testid="site-domain">{site.domain}</h1>
        <a href={`/sites/${site.id}/settings`}>Settings</a>
      </div>
      <Dashboard siteId={site.id} params={await searchParams} base={`/sites/${site.id}`} admin />
    </>
  );
}
