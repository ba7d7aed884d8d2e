import { Home, homeMetadata } from "../../_components/home";

/**
 * The home page and its first pages (`/` and `/?page=2…999` are rewritten here by next.config.ts):
 * cached whole (ISR) and rebuilt after a post changes, so readers hit no database at all.
 */
export const revalidate = 300;
export const dynamicParams = true;
export function generateStaticParams(): { n: string }[] {
  return []; // rendered on first visit, at run time, from the live database
}

export async function generateMetadata({ params }: { params: Promise<{ n: string }> }) {
  return homeMetadata(Number((await params).n));
}

export default async function CachedHomePage({ params }: { params: Promise<{ n: string }> }) {
  const n = Number((await params).n);
  // Only 1–999 are rewritten here; anything else reaching this URL directly is no page number.
  return (
    <Home page={Number.isInteger(n) && n >= 1 && n <= 999 ? n : null} raw={(await params).n} />
  );
}
