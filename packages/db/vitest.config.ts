import { quireVitest } from "@quire/vitest-config";

export default quireVitest({ test: { testTimeout: 120_000 } });
