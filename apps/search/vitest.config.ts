import { quireVitest } from "@quire/vitest-config";

// Unit tests of the console's pure helpers (URL state, input checks); the pages are tested in Chromium (tooling/e2e).
export default quireVitest();
