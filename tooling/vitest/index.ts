import { defineConfig, mergeConfig, type ViteUserConfig } from "vitest/config";

/**
 * Shared vitest settings. Every package writes a machine-readable result file
 * (`.vitest-result.json`) that `scripts/test-all.sh` sums into the final
 * `N passed, N failed` line.
 *
 * @example
 * export default quireVitest({ test: { testTimeout: 60_000 } });
 */
export function quireVitest(overrides: ViteUserConfig = {}): ViteUserConfig {
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
