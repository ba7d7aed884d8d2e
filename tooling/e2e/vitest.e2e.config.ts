import { quireVitest } from "@quire/vitest-config";

// Each file starts three Next servers and a Chromium: run files one after another, with room to boot.
const config = quireVitest({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    fileParallelism: false,
  },
});

// mergeConfig would append to the shared `include`; this package runs only end-to-end files.
export default { ...config, test: { ...config.test, include: ["test/**/*.e2e.test.ts"] } };
