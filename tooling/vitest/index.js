import { defineConfig, mergeConfig } from "vitest/config";

/**
 * Shared vitest settings (plain JS so vitest's config loader can import it
 * without a TypeScript step). Every package writes a machine-readable result
 * file (`.vitest-result.json`) that `scripts/test-all.sh` sums into the final
 * `N passed, N failed` line.
 *
 * @example
 * export default quireVitest({ test: { testTimeout: 60_000 } });
 *
 * @param {import("vitest/config").ViteUserConfig} [overrides]
 * @returns {import("vitest/config").ViteUserConfig}
 */
export function quireVitest(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        environment: "node",
        pool: "forks",
        testTimeout: 30_000,
        hookTimeout: 60_000,
        reporters: ["default", ["json", { outputFile: ".vitest-result.json" }]],
        server: { deps: { inline: [/@quire\//] } },
      },
    }),
    overrides,
  );
}
