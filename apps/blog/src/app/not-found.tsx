import Link from "next/link";

export const metadata = { title: "Not found", robots: { index: false } };

/** The blog's 404 page, inside the site's frame. */
export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is nothing at this address: it may have been unpublished, or never existed.</p>
      <p>
        <Link href="/">Go to the home page</Link> or <Link href="/search">search the blog</Link>.
      </p>
    </>
  );
}
