import { TRPCError } from "@trpc/server";

export type BlogErrorCode =
  "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE";

const HTTP_STATUS: Record<BlogErrorCode, number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

/** A domain error with the HTTP meaning it has for the caller (tRPC code, or a REST status). */
export class BlogError extends Error {
  constructor(
    readonly code: BlogErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "BlogError";
  }
  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

/** Domain errors (and the writer's constraint errors) as precise tRPC errors; anything else stays a 500. */
export function toTRPCError(error: unknown): unknown {
  if (error instanceof BlogError)
    return new TRPCError({ code: error.code, message: error.message, cause: error });
  if (error instanceof RangeError)
    return new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: error.message, cause: error });
  const code = (error as { code?: string } | null)?.code ?? "";
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return new TRPCError({ code: "CONFLICT", message: "That already exists", cause: error });
  }
  if (code === "SQLITE_CONSTRAINT_TRIGGER") {
    return new TRPCError({ code: "BAD_REQUEST", message: (error as Error).message, cause: error });
  }
  return error;
}

export async function trpcErrors<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toTRPCError(error);
  }
}
