export * from "./harness";
export * from "./browser";
