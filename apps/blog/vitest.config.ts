import { quireVitest } from "@quire/vitest-config";

export default quireVitest({ resolve: { alias: { "~": new URL("./src", import.meta.url).pathname } } });
