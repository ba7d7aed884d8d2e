"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { TRPCLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState } from "react";
import type { ReactNode } from "react";
import superjson from "superjson";

/**
 * The browser side of an app's tRPC: a provider and a `useTRPC()` hook typed
 * with the app's router. Calls go to the same origin's `/api/trpc`, with the
 * session cookie.
 *
 * @example
 * export const { TRPCReactProvider, useTRPC } = createTRPCReact<BlogRouter>();
 */
export function createTRPCReact<TRouter extends AnyTRPCRouter>() {
  const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<TRouter>();

  function TRPCReactProvider({ children }: { children: ReactNode }) {
    const [queryClient] = useState(
      () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } }),
    );
    const [trpcClient] = useState(() =>
      createTRPCClient<TRouter>({
        links: [
          httpBatchLink<AnyTRPCRouter>({ url: "/api/trpc", transformer: superjson }) as TRPCLink<TRouter>,
        ],
      }),
    );
    return (
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    );
  }

  return { TRPCReactProvider, useTRPC, useTRPCClient };
}
