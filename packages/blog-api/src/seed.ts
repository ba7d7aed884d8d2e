import { seedDemo } from "@quire/blog-db";
import type { BlogDatabase } from "@quire/blog-db";

import { createRenderer } from "./markdown";

/** The demo content, rendered through the real markdown pipeline (no oEmbed lookups). */
export function seedBlogDemo(quire: BlogDatabase, now?: number): Promise<boolean> {
  const render = createRenderer(quire, { providers: [], discovery: false });
  return seedDemo(quire, { now, render });
}
