import { relations, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { blob, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

const now = sql`(unixepoch('subsec') * 1000)`;

const timestamps = {
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
};

export const POST_TYPES = ["post", "page"] as const;
export const POST_STATUSES = ["draft", "scheduled", "published"] as const;
export type PostType = (typeof POST_TYPES)[number];
export type PostStatus = (typeof POST_STATUSES)[number];

export const posts = sqliteTable(
  "posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stable public id (Ghost's `uuid`); set when the post is created. */
    uuid: text("uuid"),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    /** "post" or "page" (static pages such as About). */
    type: text("type", { enum: POST_TYPES }).notNull().default("post"),
    status: text("status", { enum: POST_STATUSES }).notNull().default("draft"),
    featured: integer("featured", { mode: "boolean" }).notNull().default(false),
    bodyMarkdown: text("body_markdown").notNull().default(""),
    /** Rendered (sanitized, highlighted, embeds resolved) once at save time, not on every request. */
    bodyHtml: text("body_html").notNull().default(""),
    /** The rendered body as plain text: feeds, search, reading time, Ghost's `plaintext`. */
    plaintext: text("plaintext").notNull().default(""),
    /** The excerpt shown in lists: the author's own (`customExcerpt`) or the start of the body. */
    excerpt: text("excerpt").notNull().default(""),
    customExcerpt: text("custom_excerpt"),
    coverImage: text("cover_image"),
    readingMinutes: integer("reading_minutes").notNull().default(1),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    /**
     * Bitmap tagging: bit `tags.bit` is set for every tag of the post (little-endian BLOB, any number
     * of tags). Kept in step with `post_tags` by triggers (drizzle/0002_tags_tree_bits.sql).
     */
    tagBits: blob("tag_bits", { mode: "buffer" }),
    ...timestamps,
  },
  (t) => [
    // Home page and feeds: WHERE status = ? AND type = ? ORDER BY published_at DESC, id DESC (id is the rowid).
    index("posts_listing_idx").on(t.status, t.type, t.publishedAt),
    index("posts_uuid_idx").on(t.uuid),
  ],
);

/** Old slugs of posts, so links keep working after a rename (301 to the current slug). */
export const slugRedirects = sqliteTable("slug_redirects", {
  slug: text("slug").primaryKey(),
  postId: integer("post_id")
    .notNull()
    .references(() => posts.id, { onDelete: "cascade" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
});

/** Autosaved edits of a scheduled or published post (drafts autosave in place). */
export const postAutosaves = sqliteTable("post_autosaves", {
  postId: integer("post_id")
    .primaryKey()
    .references(() => posts.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
  bodyMarkdown: text("body_markdown").notNull(),
  savedAt: integer("saved_at", { mode: "timestamp_ms" }).notNull().default(now),
});

export const tags = sqliteTable(
  "tags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Nested tags (Programming › Python › Django); the closure table answers tree questions. */
    parentId: integer("parent_id").references((): AnySQLiteColumn => tags.id, {
      onDelete: "set null",
    }),
    /** This tag's bit in `posts.tag_bits`; assigned by a trigger (the smallest free one). */
    bit: integer("bit").unique(),
  },
  (t) => [index("tags_parent_idx").on(t.parentId)],
);

/** Old slugs of tags (renamed, or merged into another tag), so /tag/<old> answers 301 to the current one. */
export const tagSlugRedirects = sqliteTable("tag_slug_redirects", {
  slug: text("slug").primaryKey(),
  tagId: integer("tag_id")
    .notNull()
    .references(() => tags.id, { onDelete: "cascade" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
});

/**
 * Transitive closure of the tag tree: one row per (ancestor, descendant) pair including
 * (tag, tag, 0). Maintained by triggers on `tags` (insert, move), so it can never drift.
 */
export const tagClosure = sqliteTable(
  "tag_closure",
  {
    ancestorId: integer("ancestor_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
    descendantId: integer("descendant_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
    depth: integer("depth").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ancestorId, t.descendantId] }),
    index("tag_closure_descendant_idx").on(t.descendantId, t.ancestorId),
  ],
);

/** Many-to-many: the source of truth for tagging. */
export const postTags = sqliteTable(
  "post_tags",
  {
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    tagId: integer("tag_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
    /** Order of the tags on a post; the first is Ghost's `primary_tag`. */
    sortOrder: integer("sort_order").notNull().default(0),
  },
  // (tag_id, post_id) covers "posts of a tag" (tag pages, related posts, filters) without touching the table.
  (t) => [
    primaryKey({ columns: [t.postId, t.tagId] }),
    index("post_tags_tag_idx").on(t.tagId, t.postId),
  ],
);

/** Resolved oEmbed lookups (successes and failures), so a save does not refetch every embed. */
export const oembedCache = sqliteTable("oembed_cache", {
  url: text("url").primaryKey(),
  ok: integer("ok", { mode: "boolean" }).notNull(),
  /** JSON of the normalized embed (never the provider's raw HTML). */
  data: text("data"),
  error: text("error"),
  fetchedAt: integer("fetched_at", { mode: "timestamp_ms" }).notNull().default(now),
});

/** Uploaded images, stored in the blog's own database and served with long-lived caching headers. */
export const images = sqliteTable("images", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** sha256 of the bytes: the public file name, so identical uploads share one row. */
  hash: text("hash").notNull().unique(),
  mime: text("mime").notNull(),
  size: integer("size").notNull(),
  name: text("name").notNull().default(""),
  data: blob("data", { mode: "buffer" }).notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
});

/** Ghost Content API keys (`?key=`), managed in admin. */
export const contentApiKeys = sqliteTable("content_api_keys", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  secret: text("secret").notNull().unique(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
});

/** Site settings (title, description, language…), key → value. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/**
 * Outbox for the search service: written in the same transaction as the post change,
 * delivered by a background worker with retries (so nothing is lost while search is down).
 */
export const searchOutbox = sqliteTable(
  "search_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    postId: integer("post_id").notNull(),
    op: text("op", { enum: ["upsert", "delete"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull().default(now),
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [index("search_outbox_due_idx").on(t.nextAttemptAt)],
);

export const postsRelations = relations(posts, ({ many }) => ({ postTags: many(postTags) }));
export const tagsRelations = relations(tags, ({ many }) => ({ postTags: many(postTags) }));
export const postTagsRelations = relations(postTags, ({ one }) => ({
  post: one(posts, { fields: [postTags.postId], references: [posts.id] }),
  tag: one(tags, { fields: [postTags.tagId], references: [tags.id] }),
}));
