import { getPublishedPostBySlug } from "@quire/blog-db";
import { notFound } from "next/navigation";
import { cache } from "react";

import { Article, articleMetadata } from "../_components/article";
import { getSite, runtime, startBlog } from "~/server/runtime";

/** Static pages (About…) live at the root: /about. */
/** Cached whole (ISR), rebuilt after a change (revalidatePublic) or at the latest every 5 minutes. */
export const revalidate = 300;
export function generateStaticParams(): { slug: string }[] {
  return []; // rendered on first visit, at run time, from the live database
}

const load = cache(async (slug: string) => {
  await startBlog();
  return getPublishedPostBySlug(runtime.getDb(), slug, undefined, "page");
});

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const page = await load(slug);
  return page ? articleMetadata(page, `/${page.slug}`, await getSite()) : { title: "Not found" };
}

export default async function StaticPage({ params }: { params: Promise<{ slug: string }> }) {
  const page = await load((await params).slug);
  if (!page) notFound();
  return <Article post={page} meta={false} />;
}
