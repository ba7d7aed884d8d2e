import { count } from "drizzle-orm";

import type { BlogDatabase } from "./index";
import { posts, postTags, tags } from "./schema";

const DAY = 86_400_000;

const DEMO_TAGS = [
  { slug: "sqlite", name: "SQLite" },
  { slug: "quire", name: "Quire" },
  { slug: "writing", name: "Writing" },
];

const DEMO_POSTS = [
  {
    slug: "welcome-to-quire",
    title: "Welcome to Quire",
    excerpt: "A blog, a search service and analytics on one small machine, all on SQLite.",
    html: "<p>Quire gives you a blog, a search service and privacy-friendly analytics. Each app keeps its data in one SQLite file, and they talk to each other over tRPC.</p>",
    tags: ["quire"],
    daysAgo: 1,
  },
  {
    slug: "one-writer-no-sqlite-busy",
    title: "One writer, no SQLITE_BUSY",
    excerpt: "Why every write in Quire goes through a single group-committing writer.",
    html: "<p>SQLite allows one writer at a time. Quire queues writes and commits them in batches with <code>BEGIN IMMEDIATE</code>, so no request ever sees <code>database is locked</code>.</p>",
    tags: ["sqlite", "quire"],
    daysAgo: 3,
  },
  {
    slug: "writing-in-markdown",
    title: "Writing in Markdown",
    excerpt: "Posts are written in Markdown and rendered once, when you save.",
    html: "<p>Write in Markdown; Quire renders the HTML once, at save time, and serves it from the database.</p>",
    tags: ["writing"],
    daysAgo: 6,
  },
];

/** Fill an empty blog with a few demo posts; does nothing when posts exist. */
export async function seedDemo(quire: BlogDatabase, now = Date.now()): Promise<boolean> {
  return quire.writer.run((db) => {
    const existing = db.select({ n: count() }).from(posts).get();
    if ((existing?.n ?? 0) > 0) return false;
    const tagIds = new Map<string, number>();
    for (const t of DEMO_TAGS) {
      const row = db.insert(tags).values(t).returning({ id: tags.id }).get();
      tagIds.set(t.slug, row.id);
    }
    for (const p of DEMO_POSTS) {
      const when = new Date(now - p.daysAgo * DAY);
      const row = db
        .insert(posts)
        .values({
          slug: p.slug,
          title: p.title,
          excerpt: p.excerpt,
          bodyMarkdown: p.excerpt,
          bodyHtml: p.html,
          status: "published",
          publishedAt: when,
          createdAt: when,
          updatedAt: when,
        })
        .returning({ id: posts.id })
        .get();
      for (const slug of p.tags) db.insert(postTags).values({ postId: row.id, tagId: tagIds.get(slug)! }).run();
    }
    db.insert(posts)
      .values({ slug: "draft-ideas", title: "Ideas (draft)", bodyMarkdown: "Not ready yet.", status: "draft" })
      .run();
    return true;
  });
}
