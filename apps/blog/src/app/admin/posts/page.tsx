import { Notice } from "@quire/ui";
import { getViewsPerPath } from "@quire/blog-api";
import { listPostsForAdmin, listTags, POST_STATUSES, POST_TYPES } from "@quire/blog-db";
import type { PostStatus, PostType } from "@quire/blog-db";
import Link from "next/link";

import { PostTable } from "../_components/post-table";
import { adminPage } from "~/server/admin";
import { analyticsSite, getPeers } from "~/server/runtime";

export const metadata = { title: "Posts" };

const PER_PAGE = 50;
type Search = Record<string, string | string[] | undefined>;

export default async function AdminPostsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { quire } = await adminPage("/admin/posts");
  const q = await searchParams;
  const status: PostStatus | undefined = POST_STATUSES.find((s) => s === q.status);
  const type: PostType | undefined = POST_TYPES.find((s) => s === q.type);
  const tag = typeof q.tag === "string" && q.tag ? q.tag : undefined;
  const page =
    typeof q.page === "string" && /^\d{1,5}$/.test(q.page) && Number(q.page) > 0
      ? Number(q.page)
      : 1;
  const { posts, total } = listPostsForAdmin(quire, {
    status,
    type,
    tag,
    limit: PER_PAGE,
    offset: (page - 1) * PER_PAGE,
  });
  const views = await getViewsPerPath(
    await getPeers(),
    analyticsSite,
    posts
      .filter((p) => p.status === "published")
      .map((p) => (p.type === "page" ? `/${p.slug}` : `/posts/${p.slug}`)),
  );
  const params = new URLSearchParams(
    Object.entries({ status, type, tag }).filter(([, v]) => v) as [string, string][],
  );
  return (
    <>
      <h1>Posts</h1>
      <Notice params={q} />
      <form className="q-filters" method="get" aria-label="Filter posts">
        <label>
          Status
          <select name="status" defaultValue={status ?? ""}>
            <option value="">any</option>
            {POST_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select name="type" defaultValue={type ?? ""}>
            <option value="">any</option>
            {POST_TYPES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <select name="tag" defaultValue={tag ?? ""}>
            <option value="">any</option>
            {listTags(quire).map((t) => (
              <option key={t.id} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button className="q-button secondary" type="submit">
          Filter
        </button>
        <Link className="q-button" href="/admin/posts/new">
          New post
        </Link>
      </form>
      <p className="q-muted">{total} posts</p>
      {views === null ? (
        <p className="q-muted">Analytics is unavailable: no view counts right now.</p>
      ) : null}
      <PostTable posts={posts} views={views} />
      <nav className="q-pager" aria-label="Pagination">
        {page > 1 ? (
          <Link href={`/admin/posts?${params.toString()}&page=${page - 1}`}>← Previous</Link>
        ) : null}
        {page * PER_PAGE < total ? (
          <Link href={`/admin/posts?${params.toString()}&page=${page + 1}`}>Next →</Link>
        ) : null}
      </nav>
    </>
  );
}
