import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";

import type { Auth, Session } from "@quire/auth";

export { TRPCError } from "@trpc/server";
export * from "./schemas";

/** What every app's tRPC context carries; apps extend it with their database. */
export interface BaseContext {
  /** The admin session from the cookie (null for anonymous or untrusted-origin writes). */
  session: Session | null;
  /** True when the caller presented the service token (another Quire app). */
  service: boolean;
  headers: Headers;
}

/**
 * Build the auth part of a context from a request. A cookie session is only
 * honoured for writes when the request comes from a trusted origin (CSRF);
 * reads (GET) always see it.
 */
export function createBaseContext(auth: Auth, request: Request): BaseContext {
  const headers = request.headers;
  const write = request.method !== "GET" && request.method !== "HEAD";
  const session =
    !write || auth.isTrustedOrigin(headers, request.url) ? auth.sessionFromHeaders(headers) : null;
  return { session, service: auth.isServiceRequest(headers), headers };
}

/**
 * One tRPC instance per app router, with the shared plumbing: superjson,
 * zod errors flattened into `data.zodError`, and the three kinds of procedure.
 *
 * @example
 * export const { router, publicProcedure, adminProcedure, serviceProcedure } = createTRPC<SearchContext>();
 */
export function createTRPC<TContext extends BaseContext>() {
  const t = initTRPC.context<TContext>().create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      return {
        ...shape,
        data: {
          ...shape.data,
          // Only bad input is the caller's to see; a ZodError behind a 500 (output validation) stays private.
          zodError: error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
        },
      };
    },
  });

  const adminProcedure = t.procedure.use(({ ctx, next }) => {
    if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Log in as admin first" });
    return next({ ctx: { ...ctx, session: ctx.session } });
  });

  /** Only other Quire apps (holding the service token) may call these. */
  const serviceProcedure = t.procedure.use(({ ctx, next }) => {
    if (!ctx.service) throw new TRPCError({ code: "UNAUTHORIZED", message: "A valid service token is required" });
    return next();
  });

  return {
    router: t.router,
    middleware: t.middleware,
    mergeRouters: t.mergeRouters,
    createCallerFactory: t.createCallerFactory,
    publicProcedure: t.procedure,
    adminProcedure,
    serviceProcedure,
  };
}
export { serviceHealth } from "./health";
