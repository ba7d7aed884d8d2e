import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { AnyTRPCRouter } from "@trpc/server";

/**
 * The `/api/trpc/[trpc]` route handler of an app.
 *
 * @example
 * const handler = createNextTRPCHandler({ router: appRouter, createContext });
 * export { handler as GET, handler as POST };
 */
export function createNextTRPCHandler<TRouter extends AnyTRPCRouter>(options: {
  router: TRouter;
  createContext: (request: Request) => Promise<object> | object;
}) {
  return (request: Request) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req: request,
      router: options.router,
      createContext: () => options.createContext(request),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
        }
      },
    });
}
