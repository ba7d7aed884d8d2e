import { countByStatus, getPostAnalytics, searchOutboxStatus } from "@quire/blog-api";
import type { PageViews } from "@quire/blog-api";
import { Card, formatNumber, Notice } from "@quire/ui";
import Link from "next/link";

import { reindexAction } from "./actions";
import { adminPage } from "~/server/admin";
import { analyticsSite, getPeers } from "~/server/runtime";

export const metadata = { title: "Admin" };

function TopPosts({ rows, label }: { rows: PageViews[]; label: string }) {
  if (rows.length === 0) return <p className="q-muted">No views in the last {label}.</p>;
  return (
    <table className="q-table" aria-label={`Top posts, last ${label}`}>
      <thead>
        <tr>
          <th scope="col">Page</th>
          <th scope="col" className="num">
            Views
          </th>
          <th scope="col" className="num">
            Visitors
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.path}>
            <td>
              <Link href={r.path}>{r.path}</Link>
            </td>
            <td className="num">{formatNumber(r.pageviews)}</td>
            <td className="num">{formatNumber(r.visitors)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function AdminPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { quire } = await adminPage("/admin");
  const counts = countByStatus(quire);
  const total = counts.draft + counts.scheduled + counts.published;
  const outbox = searchOutboxStatus(quire);
  const stats = await getPostAnalytics(await getPeers(), analyticsSite);
  return (
    <>
      <h1>Admin</h1>
      <Notice params={await searchParams} />
      <div className="q-grid">
        <Card title="Posts">
          <div className="q-stat">{formatNumber(total)}</div>
          <p className="q-muted">
            {formatNumber(counts.published)} published · {formatNumber(counts.scheduled)} scheduled
            · {formatNumber(counts.draft)} drafts
          </p>
          <Link href="/admin/posts/new">Write a new post →</Link>
        </Card>
        <Card title="Search index" testId="search-outbox">
          <p>
            {outbox.pending === 0
              ? "Up to date."
              : `${formatNumber(outbox.pending)} changes waiting to reach search.`}
            {outbox.failing > 0
              ? ` Search did not answer (${outbox.lastError ?? "unknown error"}); retrying.`
              : ""}
          </p>
          <form action={reindexAction}>
            <button className="q-button secondary" type="submit">
              Reindex all posts
            </button>
          </form>
        </Card>
        <Card title="System">
          <p>Database, writer and the live status of search and analytics.</p>
          <Link href="/admin/system">Open the System page →</Link>
        </Card>
      </div>
      <h2>Most read ({analyticsSite})</h2>
      {stats.up ? (
        <div className="q-grid" data-testid="top-posts">
          <Card title="Last 7 days">
            <TopPosts rows={stats.top7} label="7 days" />
          </Card>
          <Card title="Last 30 days">
            <TopPosts rows={stats.top30} label="30 days" />
          </Card>
        </div>
      ) : (
        <p className="q-error" role="alert" data-testid="analytics-down">
          Analytics is unavailable right now ({stats.error}).
        </p>
      )}
    </>
  );
}
