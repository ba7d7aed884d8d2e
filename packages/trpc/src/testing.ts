import { unstable_localLink } from "@trpc/client";
import type { TRPCLink } from "@trpc/client";
import type { AnyTRPCRouter, inferRouterContext } from "@trpc/server";
import superjson from "superjson";

/**
 * An in-process link for cross-app tests: a service client built with it
 * (`createSearchClient({ url, token, link })`) calls the peer's real router
 * directly, with superjson and error shapes as over HTTP, and with the context
 * the test chooses (e.g. `service: false` to play a wrong token).
 *
 * @example
 * const link = createLocalLink({ router: searchRouter, createContext: () => ({ ...ctx, service: true }) });
 * const search = createSearchClient({ url: "http://search.test", token: "unused", link });
 */
export function createLocalLink<TRouter extends AnyTRPCRouter>(options: {
  router: TRouter;
  createContext: () => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
}): TRPCLink<TRouter> {
  return unstable_localLink<AnyTRPCRouter>({
    router: options.router,
    transformer: superjson,
    createContext: async () => options.createContext(),
  }) as TRPCLink<TRouter>;
}
