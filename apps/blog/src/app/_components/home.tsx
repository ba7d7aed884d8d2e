import { countPublishedPosts, listPublishedPosts } from "@quire/blog-db";
import Link from "next/link";

import { BadPage, Pager, PER_PAGE, PostList } from "./posts";
import { Tracker } from "./tracker";
import { runtime, startBlog } from "~/server/runtime";

/** The home page's list: page `page` of the published posts, or an inline error for a bad number. */
export async function Home({ page, raw }: { page: number | null; raw?: unknown }) {
  if (page === null) {
    return (
      <>
        <h1>Posts</h1>
        <BadPage raw={raw} back="/" />
      </>
    );
  }
  await startBlog();
  const quire = runtime.getDb();
  const posts = await listPublishedPosts(quire, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
  const total = countPublishedPosts(quire);
  return (
    <>
      <h1>Posts</h1>
      <PostList
        posts={posts}
        emptyText={
          page > 1 ? (
            <>
              No posts on page {page}. <Link href="/">Back to the first page</Link>
            </>
          ) : (
            "Nothing published yet."
          )
        }
      />
      <Pager page={page} total={total} base="/" />
      <Tracker />
    </>
  );
}

export const homeMetadata = (page: number | null) => ({
  alternates: { canonical: page && page > 1 ? `/?page=${page}` : "/" },
  ...(page && page > 1 ? { title: `Posts, page ${page}` } : {}),
});
