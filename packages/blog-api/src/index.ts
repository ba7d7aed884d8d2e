export { blogRouter } from "./router";
export type { BlogRouter } from "./router";
export { createCallerFactory } from "./trpc";
export type { BlogContext, BlogPeers } from "./trpc";
export { getBlogHealth, checkPeers } from "./health";
