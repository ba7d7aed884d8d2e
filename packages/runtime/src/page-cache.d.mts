import type { IncomingMessage, ServerResponse } from "node:http";

export interface PageCacheStats {
  hits: number;
  misses: number;
  stored: number;
  entries: number;
  clears: number;
}

export interface PageCache {
  /**
   * Answer from the cache when there is a fresh entry (true). Otherwise false, and the answer the
   * caller now gets upstream is watched and kept if it was served from Next's cache.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Drop every entry. */
  clear(): void;
  stats(): PageCacheStats;
}

export function createPageCache(options?: {
  ttlMs?: number;
  maxEntries?: number;
  maxBodyBytes?: number;
  now?: () => number;
}): PageCache;
