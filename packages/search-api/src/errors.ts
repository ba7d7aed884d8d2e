import { TRPCError } from "@trpc/server";

/**
 * A client error with its HTTP status: the REST routes answer
 * `{ "error": message }` with `status`, tRPC procedures rethrow it as a
 * TRPCError with the matching code (see {@link toTRPCError}).
 */
export class ScoutError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 503,
    message: string,
  ) {
    super(message);
    this.name = "ScoutError";
  }
}

export const badRequest = (message: string) => new ScoutError(400, message);
export const notFound = (message: string) => new ScoutError(404, message);

const TRPC_CODES = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  413: "PAYLOAD_TOO_LARGE",
  503: "SERVICE_UNAVAILABLE",
} as const;

/** The same error for a tRPC caller; anything else passes through unchanged. */
export function toTRPCError(error: unknown): unknown {
  if (error instanceof ScoutError) {
    return new TRPCError({ code: TRPC_CODES[error.status], message: error.message, cause: error });
  }
  return error;
}

/** Run `fn`, turning ScoutErrors into TRPCErrors: for procedure bodies. */
export async function trpcErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toTRPCError(error);
  }
}

/** SQLite's error code, if `error` came from SQLite. */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_") ? code : undefined;
}

export const isUniqueViolation = (error: unknown) =>
  sqliteCode(error) === "SQLITE_CONSTRAINT_UNIQUE";
