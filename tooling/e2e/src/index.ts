export * from "./harness";
export * from "./browser";
export * from "./admin";
export * from "./http";
