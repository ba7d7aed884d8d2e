import { Home, homeMetadata } from "../_components/home";
import { parsePage } from "../_components/posts";

/** `/?page=` beyond the cached pages, or not a number: rendered per request (next.config.ts rewrites here). */
export const dynamic = "force-dynamic";

export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  return { ...homeMetadata(parsePage((await searchParams).page)), robots: { index: false } };
}

export default async function ArchivePage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  const raw = (await searchParams).page;
  return <Home page={parsePage(raw)} raw={raw} />;
}
