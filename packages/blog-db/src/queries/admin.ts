// Admin read queries: every post whatever its status, the editor's post, tags with counts, keys.
import type { BlogDatabase } from "../index";
import type { PostStatus, PostType } from "../schema";
import { tagsOfPosts } from "./posts";
import type { TagRef } from "./posts";
import { prepared, toDate } from "./statements";

export interface AdminPostRow {
  id: number;
  slug: string;
  title: string;
  type: PostType;
  status: PostStatus;
  publishedAt: Date | null;
  updatedAt: Date;
  tags: TagRef[];
}

export interface AdminPostFilter {
  status?: PostStatus;
  type?: PostType;
  /** Tag slug. */
  tag?: string;
  limit?: number;
  offset?: number;
}

/** Posts for the admin list, most recently changed first, with filters; plus the total. */
export function listPostsForAdmin(
  quire: BlogDatabase,
  filter: AdminPostFilter = {},
): { posts: AdminPostRow[]; total: number } {
  // Named parameters: each filter is used twice, and better-sqlite3 binds `?NNN` only by name.
  const where = `(@status IS NULL OR p.status = @status) AND (@type IS NULL OR p.type = @type)
    AND (@tag IS NULL OR p.id IN (SELECT pt.post_id FROM post_tags AS pt JOIN tags AS t ON t.id = pt.tag_id WHERE t.slug = @tag))`;
  const args = {
    status: filter.status ?? null,
    type: filter.type ?? null,
    tag: filter.tag ?? null,
  };
  const rows = prepared<{
    id: number;
    slug: string;
    title: string;
    type: PostType;
    status: PostStatus;
    published_at: number | null;
    updated_at: number;
  }>(
    quire,
    `SELECT p.id, p.slug, p.title, p.type, p.status, p.published_at, p.updated_at FROM posts AS p
     WHERE ${where} ORDER BY p.updated_at DESC, p.id DESC LIMIT @limit OFFSET @offset`,
  ).all({ ...args, limit: filter.limit ?? 50, offset: filter.offset ?? 0 });
  const total = prepared<{ n: number }>(
    quire,
    `SELECT count(*) AS n FROM posts AS p WHERE ${where}`,
  ).get(args)!.n;
  const tags = tagsOfPosts(
    quire,
    rows.map((r) => r.id),
  );
  return {
    total,
    posts: rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      type: r.type,
      status: r.status,
      publishedAt: toDate(r.published_at),
      updatedAt: new Date(r.updated_at),
      tags: tags.get(r.id) ?? [],
    })),
  };
}

export interface EditablePost {
  id: number;
  uuid: string | null;
  slug: string;
  title: string;
  type: PostType;
  status: PostStatus;
  featured: boolean;
  bodyMarkdown: string;
  bodyHtml: string;
  customExcerpt: string | null;
  coverImage: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  tags: TagRef[];
  /** Autosaved edits not yet applied (scheduled and published posts only). */
  autosave: { title: string; bodyMarkdown: string; savedAt: Date } | null;
}

/** A post as the editor needs it, whatever its status. */
export function getPostForEdit(quire: BlogDatabase, id: number): EditablePost | undefined {
  const row = prepared<{
    id: number;
    uuid: string | null;
    slug: string;
    title: string;
    type: PostType;
    status: PostStatus;
    featured: number;
    body_markdown: string;
    body_html: string;
    custom_excerpt: string | null;
    cover_image: string | null;
    published_at: number | null;
    updated_at: number;
  }>(
    quire,
    `SELECT id, uuid, slug, title, type, status, featured, body_markdown, body_html, custom_excerpt, cover_image,
            published_at, updated_at FROM posts WHERE id = ?`,
  ).get(id);
  if (!row) return undefined;
  const autosave = prepared<{ title: string; body_markdown: string; saved_at: number }>(
    quire,
    "SELECT title, body_markdown, saved_at FROM post_autosaves WHERE post_id = ?",
  ).get(id);
  return {
    id: row.id,
    uuid: row.uuid,
    slug: row.slug,
    title: row.title,
    type: row.type,
    status: row.status,
    featured: row.featured === 1,
    bodyMarkdown: row.body_markdown,
    bodyHtml: row.body_html,
    customExcerpt: row.custom_excerpt,
    coverImage: row.cover_image,
    publishedAt: toDate(row.published_at),
    updatedAt: new Date(row.updated_at),
    tags: tagsOfPosts(quire, [row.id]).get(row.id) ?? [],
    autosave: autosave
      ? {
          title: autosave.title,
          bodyMarkdown: autosave.body_markdown,
          savedAt: new Date(autosave.saved_at),
        }
      : null,
  };
}

export interface AdminTagRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  parentId: number | null;
  depth: number;
  /** Posts (any status) tagged with exactly this tag. */
  posts: number;
}

/** Every tag in tree order (parents before their children), with depth and post count. */
export function listTagsForAdmin(quire: BlogDatabase): AdminTagRow[] {
  // The path of names from the root sorts a tree depth-first; the closure table gives it in one query.
  return prepared<{
    id: number;
    slug: string;
    name: string;
    description: string;
    parent_id: number | null;
    depth: number;
    posts: number;
  }>(
    quire,
    `SELECT t.id, t.slug, t.name, t.description, t.parent_id,
            (SELECT max(depth) FROM tag_closure WHERE descendant_id = t.id) AS depth,
            (SELECT count(*) FROM post_tags WHERE tag_id = t.id) AS posts,
            (SELECT group_concat(lower(a.name) || char(1) || a.id, char(0)) FROM
               (SELECT x.name, x.id FROM tag_closure AS c JOIN tags AS x ON x.id = c.ancestor_id
                WHERE c.descendant_id = t.id ORDER BY c.depth DESC) AS a) AS path
     FROM tags AS t ORDER BY path`,
  )
    .all()
    .map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      description: r.description,
      parentId: r.parent_id,
      depth: r.depth,
      posts: r.posts,
    }));
}

export function listContentApiKeys(
  quire: BlogDatabase,
): { id: number; name: string; secret: string; createdAt: Date }[] {
  return prepared<{ id: number; name: string; secret: string; created_at: number }>(
    quire,
    "SELECT id, name, secret, created_at FROM content_api_keys ORDER BY id",
  )
    .all()
    .map((r) => ({ id: r.id, name: r.name, secret: r.secret, createdAt: new Date(r.created_at) }));
}

export function isContentApiKey(quire: BlogDatabase, secret: string): boolean {
  return (
    prepared(quire, "SELECT 1 FROM content_api_keys WHERE secret = ?").get(secret) !== undefined
  );
}

export const DEFAULT_SETTINGS = {
  title: "Quire blog",
  description: "A blog published with Quire",
  lang: "en",
  author: "Quire",
} as const;
export type SiteSettings = { -readonly [K in keyof typeof DEFAULT_SETTINGS]: string };

export function getSettings(quire: BlogDatabase): SiteSettings {
  const out: SiteSettings = { ...DEFAULT_SETTINGS };
  for (const r of prepared<{ key: string; value: string }>(
    quire,
    "SELECT key, value FROM settings",
  ).all()) {
    if (r.key in out) out[r.key as keyof SiteSettings] = r.value;
  }
  return out;
}

/** A link in the site's navigation (admin → Settings), after Home, Tags, Search and the static pages. */
export interface NavigationLink {
  label: string;
  url: string;
}

/** The site's own navigation links, stored as JSON under `settings.navigation`; [] if unset or unreadable. */
export function getNavigation(quire: BlogDatabase): NavigationLink[] {
  const row = prepared<{ value: string }>(
    quire,
    "SELECT value FROM settings WHERE key = 'navigation'",
  ).get();
  if (!row) return [];
  try {
    const links: unknown = JSON.parse(row.value);
    if (!Array.isArray(links)) return [];
    return links.filter(
      (l): l is NavigationLink =>
        typeof l === "object" &&
        l !== null &&
        typeof (l as NavigationLink).label === "string" &&
        typeof (l as NavigationLink).url === "string",
    );
  } catch {
    return [];
  }
}
