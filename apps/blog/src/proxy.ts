import { findSlugRedirect } from "@quire/blog-db";
import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";

import { runtime } from "~/server/runtime";

/**
 * Renamed posts keep their old links: /posts/<old-slug> answers 301 with the current URL (a page
 * can only send 307/308, hence here). The redirect table holds only slugs no live post uses.
 */
export async function proxy(request: NextRequest) {
  let slug: string;
  try {
    slug = decodeURIComponent(request.nextUrl.pathname.slice("/posts/".length));
  } catch {
    return NextResponse.next(); // malformed escapes: the page answers 404
  }
  if (!slug || slug.includes("/") || slug.length > 200) return NextResponse.next();
  await runtime.start();
  const target = findSlugRedirect(runtime.getDb(), slug);
  if (!target) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = target.type === "page" ? `/${target.slug}` : `/posts/${target.slug}`;
  return NextResponse.redirect(url, 301);
}

export const config = { matcher: "/posts/:slug" };
