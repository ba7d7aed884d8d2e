import { getPopularPosts } from "@quire/blog-api";
import Link from "next/link";

import { Tracker } from "../_components/tracker";
import { analyticsSite, getPeers, runtime, startBlog } from "~/server/runtime";

// Numbers from the analytics service at request time (one small service call).
export const dynamic = "force-dynamic";

export const metadata = { title: "Popular posts", alternates: { canonical: "/popular" } };

const PERIODS = { "7d": "this week", "30d": "this month" } as const;
type Period = keyof typeof PERIODS;

export default async function PopularPage({
  searchParams,
}: {
  searchParams: Promise<{ period?: string | string[] }>;
}) {
  const raw = (await searchParams).period;
  const period: Period = raw === "7d" ? "7d" : "30d";
  await startBlog();
  const popular = await getPopularPosts(runtime.getDb(), await getPeers(), analyticsSite, {
    period,
    limit: 10,
  });
  return (
    <>
      <Tracker />
      <h1>Popular posts</h1>
      <nav className="q-filters" aria-label="Period">
        {(Object.keys(PERIODS) as Period[]).map((p) =>
          p === period ? (
            <strong key={p} aria-current="page">
              Most read {PERIODS[p]}
            </strong>
          ) : (
            <Link key={p} href={p === "30d" ? "/popular" : `/popular?period=${p}`}>
              Most read {PERIODS[p]}
            </Link>
          ),
        )}
      </nav>
      {!popular.up ? (
        <p className="q-muted" role="status" data-testid="popular-unavailable">
          Reading figures are unavailable right now. <Link href="/">See the newest posts</Link>.
        </p>
      ) : popular.posts.length === 0 ? (
        <p className="q-muted" data-testid="popular-empty">
          Nothing has been read {PERIODS[period]} yet. <Link href="/">See the newest posts</Link>.
        </p>
      ) : (
        <ol className="q-related" data-testid="popular-posts">
          {popular.posts.map((post) => (
            <li key={post.slug}>
              <Link href={post.url}>{post.title}</Link>{" "}
              <span className="q-muted">
                · {post.visitors} reader{post.visitors === 1 ? "" : "s"}
              </span>
              {post.excerpt ? <p className="q-muted">{post.excerpt}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
