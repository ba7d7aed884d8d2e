// A whole-response cache in front of Next.js for public pages, in the spirit of an nginx
// micro-cache: plain JavaScript because the custom server (next-server.mjs) runs it untranspiled.
//
// Why: a page Next serves from its ISR cache still costs about 1 ms of Next's request pipeline
// (routing, proxy matching, React Server Components bookkeeping); on a 2-core machine that caps
// a cached page near 900 requests/s. Keeping the bytes of the answers Next itself served from
// its cache (`x-nextjs-cache: HIT`) and replaying them costs a few microseconds.
//
// Correctness: only answers Next served from its own cache are kept, so nothing is cached that
// Next would not have served as is; entries expire after `ttlMs` and all go at once when the app
// calls clear() (@quire/runtime's clearPageCache(), from the same place it calls revalidatePath),
// and an answer captured while a clear happened is dropped. Only plain document GETs take part:
// no client-router (RSC) requests, no conditional or range requests, no answers setting cookies.

/** Request headers that make an answer differ from the plain document, or ask for a part of it. */
const BYPASS_HEADERS = [
  "rsc",
  "next-router-state-tree",
  "next-router-prefetch",
  "next-router-segment-prefetch",
  "next-action",
  "next-url",
  "if-none-match",
  "if-modified-since",
  "range",
  "authorization",
];
/** Hop-by-hop or per-response headers that must not be replayed from a stored answer. */
const DROP_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "date"]);

/**
 * @typedef {{ status: number, headers: Record<string, string | string[]>, body: Buffer, expires: number }} Entry
 * @typedef {{ hits: number, misses: number, stored: number, entries: number, clears: number }} PageCacheStats
 */

/**
 * @param {{ ttlMs?: number, maxEntries?: number, maxBodyBytes?: number, now?: () => number }} [options]
 */
export function createPageCache({
  ttlMs = 10_000,
  maxEntries = 1000,
  maxBodyBytes = 1 << 20,
  now = Date.now,
} = {}) {
  /** @type {Map<string, Entry>} */
  const entries = new Map();
  let generation = 0;
  const stats = { hits: 0, misses: 0, stored: 0, clears: 0 };

  /**
   * The cache key of a request that may take part, or null.
   * @param {import("node:http").IncomingMessage} req
   */
  function keyOf(req) {
    if (req.method !== "GET") return null;
    const url = req.url ?? "";
    if (!url.startsWith("/") || url.length > 2048 || url.includes("_rsc=")) return null;
    for (const name of BYPASS_HEADERS) if (req.headers[name] !== undefined) return null;
    // Next compresses for clients that accept gzip: one entry per encoding it would choose.
    const encoding = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) ? "gzip" : "identity";
    return `${encoding} ${url}`;
  }

  /**
   * Watch the answer Next gives to this request and keep it when Next served it from its own
   * cache.
   * @param {string} key
   * @param {import("node:http").ServerResponse} res
   */
  function capture(key, res) {
    const started = generation;
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let tooBig = false;
    /** @type {Record<string, string | string[]>} */
    const passed = {};
    const keep = (chunk, encoding) => {
      if (tooBig || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8");
      size += buffer.length;
      if (size > maxBodyBytes) tooBig = true;
      else chunks.push(Buffer.from(buffer));
    };
    const { write, end, writeHead } = res;
    res.writeHead = function (status, ...rest) {
      const headers = rest.find((r) => r && typeof r === "object");
      if (headers && !Array.isArray(headers)) {
        for (const [name, value] of Object.entries(headers)) passed[name.toLowerCase()] = value;
      }
      return writeHead.call(this, status, ...rest);
    };
    res.write = function (chunk, encoding, ...rest) {
      keep(chunk, encoding);
      return write.call(this, chunk, encoding, ...rest);
    };
    res.end = function (chunk, encoding, ...rest) {
      keep(chunk, encoding);
      return end.call(this, chunk, encoding, ...rest);
    };
    res.once("finish", () => {
      if (tooBig || started !== generation || res.statusCode !== 200) return;
      /** @type {Record<string, string | string[]>} */
      const headers = {};
      for (const [name, value] of Object.entries({ ...res.getHeaders(), ...passed })) {
        if (value === undefined || DROP_HEADERS.has(name)) continue;
        headers[name] = typeof value === "number" ? String(value) : value;
      }
      if (headers["x-nextjs-cache"] !== "HIT" || headers["set-cookie"] !== undefined) return;
      entries.delete(key);
      entries.set(key, { status: 200, headers, body: Buffer.concat(chunks), expires: now() + ttlMs });
      stats.stored++;
      // Oldest first out: Map keeps insertion order.
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value);
    });
  }

  return {
    /**
     * Answer from the cache when there is a fresh entry (true: answered). Otherwise false, and the
     * answer the caller now gets from Next is watched and kept if Next served it from its cache.
     * @param {import("node:http").IncomingMessage} req
     * @param {import("node:http").ServerResponse} res
     */
    handle(req, res) {
      const key = keyOf(req);
      if (key === null) return false;
      const entry = entries.get(key);
      if (entry && entry.expires > now()) {
        stats.hits++;
        res.writeHead(entry.status, {
          ...entry.headers,
          "content-length": String(entry.body.length),
          "x-quire-page-cache": "HIT",
        });
        res.end(entry.body);
        return true;
      }
      if (entry) entries.delete(key);
      stats.misses++;
      capture(key, res);
      return false;
    },

    /** Drop every entry (after any change to public content). */
    clear() {
      generation++;
      stats.clears++;
      entries.clear();
    },

    /** @returns {PageCacheStats} */
    stats() {
      return { ...stats, entries: entries.size };
    },
  };
}
