import { createTRPC } from "@quire/trpc";
import type { BaseContext } from "@quire/trpc";
import type { SearchDatabase } from "@quire/search-db";

export interface SearchContext extends BaseContext {
  quire: SearchDatabase;
}

export const { router, publicProcedure, adminProcedure, serviceProcedure, createCallerFactory } =
  createTRPC<SearchContext>();
