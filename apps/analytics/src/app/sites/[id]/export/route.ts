import { DimensionSchema } from "@quire/analytics-api";
import { TRPCError } from "@quire/trpc";

import { serverCaller } from "~/server/caller";

import { dimensionLabel, METRIC_LABELS } from "../../../_components/format";
import { parseState } from "../../../_components/state";

export const dynamic = "force-dynamic";

function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  // Quote when needed; a leading = + - @ would be a formula in spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV of one breakdown (every row, not just the top 10), for the admin or the share link (`?share=`). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const url = new URL(request.url);
  const siteId = Number((await params).id);
  const dimension = DimensionSchema.safeParse(url.searchParams.get("dimension"));
  if (!Number.isInteger(siteId) || !dimension.success) return Response.json({ error: "Unknown site or dimension" }, { status: 400 });
  const state = parseState(Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k)])));
  const caller = await serverCaller();
  try {
    const result = await caller.stats.breakdown({
      siteId,
      shareToken: url.searchParams.get("share") ?? undefined,
      range: state.range,
      filters: state.filters,
      dimension: dimension.data,
      limit: 1000,
    });
    const lines = [[dimensionLabel(result.dimension), ...result.metrics.map((m) => METRIC_LABELS[m])].map(csvField).join(",")];
    for (const row of result.rows) lines.push([row.value, ...result.metrics.map((m) => row.metrics[m])].map(csvField).join(","));
    const name = `${result.dimension.replace(/[^a-z0-9]+/gi, "-")}.csv`;
    return new Response(lines.join("\r\n") + "\r\n", {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
    });
  } catch (error) {
    if (error instanceof TRPCError) {
      const status = error.code === "UNAUTHORIZED" ? 401 : error.code === "NOT_FOUND" ? 404 : 400;
      return Response.json({ error: error.message }, { status });
    }
    throw error;
  }
}
