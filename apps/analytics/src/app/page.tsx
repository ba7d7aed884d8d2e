import { requireAdmin } from "@quire/auth/next";
import { Card, EmptyState, formatNumber, Notice, Sparkline } from "@quire/ui";
import Link from "next/link";

import { serverCaller } from "~/server/caller";
import { runtime } from "~/server/runtime";

import { createSiteAction } from "./sites/actions";

export const metadata = { title: "Sites" };

export default async function SitesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin(await runtime.getAuth(), "/");
  const caller = await serverCaller();
  const sites = await caller.sites.list({ days: 14 });
  return (
    <>
      <h1>Sites</h1>
      <p className="q-muted">Page views and visitors over the last 14 days. No cookies, no IP addresses stored.</p>
      <Notice params={await searchParams} />
      {sites.length === 0 ? (
        <EmptyState>No sites yet. Add one below.</EmptyState>
      ) : (
        <div className="q-grid">
          {sites.map((site) => (
            <Card key={site.id} testId="site">
              <h3>
                <Link href={`/sites/${site.id}`}>{site.domain}</Link>
              </h3>
              <p className="q-muted">{site.name}</p>
              <div style={{ display: "flex", gap: 24 }}>
                <div>
                  <div className="q-stat" data-testid="pageviews">
                    {formatNumber(site.pageviews)}
                  </div>
                  <div className="q-muted">page views</div>
                </div>
                <div>
                  <div className="q-stat">{formatNumber(site.visitors)}</div>
                  <div className="q-muted">visitors</div>
                </div>
              </div>
              <Sparkline label={`Daily page views of ${site.domain}`} values={site.daily.map((d) => ({ key: d.day, value: d.pageviews }))} />
              <p className="qa-small">
                <Link href={`/sites/${site.id}`}>Dashboard</Link> · <Link href={`/sites/${site.id}/settings`}>Settings</Link>
              </p>
            </Card>
          ))}
        </div>
      )}
      <h2>Add a site</h2>
      <form className="q-form" action={createSiteAction} data-testid="add-site">
        <label>
          Domain
          <input name="domain" placeholder="example.com" required />
        </label>
        <label>
          Time zone
          <input name="timezone" defaultValue="UTC" />
        </label>
        <button className="q-button" type="submit">
          Add site
        </button>
      </form>
    </>
  );
}
