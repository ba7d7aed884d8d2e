import type { AdminPostRow } from "@quire/blog-db";
import { formatDate } from "@quire/ui";
import Link from "next/link";

/** Admin post list; `views` (30 days, from analytics) by public path, or null when analytics is down. */
export function PostTable({
  posts,
  views,
}: {
  posts: AdminPostRow[];
  views?: Map<string, { pageviews: number }> | null;
}) {
  if (posts.length === 0) return <p className="q-muted">No posts here.</p>;
  return (
    <table className="q-table" data-testid="admin-posts">
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          <th scope="col">Tags</th>
          <th scope="col">Date</th>
          {views !== undefined ? (
            <th scope="col" className="num">
              Views (30 d)
            </th>
          ) : null}
          <th scope="col">
            <span className="q-muted">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {posts.map((p) => (
          <tr key={p.id} data-testid="admin-post">
            <td>
              <Link href={`/admin/posts/${p.id}`}>{p.title}</Link>
              {p.type === "page" ? <span className="q-muted"> (page)</span> : null}
            </td>
            <td>
              <span className={`q-status ${p.status}`}>{p.status}</span>
            </td>
            <td>{p.tags.map((t) => t.name).join(", ")}</td>
            <td>{formatDate(p.publishedAt ?? p.updatedAt)}</td>
            {views !== undefined ? (
              <td className="num">
                {views === null
                  ? "–"
                  : (views.get(p.type === "page" ? `/${p.slug}` : `/posts/${p.slug}`)?.pageviews ??
                    0)}
              </td>
            ) : null}
            <td className="q-actions">
              {p.status === "published" ? (
                <Link href={p.type === "page" ? `/${p.slug}` : `/posts/${p.slug}`}>View</Link>
              ) : null}
              <Link href={`/admin/posts/${p.id}/delete`} aria-label={`Delete ${p.title}`}>
                Delete
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
