import {
  filterPostsByTags,
  getTagsBySlugs,
  listTagsWithTopPosts,
  TAG_FILTER_MODES,
} from "@quire/blog-db";
import type { TagFilterMode } from "@quire/blog-db";
import { formatDate } from "@quire/ui";
import Link from "next/link";

import { BadPage, Pager, parsePage, PER_PAGE, PostList } from "../_components/posts";
import { runtime, startBlog } from "~/server/runtime";
import { Tracker } from "../_components/tracker";

// Reads the query string: rendered per request.
export const dynamic = "force-dynamic";

export const metadata = { title: "Tags", alternates: { canonical: "/tags" } };

type Search = { tags?: string | string[]; mode?: string | string[]; page?: string | string[] };

export default async function TagsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await startBlog();
  const quire = runtime.getDb();
  const query = await searchParams;
  const all = listTagsWithTopPosts(quire, { n: 3 });
  const max = Math.max(1, ...all.map((t) => t.count));
  return (
    <>
      <h1>Tags</h1>
      <FilterForm query={query} />
      {query.tags !== undefined ? <Filtered query={query} /> : null}
      <Tracker />
      <h2 id="cloud">Tag cloud</h2>
      <ul className="q-cloud" aria-labelledby="cloud">
        {all.map((t) => (
          <li key={t.id}>
            <Link
              href={`/tag/${t.slug}`}
              style={{ fontSize: `${0.85 + (t.count / max) * 0.9}rem` }}
              title={
                t.posts[0]
                  ? `Newest: ${t.posts[0].title} (${formatDate(t.posts[0].publishedAt)})`
                  : "No posts yet"
              }
            >
              {t.name} <span className="q-muted">({t.count})</span>
            </Link>
          </li>
        ))}
      </ul>
      <h2>Newest posts per tag</h2>
      <ul className="q-tag-list" data-testid="tags-top">
        {all.map((t) => (
          <li key={t.id} data-testid="tag-top">
            <h3>
              <Link href={`/tag/${t.slug}`}>{t.name}</Link>{" "}
              <span className="q-muted">({t.count})</span>
            </h3>
            {t.posts.length > 0 ? (
              <ol>
                {t.posts.map((p) => (
                  <li key={p.slug}>
                    <Link href={`/posts/${p.slug}`}>{p.title}</Link>{" "}
                    <span className="q-muted">{formatDate(p.publishedAt)}</span>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="q-muted">No posts yet.</p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function FilterForm({ query }: { query: Search }) {
  return (
    <form
      className="q-filters"
      method="get"
      action="/tags"
      role="search"
      aria-label="Filter posts by tags"
    >
      <label>
        Tags (comma-separated slugs)
        <input
          name="tags"
          defaultValue={one(query.tags) ?? ""}
          placeholder="sqlite, quire"
          maxLength={500}
        />
      </label>
      <label>
        Match
        <select name="mode" defaultValue={one(query.mode) ?? "all"}>
          <option value="all">all of them</option>
          <option value="any">any of them</option>
          <option value="none">none of them</option>
        </select>
      </label>
      <button className="q-button" type="submit">
        Filter
      </button>
    </form>
  );
}

function Filtered({ query }: { query: Search }) {
  const quire = runtime.getDb();
  const slugs = [
    ...new Set(
      (one(query.tags) ?? "")
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ].slice(0, 20);
  const mode = (one(query.mode) ?? "all") as TagFilterMode;
  const page = parsePage(one(query.page));
  if (!TAG_FILTER_MODES.includes(mode))
    return (
      <p className="q-error" role="alert">
        Match must be all, any or none.
      </p>
    );
  if (page === null)
    return (
      <BadPage
        raw={one(query.page)}
        back={`/tags?tags=${encodeURIComponent(slugs.join(","))}&mode=${mode}`}
      />
    );
  if (slugs.length === 0)
    return (
      <p className="q-error" role="alert">
        Name at least one tag.
      </p>
    );
  const tags = getTagsBySlugs(quire, slugs);
  const unknown = slugs.filter((s) => !tags.some((t) => t.slug === s));
  if (unknown.length > 0)
    return (
      <p className="q-error" role="alert">
        No such tag: {unknown.join(", ")}.
      </p>
    );
  const { posts, total } = filterPostsByTags(quire, tags, mode, {
    limit: PER_PAGE,
    offset: (page - 1) * PER_PAGE,
  });
  return (
    <section aria-labelledby="filtered" data-testid="filtered">
      <h2 id="filtered">
        {total} post{total === 1 ? "" : "s"} with {mode} of {tags.map((t) => t.name).join(", ")}
      </h2>
      <PostList posts={posts} emptyText="No posts match." />
      <Pager page={page} total={total} base="/tags" params={{ tags: slugs.join(","), mode }} />
    </section>
  );
}
