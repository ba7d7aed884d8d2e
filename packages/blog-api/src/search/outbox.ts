/**
 * The search outbox: every change to a public post writes a `search_outbox` row in the same
 * transaction (see posts.ts `enqueueSearch`); this worker delivers them to the search service's
 * `blog` index over tRPC, with retries and backoff. If search is down nothing is lost: rows wait
 * and go out when it is back. A row only says "post N changed": what is sent is the post as it
 * is at delivery (visible → upsert, otherwise → delete), so repeated changes collapse into one call.
 */
import { getPublishedPostBySlug, searchOutbox } from "@quire/blog-db";
import type { BlogDatabase } from "@quire/blog-db";
import type { SearchClient } from "@quire/search-api/client";
import { and, eq, inArray, lte, sql } from "drizzle-orm";

export const SEARCH_INDEX = "blog";
const BATCH = 100;
const MAX_BACKOFF_MS = 5 * 60_000;

/** Identifiers are global in the search service: the prefix keeps the blog's apart. */
export const identifierOf = (postId: number) => `blog:post-${postId}`;

export interface SearchDocument {
  identifier: string;
  /** The search service weights the title above the body and highlights it on its own. */
  title: string;
  content: string;
  metadata: Record<string, string>;
}

/** The search document of a post that readers can see now, or null (draft, scheduled, page, gone). */
export async function searchDocumentFor(
  quire: BlogDatabase,
  postId: number,
  now = new Date(),
): Promise<SearchDocument | null> {
  const row = quire.sqlite
    .prepare<[number], { slug: string; type: "post" | "page" }>(
      "SELECT slug, type FROM posts WHERE id = ?",
    )
    .get(postId);
  if (!row) return null;
  const post = await getPublishedPostBySlug(quire, row.slug, now, row.type);
  if (!post) return null;
  return {
    identifier: identifierOf(post.id),
    title: post.title.slice(0, 10_000),
    content: post.plaintext.slice(0, 1_000_000),
    metadata: {
      title: post.title,
      slug: post.slug,
      url: post.type === "page" ? `/${post.slug}` : `/posts/${post.slug}`,
      excerpt: post.excerpt,
      tags: post.tags.map((t) => t.slug).join(","),
      published_at: post.publishedAt?.toISOString() ?? "",
    },
  };
}

export interface DeliveryResult {
  upserted: number;
  deleted: number;
  failed: number;
  /** Rows still waiting (due later or failed). */
  pending: number;
}

export const backoffMs = (attempts: number) =>
  Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 20));

/** Deliver what is due, once. Never throws: a failure is recorded on the rows and retried later. */
export async function deliverSearchOutbox(
  quire: BlogDatabase,
  search: SearchClient,
  now = new Date(),
): Promise<DeliveryResult> {
  const due = quire.db
    .select({ id: searchOutbox.id, postId: searchOutbox.postId, attempts: searchOutbox.attempts })
    .from(searchOutbox)
    .where(lte(searchOutbox.nextAttemptAt, now))
    .orderBy(searchOutbox.id)
    .limit(BATCH)
    .all();
  const pendingCount = () =>
    quire.db
      .select({ n: sql<number>`count(*)` })
      .from(searchOutbox)
      .get()!.n;
  if (due.length === 0) return { upserted: 0, deleted: 0, failed: 0, pending: pendingCount() };

  const postIds = [...new Set(due.map((r) => r.postId))];
  const maxId = Math.max(...due.map((r) => r.id));
  const documents: SearchDocument[] = [];
  const gone: string[] = [];
  for (const id of postIds) {
    const doc = await searchDocumentFor(quire, id, now);
    if (doc) documents.push(doc);
    else gone.push(identifierOf(id));
  }
  try {
    if (documents.length > 0)
      await search.service.upsertDocuments.mutate({ index: SEARCH_INDEX, documents });
    if (gone.length > 0) await search.service.deleteDocuments.mutate({ identifiers: gone });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    await quire.writer.run((db) => {
      for (const row of due) {
        db.update(searchOutbox)
          .set({
            attempts: row.attempts + 1,
            nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)),
            lastError: message,
          })
          .where(eq(searchOutbox.id, row.id))
          .run();
      }
    });
    return { upserted: 0, deleted: 0, failed: due.length, pending: pendingCount() };
  }
  // Rows that arrived while we were sending stay (higher ids): they are delivered next round.
  await quire.writer.run((db) =>
    db
      .delete(searchOutbox)
      .where(and(inArray(searchOutbox.postId, postIds), lte(searchOutbox.id, maxId)))
      .run(),
  );
  return { upserted: documents.length, deleted: gone.length, failed: 0, pending: pendingCount() };
}

/** Queue every post for search: the admin's "reindex all" (the worker sends them in batches). */
export async function reindexAll(quire: BlogDatabase): Promise<{ queued: number }> {
  return quire.writer.run((db) => {
    const result = db.run(
      sql`INSERT INTO search_outbox (post_id, op) SELECT id, 'upsert' FROM posts`,
    );
    return { queued: result.changes };
  });
}

export interface OutboxStatus {
  pending: number;
  failing: number;
  lastError: string | null;
}

export function searchOutboxStatus(quire: BlogDatabase): OutboxStatus {
  const row = quire.sqlite
    .prepare<[], { pending: number; failing: number; last_error: string | null }>(
      `SELECT count(*) AS pending, count(*) FILTER (WHERE attempts > 0) AS failing,
              (SELECT last_error FROM search_outbox WHERE last_error IS NOT NULL ORDER BY id DESC LIMIT 1) AS last_error
       FROM search_outbox`,
    )
    .get()!;
  return { pending: row.pending, failing: row.failing, lastError: row.last_error };
}

/**
 * The background worker: delivers every `intervalMs` while there is work (and on `poke()` after a
 * change), backing off by itself through the rows' `next_attempt_at`.
 */
export function startSearchOutboxWorker(
  quire: BlogDatabase,
  getSearch: () => Promise<SearchClient>,
  { intervalMs = 2000 } = {},
) {
  let stopped = false;
  let running = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      let result: DeliveryResult;
      do {
        again = false;
        result = await deliverSearchOutbox(quire, await getSearch());
      } while (
        !stopped &&
        (again ||
          (result.failed === 0 && result.upserted + result.deleted > 0 && result.pending > 0))
      );
    } catch (error) {
      console.error("[quire:blog] search outbox:", error);
    } finally {
      running = false;
    }
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), intervalMs);
    timer.unref?.();
  };
  void tick();
  return {
    poke() {
      void tick();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
export type SearchOutboxWorker = ReturnType<typeof startSearchOutboxWorker>;
