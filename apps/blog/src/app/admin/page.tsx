import { requireAdmin } from "@quire/auth/next";
import { countPosts } from "@quire/blog-db";
import { Card, formatNumber } from "@quire/ui";
import Link from "next/link";

import { runtime } from "~/server/runtime";

export const metadata = { title: "Admin" };

export default async function AdminPage() {
  await requireAdmin(await runtime.getAuth(), "/admin");
  await runtime.start();
  const counts = await countPosts(runtime.getDb());
  return (
    <>
      <h1>Admin</h1>
      <div className="q-grid">
        <Card title="Posts">
          <div className="q-stat">{formatNumber(counts.posts)}</div>
          <p className="q-muted">{formatNumber(counts.published)} published</p>
        </Card>
        <Card title="System">
          <p>Database, writer and the live status of search and analytics.</p>
          <Link href="/admin/system">Open the System page →</Link>
        </Card>
      </div>
    </>
  );
}
