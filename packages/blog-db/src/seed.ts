import { randomUUID } from "node:crypto";

import { count, eq } from "drizzle-orm";

import type { BlogDatabase } from "./index";
import { posts, postTags, tags } from "./schema";

const DAY = 86_400_000;

/** What the markdown pipeline (in @quire/blog-api) makes of a body. */
export interface RenderedBody {
  html: string;
  plaintext: string;
  excerpt: string;
  readingMinutes: number;
}
export type RenderMarkdown = (markdown: string) => Promise<RenderedBody>;

const DEMO_TAGS: { slug: string; name: string; parent?: string; description?: string }[] = [
  { slug: "programming", name: "Programming", description: "Code, and the craft of it." },
  { slug: "sqlite", name: "SQLite", parent: "programming", description: "The database in a file." },
  { slug: "typescript", name: "TypeScript", parent: "programming" },
  { slug: "quire", name: "Quire" },
  { slug: "writing", name: "Writing" },
];

const DEMO_POSTS: {
  slug: string;
  title: string;
  excerpt?: string;
  markdown: string;
  tags: string[];
  daysAgo: number;
  type?: "post" | "page";
  status?: "draft" | "scheduled" | "published";
  featured?: boolean;
}[] = [
  {
    slug: "welcome-to-quire",
    title: "Welcome to Quire",
    excerpt: "A blog, a search service and analytics on one small machine, all on SQLite.",
    markdown: `Quire gives you a blog, a search service and privacy-friendly analytics. Each app keeps its data in **one SQLite file**, and they talk to each other over tRPC.

## What is in the box

- Posts written in Markdown, rendered once when you save
- Tags, nested tags and feeds
- A Ghost-compatible Content API
`,
    tags: ["quire"],
    daysAgo: 1,
    featured: true,
  },
  {
    slug: "one-writer-no-sqlite-busy",
    title: "One writer, no SQLITE_BUSY",
    excerpt: "Why every write in Quire goes through a single group-committing writer.",
    markdown: `SQLite allows one writer at a time. Quire queues writes and commits them in batches with \`BEGIN IMMEDIATE\`, so no request ever sees \`database is locked\`.

\`\`\`ts
await quire.writer.run((db) => db.insert(posts).values({ title: "Hello" }).run());
\`\`\`
`,
    tags: ["sqlite", "quire"],
    daysAgo: 3,
  },
  {
    slug: "writing-in-markdown",
    title: "Writing in Markdown",
    excerpt: "Posts are written in Markdown and rendered once, when you save.",
    markdown: `Write in Markdown; Quire renders the HTML once, at save time, and serves it from the database.

| syntax | result |
| --- | --- |
| \`**bold**\` | **bold** |
| \`~~strike~~\` | ~~strike~~ |
`,
    tags: ["writing"],
    daysAgo: 6,
  },
  {
    slug: "typed-end-to-end",
    title: "Typed from the database to the browser",
    markdown: `drizzle, tRPC and zod keep one set of types from the schema to the page.

\`\`\`sql
SELECT tag_id, count(*) FROM post_tags GROUP BY tag_id;
\`\`\`
`,
    tags: ["typescript", "programming"],
    daysAgo: 9,
  },
  {
    slug: "about",
    title: "About",
    markdown:
      "This blog runs on **Quire**: a blog, a search service and analytics, each on its own SQLite file.",
    tags: [],
    daysAgo: 30,
    type: "page",
  },
  {
    slug: "draft-ideas",
    title: "Ideas (draft)",
    markdown: "Not ready yet.",
    tags: [],
    daysAgo: 0,
    status: "draft",
  },
];

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Stand-in renderer for callers without the pipeline: escaped paragraphs. */
const plainRender: RenderMarkdown = async (markdown) => {
  const plaintext = markdown.trim();
  const html = plaintext
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join("\n");
  return { html, plaintext, excerpt: plaintext.slice(0, 200), readingMinutes: 1 };
};

/**
 * Fill an empty blog with demo posts, a page, a draft and nested tags; does nothing when posts
 * exist. Bodies go through `render` (the app passes its markdown pipeline).
 */
export async function seedDemo(
  quire: BlogDatabase,
  options: number | { now?: number; render?: RenderMarkdown } = {},
): Promise<boolean> {
  const { now = Date.now(), render = plainRender } =
    typeof options === "number" ? { now: options } : options;
  const existing = quire.db.select({ n: count() }).from(posts).get();
  if ((existing?.n ?? 0) > 0) return false;
  // Render first: a writer unit must be synchronous.
  const rendered = await Promise.all(DEMO_POSTS.map((p) => render(p.markdown)));
  return quire.writer.run((db) => {
    const again = db.select({ n: count() }).from(posts).get();
    if ((again?.n ?? 0) > 0) return false;
    const tagIds = new Map<string, number>();
    for (const t of DEMO_TAGS) {
      const row = db
        .insert(tags)
        .values({
          slug: t.slug,
          name: t.name,
          description: t.description ?? "",
          parentId: t.parent ? tagIds.get(t.parent) : null,
        })
        .returning({ id: tags.id })
        .get();
      tagIds.set(t.slug, row.id);
    }
    DEMO_POSTS.forEach((p, i) => {
      const body = rendered[i]!;
      const when = new Date(now - p.daysAgo * DAY);
      const status = p.status ?? "published";
      const row = db
        .insert(posts)
        .values({
          uuid: randomUUID(),
          slug: p.slug,
          title: p.title,
          type: p.type ?? "post",
          featured: p.featured ?? false,
          customExcerpt: p.excerpt ?? null,
          excerpt: p.excerpt ?? body.excerpt,
          bodyMarkdown: p.markdown,
          bodyHtml: body.html,
          plaintext: body.plaintext,
          readingMinutes: body.readingMinutes,
          status,
          publishedAt: status === "draft" ? null : when,
          createdAt: when,
          updatedAt: when,
        })
        .returning({ id: posts.id })
        .get();
      p.tags.forEach((slug, order) =>
        db
          .insert(postTags)
          .values({ postId: row.id, tagId: tagIds.get(slug)!, sortOrder: order })
          .run(),
      );
    });
    return true;
  });
}

/** Used by tests: the id of a post by slug. */
export function postIdBySlug(quire: BlogDatabase, slug: string): number | undefined {
  return quire.db.select({ id: posts.id }).from(posts).where(eq(posts.slug, slug)).get()?.id;
}
