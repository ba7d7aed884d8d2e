import { listSites } from "@quire/analytics-db";
import { requireAdmin } from "@quire/auth/next";
import { Card, EmptyState, formatNumber, Sparkline } from "@quire/ui";

import { runtime } from "~/server/runtime";

export const metadata = { title: "Sites" };

export default async function SitesPage() {
  await requireAdmin(await runtime.getAuth(), "/");
  await runtime.start();
  const sites = await listSites(runtime.getDb(), { days: 14 });
  return (
    <>
      <h1>Sites</h1>
      <p className="q-muted">Page views and unique visitors over the last 14 days. No cookies, no IP addresses stored.</p>
      {sites.length === 0 ? (
        <EmptyState>No sites yet.</EmptyState>
      ) : (
        <div className="q-grid">
          {sites.map((site) => (
            <Card key={site.id} testId="site">
              <h3>{site.domain}</h3>
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
              <Sparkline
                label={`Daily page views of ${site.domain}`}
                values={site.daily.map((d) => ({ key: d.day, value: d.pageviews }))}
              />
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
