export * from "./harness";
export * from "./browser";
export * from "./admin";
