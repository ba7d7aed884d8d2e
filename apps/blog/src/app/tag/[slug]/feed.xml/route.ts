import { feedResponse } from "~/server/feeds";

export const dynamic = "force-dynamic";
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return feedResponse("rss", (await params).slug);
}
