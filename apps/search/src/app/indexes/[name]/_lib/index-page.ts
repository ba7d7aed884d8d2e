import "server-only";

import { requireAdmin } from "@quire/auth/next";
import { getIndexByName, ScoutError } from "@quire/search-api";
import type { IndexRow } from "@quire/search-db";
import { notFound } from "next/navigation";

import { runtime } from "~/server/runtime";
import { indexName, indexPath } from "./index-name";

export interface IndexPageContext {
  index: IndexRow & { documentCount: number };
  /** `/indexes/<name>` */
  base: string;
  quire: ReturnType<typeof runtime.getDb>;
}

/**
 * The preamble every page of an index shares: decode the segment, require
 * the admin session (back to this page after login), open the database, and
 * 404 for an unknown index.
 *
 * @example
 * const { index, base, quire } = await openIndexPage(params, "settings");
 */
export async function openIndexPage(
  params: Promise<{ name: string }>,
  sub?: string,
): Promise<IndexPageContext> {
  const name = indexName((await params).name);
  await requireAdmin(await runtime.getAuth(), indexPath(name, sub));
  await runtime.start();
  const quire = runtime.getDb();
  try {
    return { index: getIndexByName(quire, name), base: indexPath(name), quire };
  } catch (error) {
    if (error instanceof ScoutError && error.status === 404) notFound();
    throw error;
  }
}

/** `generateMetadata` for an index page: "<prefix> <name>". */
export function indexTitle(prefix: string) {
  return async ({ params }: { params: Promise<{ name: string }> }) => ({
    title: `${prefix} ${indexName((await params).name)}`,
  });
}
