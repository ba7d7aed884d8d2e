import type { NextConfig } from "next";

const config: NextConfig = {
  // Internal packages ship TypeScript source ("just-in-time" packages).
  transpilePackages: [
    "@quire/auth",
    "@quire/blog-api",
    "@quire/blog-db",
    "@quire/db",
    "@quire/env",
    "@quire/runtime",
    "@quire/search-api",
    "@quire/analytics-api",
    "@quire/trpc",
    "@quire/ui",
  ],
  serverExternalPackages: ["better-sqlite3"],
  // Types and lint are checked by `pnpm typecheck` / `pnpm lint`, once for the whole repo.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  experimental: {
    /**
     * Cached pages live in this process's memory only. On disk they would outlive the process and
     * be served by the next one, whose database may differ (a restored backup, a new data
     * directory, a post changed while the app was down) until their 5-minute revalidation; from
     * memory each start renders from the live database on first visit.
     */
    isrFlushToDisk: false,
  },
  /**
   * The home page is cached whole (ISR) per page number, which a page reading `?page=` cannot be:
   * `/` and `/?page=1…999` go to /page/<n> (cached, a bounded set), any other `?page=` to the
   * per-request /archive (deep pages, and the inline error for a bad number).
   */
  async rewrites() {
    return {
      beforeFiles: [
        {
          source: "/",
          has: [{ type: "query", key: "page", value: "(?<n>[1-9][0-9]{0,2})" }],
          destination: "/page/:n",
        },
        { source: "/", has: [{ type: "query", key: "page" }], destination: "/archive" },
        { source: "/", destination: "/page/1" },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
};

export default config;
