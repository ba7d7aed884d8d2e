import { getSiteByShareToken } from "@quire/analytics-api";
import { notFound } from "next/navigation";

import { runtime } from "~/server/runtime";

import { Dashboard } from "../../_components/dashboard";

export const metadata = { title: "Shared dashboard", robots: { index: false } };

/** The public, read-only dashboard of a site whose share link is on. No login. */
export default async function SharePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  await runtime.start();
  const site = getSiteByShareToken(runtime.getDb(), token);
  if (!site) notFound();
  return (
    <>
      <div className="qa-title">
        <h1 data-testid="site-domain">{site.domain}</h1>
        <span className="q-muted">Public dashboard</span>
      </div>
      <Dashboard siteId={site.id} params={await searchParams} base={`/share/${token}`} shareToken={token} admin={false} />
    </>
  );
}
