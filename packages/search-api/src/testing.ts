/**
 * For cross-app tests only (never imported by app code): the real search
 * router and a fresh test database, so another app's tests can serve search
 * in-process through `createLocalLink` from `@quire/trpc/testing`.
 */
export { createTestSearchDatabase } from "@quire/search-db/testing";
export { seedDemo as seedSearchDemo } from "@quire/search-db";
export { searchRouter } from "./router";
export type { SearchContext } from "./trpc";
