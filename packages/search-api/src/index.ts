export { searchRouter } from "./router";
export type { SearchRouter } from "./router";
export { createCallerFactory } from "./trpc";
export type { SearchContext } from "./trpc";
export { getSearchHealth } from "./health";
