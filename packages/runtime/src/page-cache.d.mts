import type { IncomingMessage, ServerResponse } from "node:http";

export interface PageCacheStats {
  hits: number;
  misses: number;
  stored: number;
  entries: number;
  clears: number;
}

export interface PageCache {
  /** Answer from the cache when there is a fresh entry; true when answered. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** Watch the upstream answer to this request and keep it if it was served from Next's cache. */
  capture(req: IncomingMessage, res: ServerResponse): void;
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
