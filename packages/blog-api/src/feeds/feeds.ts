import { getSettings, listFeedPosts, listSitemapEntries, listTags } from "@quire/blog-db";
import type { BlogDatabase, PostDetail, Tag } from "@quire/blog-db";

export interface Site {
  /** Absolute base URL (BLOG_URL), no trailing slash. */
  url: string;
  title: string;
  description: string;
  lang: string;
}

export const FEED_SIZE = 20;

/** Escape text for XML element content and attribute values. Drops characters XML 1.0 forbids. */
export function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

/** HTML inside CDATA: a literal `]]>` in the content is split across two sections. */
function cdata(html: string): string {
  // eslint-disable-next-line no-control-regex
  return `<![CDATA[${html.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

export const postUrl = (site: Site, slug: string) =>
  `${site.url}/posts/${encodeURIComponent(slug)}`;
export const pageUrl = (site: Site, slug: string) => `${site.url}/${encodeURIComponent(slug)}`;
export const tagUrl = (site: Site, slug: string) => `${site.url}/tag/${encodeURIComponent(slug)}`;

/** Relative links in post bodies (uploaded images, anchors) made absolute for feed readers. */
function absolutize(html: string, site: Site): string {
  return html.replace(/(\s(?:href|src)=")\/(?!\/)/g, `$1${site.url}/`);
}

export function siteFrom(quire: BlogDatabase, baseUrl: string): Site {
  const s = getSettings(quire);
  return {
    url: baseUrl.replace(/\/+$/, ""),
    title: s.title,
    description: s.description,
    lang: s.lang,
  };
}

/** RSS 2.0 with the full content (`content:encoded`), newest first. */
export function renderRss(
  site: Site,
  posts: PostDetail[],
  options: { title?: string; selfUrl: string; link?: string },
): string {
  const items = posts
    .map(
      (p) => `    <item>
      <title>${xml(p.title)}</title>
      <link>${xml(postUrl(site, p.slug))}</link>
      <guid isPermaLink="false">${xml(p.uuid ?? String(p.id))}</guid>
      <pubDate>${(p.publishedAt ?? p.createdAt).toUTCString()}</pubDate>
${p.tags.map((t) => `      <category>${xml(t.name)}</category>`).join("\n")}
      <description>${xml(p.excerpt)}</description>
      <content:encoded>${cdata(absolutize(p.bodyHtml, site))}</content:encoded>
    </item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(options.title ?? site.title)}</title>
    <link>${xml(options.link ?? site.url)}</link>
    <description>${xml(site.description)}</description>
    <language>${xml(site.lang)}</language>
    <atom:link href="${xml(options.selfUrl)}" rel="self" type="application/rss+xml"/>
    <lastBuildDate>${(posts[0]?.updatedAt ?? new Date(0)).toUTCString()}</lastBuildDate>
${items}
  </channel>
</rss>
`;
}

/** Atom 1.0 with the full content. */
export function renderAtom(
  site: Site,
  posts: PostDetail[],
  options: { title?: string; selfUrl: string; link?: string },
): string {
  const updated = posts.reduce((max, p) => (p.updatedAt > max ? p.updatedAt : max), new Date(0));
  const entries = posts
    .map(
      (p) => `  <entry>
    <title>${xml(p.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(postUrl(site, p.slug))}"/>
    <id>urn:uuid:${xml(p.uuid ?? String(p.id))}</id>
    <published>${(p.publishedAt ?? p.createdAt).toISOString()}</published>
    <updated>${p.updatedAt.toISOString()}</updated>
${p.tags.map((t) => `    <category term="${xml(t.slug)}" label="${xml(t.name)}"/>`).join("\n")}
    <summary>${xml(p.excerpt)}</summary>
    <content type="html">${xml(absolutize(p.bodyHtml, site))}</content>
  </entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(site.lang)}">
  <title>${xml(options.title ?? site.title)}</title>
  <subtitle>${xml(site.description)}</subtitle>
  <link rel="alternate" type="text/html" href="${xml(options.link ?? site.url)}"/>
  <link rel="self" type="application/atom+xml" href="${xml(options.selfUrl)}"/>
  <id>${xml(options.selfUrl)}</id>
  <updated>${updated.toISOString()}</updated>
  <author><name>${xml(site.title)}</name></author>
${entries}
</feed>
`;
}

export type FeedFormat = "rss" | "atom";

/** The site's feed, or one tag's (that tag and the tags below it). */
export function buildFeed(
  quire: BlogDatabase,
  site: Site,
  format: FeedFormat,
  tag?: Tag,
  now?: Date,
): string {
  const posts = listFeedPosts(quire, { limit: FEED_SIZE, tagId: tag?.id, now });
  const file = format === "rss" ? "feed.xml" : "atom.xml";
  const selfUrl = tag ? `${tagUrl(site, tag.slug)}/${file}` : `${site.url}/${file}`;
  const options = tag
    ? { title: `${site.title} · ${tag.name}`, selfUrl, link: tagUrl(site, tag.slug) }
    : { selfUrl };
  return format === "rss" ? renderRss(site, posts, options) : renderAtom(site, posts, options);
}

/** Every public URL: home, posts, pages, tags. Drafts and scheduled posts are never listed. */
export function buildSitemap(quire: BlogDatabase, site: Site, now?: Date): string {
  const entries = listSitemapEntries(quire, now);
  const urls = [
    { loc: `${site.url}/`, lastmod: entries[0]?.updatedAt },
    ...entries.map((e) => ({
      loc: e.type === "page" ? pageUrl(site, e.slug) : postUrl(site, e.slug),
      lastmod: e.updatedAt,
    })),
    { loc: `${site.url}/tags` },
    ...listTags(quire).map((t) => ({ loc: tagUrl(site, t.slug) })),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `  <url><loc>${xml(u.loc)}</loc>${"lastmod" in u && u.lastmod ? `<lastmod>${u.lastmod.toISOString()}</lastmod>` : ""}</url>`).join("\n")}
</urlset>
`;
}

export function buildRobots(site: Site): string {
  return `User-agent: *
Disallow: /admin
Disallow: /api/
Disallow: /login

Sitemap: ${site.url}/sitemap.xml
`;
}
