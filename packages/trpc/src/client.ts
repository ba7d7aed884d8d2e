import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { TRPCLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import superjson from "superjson";

export { TRPCClientError };

export interface ServiceClientOptions<TRouter extends AnyTRPCRouter> {
  /** Base URL of the peer app, e.g. http://localhost:3001 */
  url: string;
  /** The shared service token (QUIRE_SERVICE_TOKEN or the data-dir secrets file). */
  token: string;
  /** Abort a call after this long; a peer that hangs counts as down. */
  timeoutMs?: number;
  /** Replace the HTTP link, e.g. with an in-process link in tests. */
  link?: TRPCLink<TRouter>;
}

/**
 * A typed tRPC client for calling another Quire app's `service.*` procedures.
 * Each app's `@quire/<app>-api/client` wraps this with its router type.
 *
 * @example
 * const search = createServiceClient<SearchRouter>({ url: env.SEARCH_URL, token });
 * const health = await search.service.health.query();
 */
export function createServiceClient<TRouter extends AnyTRPCRouter>(options: ServiceClientOptions<TRouter>) {
  const timeoutMs = options.timeoutMs ?? 3000;
  const link =
    options.link ??
    (httpBatchLink<AnyTRPCRouter>({
      url: `${options.url.replace(/\/+$/, "")}/api/trpc`,
      transformer: superjson,
      headers: () => ({ authorization: `Bearer ${options.token}` }),
      fetch: (input, init) => fetch(input, { ...(init as RequestInit), signal: AbortSignal.timeout(timeoutMs) }),
    }) as TRPCLink<TRouter>);
  return createTRPCClient<TRouter>({ links: [link] });
}
