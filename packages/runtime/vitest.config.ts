import { quireVitest } from "@quire/vitest-config";

export default quireVitest();
