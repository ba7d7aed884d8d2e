import { quireVitest } from "@quire/vitest-config";

// Every test drives the real program in child processes (each open pays the
// SQLCipher key derivation), so allow them time.
export default quireVitest({ test: { testTimeout: 120_000 } });
