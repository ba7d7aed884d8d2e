import type { NextConfig } from "next";

const config: NextConfig = {
  // Internal packages ship TypeScript source ("just-in-time" packages).
  transpilePackages: [
    "@quire/auth",
    "@quire/search-api",
    "@quire/search-db",
    "@quire/db",
    "@quire/env",
    "@quire/runtime",
    "@quire/trpc",
    "@quire/ui",
  ],
  serverExternalPackages: ["better-sqlite3", "better-sqlite3-multiple-ciphers"],
  // Types and lint are checked by `pnpm typecheck` / `pnpm lint`, once for the whole repo.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Scout's URLs end in "/" (/scout/documents/); without this Next 308-redirects them to the slash-less path.
  skipTrailingSlashRedirect: true,
};

export default config;
