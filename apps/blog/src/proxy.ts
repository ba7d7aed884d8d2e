import { findSlugRedirect, findTagSlugRedirect, isPublishedSlug } from "@quire/blog-db";
import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";

import { runtime } from "~/server/runtime";

/**
 * Runs before Next routes a request, for the URLs a reader can make up:
 * - a broken percent-escape (`/posts/%E0%A4%A`, `/tag/%`) is a 400 page here: past this point
 *   Next itself fails to decode it and answers 500;
 * - renamed posts and tags keep their old links: 301 to the current URL (a page can only send
 *   307/308, hence here);
 * - a post or static-page URL nobody published is sent to one prerendered 404 (/missing), so junk
 *   URLs render nothing and leave no ISR entry behind (each cached page is one slug that exists).
 */
export async function proxy(request: NextRequest) {
  const raw = request.nextUrl.pathname;
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return badUrl();
  }
  const segments = raw.split("/").slice(1);

  if (segments[0] === "page") {
    // /page/<n> backs the cached home page: only the numbers `/?page=` is rewritten with exist.
    return segments.length === 2 && /^[1-9][0-9]{0,2}$/.test(segments[1]!)
      ? NextResponse.next()
      : missing(request);
  }

  const slug = path.split("/")[segments[0] === "posts" || segments[0] === "tag" ? 2 : 1] ?? "";
  if (!slug || slug.length > 200) return NextResponse.next();
  await runtime.start();
  const quire = runtime.getDb();

  if (segments[0] === "tag") {
    // The tag page (rendered per request) answers 404 for unknown tags itself.
    const target = findTagSlugRedirect(quire, slug);
    if (!target) return NextResponse.next();
    return redirect(request, ["tag", encodeURIComponent(target), ...segments.slice(2)].join("/"));
  }

  const type = segments[0] === "posts" ? "post" : "page";
  if (segments.length !== (type === "post" ? 2 : 1)) return NextResponse.next();
  if (isPublishedSlug(quire, slug, type)) return NextResponse.next();
  const target = findSlugRedirect(quire, slug);
  if (target)
    return redirect(
      request,
      target.type === "page"
        ? encodeURIComponent(target.slug)
        : `posts/${encodeURIComponent(target.slug)}`,
    );
  return missing(request);
}

function redirect(request: NextRequest, path: string) {
  const url = request.nextUrl.clone();
  url.pathname = `/${path}`;
  return NextResponse.redirect(url, 301);
}

/** The one prerendered 404 page (no database, no new cache entry), under the URL that was asked for. */
function missing(request: NextRequest) {
  const url = request.nextUrl.clone();
  url.pathname = "/missing";
  url.search = "";
  return NextResponse.rewrite(url);
}

/** A URL that is not even well-formed: a small page of its own (Next cannot route it to one). */
function badUrl() {
  return new NextResponse(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Bad address</title>` +
      `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2328}a{color:#0969da}</style></head>` +
      `<body><main><h1>Bad address</h1><p>This address has a broken percent-escape (a % not followed by two hex digits, or bytes that are not UTF-8), so it cannot lead to any page.</p><p><a href="/">Go to the home page</a></p></main></body></html>`,
    {
      status: 400,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    },
  );
}

export const config = {
  matcher: [
    "/posts/:path*",
    "/tag/:path*",
    "/page/:path*",
    // Top-level slugs (static pages like /about), but none of the app's own routes.
    "/((?!_next|api|admin|login|search|tags|archive|media|ghost|missing|popular|feed\\.xml|atom\\.xml|sitemap\\.xml|robots\\.txt|favicon\\.ico)[^/]+)",
    // Anything else with a percent sign: maybe a broken escape, which Next would answer with a 500.
    "/(.*%.*)",
  ],
};
