import type { RenderedBody } from "@quire/blog-db";
import rehypeShikiFromHighlighter from "@shikijs/rehype/core";
import rehypeAutolinkHeadings from "rehype-autolink-headings";
import rehypeRaw from "rehype-raw";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeSlug from "rehype-slug";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { createHighlighter } from "shiki";
import type { HighlighterGeneric } from "shiki";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import { unified } from "unified";

import { h, text, textOf, visitElements } from "./hast";
import type { HElement, HNode, HParent, HRoot } from "./hast";
import type { Embed, OembedResolver } from "./oembed";

/** Longest markdown body accepted (characters): a clear 400 rather than a slow render. */
export const MAX_MARKDOWN_LENGTH = 200_000;
const WORDS_PER_MINUTE = 230;
const EXCERPT_LENGTH = 200;

export const SHIKI_THEME = "github-light";

/**
 * What authors may use: GitHub's schema (rehype-sanitize's default) plus figures, `<mark>`,
 * `<abbr>` and table captions. Raw HTML in the markdown (Ghost users paste it) is parsed by
 * rehype-raw and then sanitized like everything else, before our own trusted additions (heading
 * anchors, embeds, highlighting) are made: no script, style, event handler, SVG, iframe or
 * `javascript:` URL survives.
 */
const schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), "figure", "figcaption", "mark", "abbr", "caption"],
  ancestors: { ...defaultSchema.ancestors, caption: ["table"] },
  // Dropped with their content (other unknown elements are unwrapped, their text kept).
  strip: ["script", "style", "noscript", "template", "title", "textarea", "xmp", "noembed"],
  // Ids and names are prefixed by rehypePrefixIds before sanitizing (footnotes' ids already are).
  clobberPrefix: "",
};

const ID_PREFIX = "user-content-";

/**
 * Ids and names written in raw HTML could shadow page globals by named access
 * (`<a id="__next_f">` breaks hydration): prefix them all, as GitHub does. remark-rehype already
 * prefixes footnotes' ids, and prefixing those again would break their links.
 */
function rehypePrefixIds() {
  const prefixed = (v: unknown) => {
    const value = typeof v === "string" || typeof v === "number" ? String(v) : "";
    return value.startsWith(ID_PREFIX) ? value : ID_PREFIX + value;
  };
  return (tree: HRoot) => {
    visitElements(tree, (el) => {
      for (const key of ["id", "name"] as const) {
        const value = el.properties[key];
        if (value !== undefined && value !== null) el.properties[key] = prefixed(value);
      }
      for (const key of ["ariaDescribedBy", "ariaLabelledBy"] as const) {
        const value: unknown = el.properties[key];
        if (Array.isArray(value)) el.properties[key] = value.map(prefixed);
      }
    });
  };
}

/**
 * Heading ids come from the heading text. One starting with `_` could shadow a page global by
 * named access (`window.__next_f`): give those a prefix.
 */
function rehypeSafeIds() {
  return (tree: HRoot) => {
    visitElements(tree, (el) => {
      const id = el.properties.id;
      if (typeof id === "string" && /^[_$]/.test(id)) el.properties.id = `h${id}`;
    });
  };
}

let highlighter: Promise<HighlighterGeneric<string, string>> | undefined;

/**
 * Shiki with the JavaScript regex engine (no WebAssembly to bundle): created once per process,
 * since it is the slow part of a save.
 */
function getHighlighter() {
  highlighter ??= createHighlighter({
    themes: [SHIKI_THEME],
    // The common ones up front; any other bundled language loads on first use.
    langs: [
      "ts",
      "tsx",
      "js",
      "jsx",
      "json",
      "bash",
      "shell",
      "sql",
      "python",
      "html",
      "css",
      "yaml",
      "markdown",
      "diff",
      "go",
      "rust",
    ],
    engine: createJavaScriptRegexEngine({ forgiving: true }),
  }) as Promise<HighlighterGeneric<string, string>>;
  return highlighter;
}

function embedNode(embed: Embed): HElement {
  const caption = (label: string) =>
    h("figcaption", {}, [
      h("a", { href: embed.url, rel: ["nofollow", "noopener"] }, [text(label || embed.url)]),
    ]);
  switch (embed.kind) {
    case "iframe":
      return h("figure", { className: ["q-embed", "q-embed-iframe"] }, [
        h("iframe", {
          src: embed.src,
          width: String(embed.width),
          height: String(embed.height),
          title: embed.title || `${embed.providerName} embed`,
          loading: "lazy",
          // The provider's player runs in its own origin; it may not navigate our page.
          sandbox: "allow-scripts allow-same-origin allow-popups allow-presentation",
          allow: "encrypted-media; picture-in-picture; fullscreen",
          allowFullScreen: true,
          referrerPolicy: "strict-origin-when-cross-origin",
        }),
        caption(embed.title ? `${embed.title} (${embed.providerName})` : embed.providerName),
      ]);
    case "photo":
      return h("figure", { className: ["q-embed", "q-embed-photo"] }, [
        h("img", {
          src: embed.src,
          alt: embed.title,
          loading: "lazy",
          ...(embed.width ? { width: String(embed.width) } : {}),
          ...(embed.height ? { height: String(embed.height) } : {}),
        }),
        caption(embed.title ? `${embed.title} (${embed.providerName})` : embed.providerName),
      ]);
    case "card":
      return h("figure", { className: ["q-embed", "q-embed-card"] }, [
        h("blockquote", {}, [
          ...(embed.title ? [h("p", {}, [h("strong", {}, [text(embed.title)])])] : []),
          ...(embed.text ? [h("p", {}, [text(embed.text)])] : []),
        ]),
        caption(`${embed.authorName ? `${embed.authorName} · ` : ""}${embed.providerName}`),
      ]);
  }
}

/** A paragraph that is only a link whose text is its own URL: a "URL alone on a line". */
function bareUrlOf(p: HElement): string | null {
  if (p.tagName !== "p") return null;
  const children = p.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
  const only = children[0];
  if (children.length !== 1 || only?.type !== "element" || only.tagName !== "a") return null;
  const href = only.properties.href;
  if (typeof href !== "string" || !/^https?:\/\//i.test(href)) return null;
  return textOf(only).trim() === href ? href : null;
}

/** Replace bare-URL paragraphs with embeds (after sanitizing: our nodes are built, not parsed). */
function rehypeEmbeds(options: { resolver?: OembedResolver }) {
  return async (tree: HRoot) => {
    if (!options.resolver) return;
    const spots: { parent: HParent; index: number; url: string }[] = [];
    visitElements(tree, (el, parent, index) => {
      const url = bareUrlOf(el);
      if (url) spots.push({ parent, index, url });
    });
    const embeds = await Promise.all(spots.map((s) => options.resolver!.resolve(s.url)));
    spots.forEach((spot, i) => {
      const embed = embeds[i];
      if (embed) spot.parent.children[spot.index] = embedNode(embed);
    });
  };
}

/** Plain text of the rendered body (before highlighting splits code into spans; same text). */
function rehypeCollectText(out: { plaintext: string }) {
  return (tree: HRoot) => {
    const blocks: string[] = [];
    const walk = (node: HNode) => {
      if (node.type !== "element") return;
      if (
        [
          "p",
          "li",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "pre",
          "blockquote",
          "td",
          "th",
          "figcaption",
          "summary",
          "dt",
          "dd",
          "caption",
        ].includes(node.tagName)
      ) {
        // Anchor links added to headings have no text; the heading's own text is what counts.
        blocks.push(textOf(node).replace(/\s+/g, " ").trim());
        return;
      }
      node.children.forEach(walk);
    };
    tree.children.forEach(walk);
    out.plaintext = blocks.filter(Boolean).join("\n\n");
  };
}

export function excerptOf(plaintext: string, length = EXCERPT_LENGTH): string {
  const flat = plaintext.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(" ");
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, "")}…`;
}

export function readingMinutesOf(plaintext: string): number {
  const words = plaintext.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

export interface RenderOptions {
  /** Resolves URLs alone on a line to embeds; without it they stay links. */
  resolver?: OembedResolver;
}

/**
 * Markdown → sanitized HTML, once, at save time: GFM, heading anchors, embeds, server-side
 * syntax highlighting. Also the plain text, an excerpt and the reading time.
 *
 * @example
 * const { html, excerpt, readingMinutes } = await renderMarkdown("# Hi\n\n```ts\nlet x = 1\n```");
 */
export async function renderMarkdown(
  markdown: string,
  options: RenderOptions = {},
): Promise<RenderedBody> {
  if (markdown.length > MAX_MARKDOWN_LENGTH) {
    throw new RangeError(
      `The body is too long: ${markdown.length} characters (at most ${MAX_MARKDOWN_LENGTH}).`,
    );
  }
  const collected = { plaintext: "" };
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypePrefixIds)
    .use(rehypeSanitize, schema)
    .use(rehypeCollectText, collected)
    .use(rehypeSlug)
    .use(rehypeSafeIds)
    .use(rehypeAutolinkHeadings, {
      behavior: "append",
      properties: { className: ["q-anchor"], ariaLabel: "Link to this section" },
      content: { type: "text", value: "#" },
    })
    .use(rehypeEmbeds, options)
    .use(rehypeShikiFromHighlighter, await getHighlighter(), {
      theme: SHIKI_THEME,
      lazy: true,
      fallbackLanguage: "text",
      addLanguageClass: true,
    })
    .use(rehypeStringify);
  const html = String(await processor.process(markdown));
  const plaintext = collected.plaintext;
  return {
    html,
    plaintext,
    excerpt: excerptOf(plaintext),
    readingMinutes: readingMinutesOf(plaintext),
  };
}
