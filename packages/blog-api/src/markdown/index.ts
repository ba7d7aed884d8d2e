import type { BlogDatabase, RenderMarkdown } from "@quire/blog-db";

import { createOembedResolver, databaseOembedCache } from "./oembed";
import type { OembedResolverOptions } from "./oembed";
import { renderMarkdown } from "./render";

export * from "./oembed";
export * from "./render";

/**
 * The blog's markdown pipeline bound to its database: oEmbed results are cached in `blog.db`.
 *
 * @example
 * const render = createRenderer(quire);
 * const { html } = await render("https://vimeo.com/76979871");
 */
export function createRenderer(
  quire: BlogDatabase,
  oembed: OembedResolverOptions = {},
): RenderMarkdown {
  const resolver = createOembedResolver({
    discovery: true,
    cache: databaseOembedCache(quire),
    ...oembed,
  });
  return (markdown) => renderMarkdown(markdown, { resolver });
}
