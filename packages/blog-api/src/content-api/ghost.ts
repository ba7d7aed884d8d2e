/**
 * A subset of Ghost's Content API (v5) over the blog's own data, so Ghost front-ends and tools
 * (`@tryghost/content-api`) work unchanged: posts, pages, tags, authors (the one author), settings,
 * with `key`, `filter`, `limit`, `page`, `include`, `fields`, `formats` and `order`, and Ghost's
 * response and error shapes. Only published content is ever visible.
 */
import { randomUUID } from "node:crypto";

import { getNavigation, getSettings, listPublishedPages } from "@quire/blog-db";
import type { BlogDatabase } from "@quire/blog-db";

import { BlogError } from "../errors";
import { slugify } from "../posts/slug";
import { compileFilter, parseFilter } from "./filter";
import type { FieldSpec } from "./filter";
import { isValidContentKey } from "./keys";

export interface ContentApiOptions {
  /** The blog's public base URL, no trailing slash. */
  siteUrl: string;
  /** `BLOG_CONTENT_API_KEY`, accepted besides the keys managed in admin. */
  envKey?: string;
  now?: Date;
}

type GhostErrorType =
  | "NotFoundError"
  | "UnauthorizedError"
  | "NoPermissionError"
  | "BadRequestError"
  | "ValidationError";

const HEADERS = {
  "access-control-allow-origin": "*",
  "cache-control": "public, max-age=0",
  "content-type": "application/json; charset=utf-8",
  vary: "Accept-Version",
};

/** Ghost's SEO and social-card fields: Quire derives these at render time, so the API says null. */
const NO_SOCIAL_META = {
  og_image: null,
  og_title: null,
  og_description: null,
  twitter_image: null,
  twitter_title: null,
  twitter_description: null,
  meta_title: null,
  meta_description: null,
} as const;

export function ghostError(
  status: number,
  type: GhostErrorType,
  message: string,
  context: string | null = null,
): Response {
  const body = {
    errors: [
      {
        message,
        context,
        type,
        details: null,
        property: null,
        help: null,
        code: null,
        id: randomUUID(),
        ghostErrorCode: null,
      },
    ],
  };
  return new Response(JSON.stringify(body), { status, headers: HEADERS });
}

const ghostDate = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString().replace("Z", "+00:00");

interface PostRow {
  id: number;
  uuid: string | null;
  slug: string;
  title: string;
  type: "post" | "page";
  featured: number;
  body_html: string;
  plaintext: string;
  excerpt: string;
  custom_excerpt: string | null;
  cover_image: string | null;
  reading_minutes: number;
  published_at: number | null;
  created_at: number;
  updated_at: number;
}

interface Query {
  filter: string | null;
  limit: number | "all";
  page: number;
  include: Set<string>;
  fields: string[] | null;
  formats: Set<string>;
  order: string | null;
}

function parseQuery(params: URLSearchParams, defaultLimit = 15): Query | Response {
  const limitRaw = params.get("limit");
  let limit: number | "all" = defaultLimit;
  if (limitRaw !== null) {
    if (limitRaw === "all") limit = "all";
    else if (/^\d{1,4}$/.test(limitRaw) && Number(limitRaw) >= 1)
      limit = Math.min(Number(limitRaw), 1000);
    else
      return ghostError(
        422,
        "ValidationError",
        "Validation (isInt) failed for limit",
        "limit must be a positive integer or 'all'",
      );
  }
  const pageRaw = params.get("page") ?? "1";
  if (!/^\d{1,6}$/.test(pageRaw) || Number(pageRaw) < 1) {
    return ghostError(
      422,
      "ValidationError",
      "Validation (isInt) failed for page",
      "page must be a positive integer",
    );
  }
  const list = (name: string) =>
    (params.get(name) ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
  const fields = list("fields");
  const formats = list("formats");
  return {
    filter: params.get("filter"),
    limit,
    page: Number(pageRaw),
    include: new Set(list("include")),
    fields: fields.length > 0 ? fields : null,
    formats: new Set(formats.length > 0 ? formats : ["html"]),
    order: params.get("order"),
  };
}

/** `order=published_at desc, title asc` → SQL over an allow-list of columns. */
function orderBy(order: string | null, columns: Record<string, string>, fallback: string): string {
  if (!order) return fallback;
  const parts = order.split(",").map((part) => {
    const m = /^\s*([a-z_]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    const column = m ? columns[m[1]!.toLowerCase()] : undefined;
    if (!m || !column)
      throw new BlogError("BAD_REQUEST", `Invalid order: ${part.trim().slice(0, 60)}`);
    return `${column} ${(m[2] ?? "asc").toUpperCase()}`;
  });
  return `${parts.join(", ")}, ${fallback}`;
}

function pick<T extends Record<string, unknown>>(obj: T, fields: string[] | null): Partial<T> {
  if (!fields) return obj;
  return Object.fromEntries(fields.filter((f) => f in obj).map((f) => [f, obj[f]])) as Partial<T>;
}

function pagination(total: number, page: number, limit: number | "all") {
  const per = limit === "all" ? Math.max(total, 1) : limit;
  const pages = Math.max(1, Math.ceil(total / per));
  return {
    page,
    limit,
    pages,
    total,
    next: page < pages ? page + 1 : null,
    prev: page > 1 ? page - 1 : null,
  };
}

/**
 * Answer one Content API request. `path` is what follows `/ghost/api/content/`, e.g.
 * `["posts", "slug", "hello"]`.
 *
 * @example
 * export const GET = (req, { params }) => handleContentApi(quire, req, (await params).path, { siteUrl });
 */
export async function handleContentApi(
  quire: BlogDatabase,
  request: Request,
  path: string[],
  options: ContentApiOptions,
): Promise<Response> {
  try {
    return route(quire, request, path, options);
  } catch (error) {
    if (error instanceof BlogError) {
      return error.code === "NOT_FOUND"
        ? ghostError(404, "NotFoundError", "Resource not found", error.message)
        : ghostError(400, "BadRequestError", error.message);
    }
    throw error;
  }
}

function route(
  quire: BlogDatabase,
  request: Request,
  path: string[],
  options: ContentApiOptions,
): Response {
  const url = new URL(request.url);
  const key = url.searchParams.get("key");
  if (!key) {
    return ghostError(
      403,
      "NoPermissionError",
      "Authorization failed",
      "Unable to determine the authenticated member or integration. Check the supplied Content API Key.",
    );
  }
  if (!isValidContentKey(quire, key, options.envKey))
    return ghostError(401, "UnauthorizedError", "Authorization failed", "Unknown Content API Key");
  const query = parseQuery(url.searchParams);
  if (query instanceof Response) return query;
  const segments = path.filter(Boolean);
  const [resource, a, b, ...rest] = segments;
  if (rest.length > 0) return ghostError(404, "NotFoundError", "Resource not found");
  const site = { ...getSettings(quire), url: options.siteUrl.replace(/\/+$/, "") };
  const now = (options.now ?? new Date()).getTime();
  const one = (what: string, id: string | undefined, slug: string | undefined) => ({
    what,
    id,
    slug,
  });
  const target =
    a === "slug"
      ? one(resource!, undefined, b)
      : a !== undefined && b === undefined
        ? one(resource!, a, undefined)
        : a === undefined
          ? null
          : undefined;
  if (target === undefined) return ghostError(404, "NotFoundError", "Resource not found");

  switch (resource) {
    case "posts":
    case "pages":
      return posts(quire, site, query, resource === "posts" ? "post" : "page", now, target);
    case "tags":
      return tags(quire, site, query, now, target);
    case "authors":
      return authors(quire, site, query, now, target);
    case "settings":
      if (target) return ghostError(404, "NotFoundError", "Resource not found");
      return json({ settings: settings(quire, site), meta: {} });
    default:
      return ghostError(404, "NotFoundError", "Resource not found");
  }
}

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: HEADERS });

type Site = ReturnType<typeof getSettings> & { url: string };

function authorOf(site: Site, count: number | null, fields: string[] | null) {
  const slug = slugify(site.author, "author");
  return pick(
    {
      id: "1",
      name: site.author,
      slug,
      profile_image: null,
      cover_image: null,
      bio: null,
      website: `${site.url}/`,
      location: null,
      facebook: null,
      twitter: null,
      meta_title: null,
      meta_description: null,
      url: `${site.url}/`,
      ...(count === null ? {} : { count: { posts: count } }),
    },
    fields,
  );
}

const VISIBLE = "p.status = 'published' AND p.published_at <= ?";

function postFields(site: Site): Record<string, FieldSpec> {
  const byTag = (op: "in" | "nin", ph: string) =>
    `p.id ${op === "in" ? "IN" : "NOT IN"} (SELECT pt.post_id FROM post_tags AS pt JOIN tags AS t ON t.id = pt.tag_id WHERE t.slug IN (${ph}))`;
  const primaryTag = (op: "in" | "nin", ph: string) =>
    `coalesce((SELECT t.slug FROM post_tags AS pt JOIN tags AS t ON t.id = pt.tag_id WHERE pt.post_id = p.id ORDER BY pt.sort_order, t.name LIMIT 1), '') ${op === "in" ? "IN" : "NOT IN"} (${ph})`;
  const author = {
    membership: (op: "in" | "nin", ph: string) => `(? ${op === "in" ? "IN" : "NOT IN"} (${ph}))`,
    before: [slugify(site.author, "author")],
  };
  return {
    id: { column: "p.id", type: "number" },
    uuid: { column: "p.uuid", type: "text" },
    slug: { column: "p.slug", type: "text" },
    title: { column: "p.title", type: "text" },
    featured: { column: "p.featured", type: "boolean" },
    status: { column: "p.status", type: "text" },
    visibility: { column: "'public'", type: "text" },
    published_at: { column: "p.published_at", type: "date" },
    updated_at: { column: "p.updated_at", type: "date" },
    created_at: { column: "p.created_at", type: "date" },
    tag: { membership: byTag },
    tags: { membership: byTag },
    "tags.slug": { membership: byTag },
    primary_tag: { membership: primaryTag },
    "primary_tag.slug": { membership: primaryTag },
    author,
    authors: author,
    "authors.slug": author,
    primary_author: author,
    "primary_author.slug": author,
  };
}

const TAG_COLUMNS = "t.id, t.slug, t.name, t.description";

function tagOf(
  site: Site,
  t: { id: number; slug: string; name: string; description: string; count?: number },
  fields: string[] | null,
) {
  return pick(
    {
      id: String(t.id),
      name: t.name,
      slug: t.slug,
      description: t.description || null,
      feature_image: null,
      visibility: "public",
      ...NO_SOCIAL_META,
      codeinjection_head: null,
      codeinjection_foot: null,
      canonical_url: null,
      accent_color: null,
      url: `${site.url}/tag/${t.slug}/`,
      ...(t.count === undefined ? {} : { count: { posts: t.count } }),
    },
    fields,
  );
}

function absolute(site: Site, url: string | null): string | null {
  if (!url) return null;
  return url.startsWith("/") ? `${site.url}${url}` : url;
}

function posts(
  quire: BlogDatabase,
  site: Site,
  query: Query,
  type: "post" | "page",
  now: number,
  target: { id?: string; slug?: string } | null,
): Response {
  const where: string[] = [VISIBLE, "p.type = ?"];
  const params: unknown[] = [now, type];
  if (target?.id !== undefined) {
    if (!/^\d{1,12}$/.test(target.id))
      return ghostError(
        404,
        "NotFoundError",
        "Resource not found",
        `${type === "post" ? "Post" : "Page"} not found.`,
      );
    where.push("p.id = ?");
    params.push(Number(target.id));
  }
  if (target?.slug !== undefined) {
    where.push("p.slug = ?");
    params.push(target.slug);
  }
  if (query.filter) {
    const compiled = compileFilter(parseFilter(query.filter), postFields(site));
    where.push(compiled.sql);
    params.push(...compiled.params);
  }
  const order = orderBy(
    query.order,
    {
      published_at: "p.published_at",
      updated_at: "p.updated_at",
      created_at: "p.created_at",
      title: "p.title",
      slug: "p.slug",
      featured: "p.featured",
      id: "p.id",
    },
    "p.published_at DESC, p.id DESC",
  );
  const sqlWhere = where.join(" AND ");
  const total =
    (quire.sqlite
      .prepare(`SELECT count(*) FROM posts AS p WHERE ${sqlWhere}`)
      .pluck()
      .get(...params) as number) ?? 0;
  const limit = target ? 1 : query.limit === "all" ? 10_000 : query.limit;
  const offset = target ? 0 : (query.page - 1) * (query.limit === "all" ? 10_000 : query.limit);
  const rows = quire.sqlite
    .prepare(
      `SELECT p.id, p.uuid, p.slug, p.title, p.type, p.featured, p.body_html, p.plaintext, p.excerpt, p.custom_excerpt,
              p.cover_image, p.reading_minutes, p.published_at, p.created_at, p.updated_at
       FROM posts AS p WHERE ${sqlWhere} ORDER BY ${order} LIMIT ? OFFSET ?`,
    )
    .all(...params, limit, offset) as PostRow[];
  if (target && rows.length === 0)
    return ghostError(
      404,
      "NotFoundError",
      "Resource not found",
      `${type === "post" ? "Post" : "Page"} not found.`,
    );

  const ids = rows.map((r) => r.id);
  const tagRows = ids.length
    ? (quire.sqlite
        .prepare(
          `SELECT pt.post_id, ${TAG_COLUMNS} FROM post_tags AS pt JOIN tags AS t ON t.id = pt.tag_id
           WHERE pt.post_id IN (SELECT value FROM json_each(?)) ORDER BY pt.sort_order, t.name`,
        )
        .all(JSON.stringify(ids)) as {
        post_id: number;
        id: number;
        slug: string;
        name: string;
        description: string;
      }[])
    : [];
  const author = authorOf(site, null, null);
  const base = type === "post" ? `${site.url}/posts/` : `${site.url}/`;
  const out = rows.map((r) => {
    const postTags = tagRows.filter((t) => t.post_id === r.id).map((t) => tagOf(site, t, null));
    const full: Record<string, unknown> = {
      id: String(r.id),
      uuid: r.uuid,
      title: r.title,
      slug: r.slug,
      ...(query.formats.has("html") ? { html: r.body_html } : {}),
      ...(query.formats.has("plaintext") ? { plaintext: r.plaintext } : {}),
      comment_id: String(r.id),
      feature_image: absolute(site, r.cover_image),
      feature_image_alt: null,
      feature_image_caption: null,
      featured: r.featured === 1,
      visibility: "public",
      created_at: ghostDate(r.created_at),
      updated_at: ghostDate(r.updated_at),
      published_at: ghostDate(r.published_at),
      custom_excerpt: r.custom_excerpt,
      codeinjection_head: null,
      codeinjection_foot: null,
      custom_template: null,
      canonical_url: null,
      url: `${base}${r.slug}/`,
      excerpt: r.excerpt,
      reading_time: r.reading_minutes,
      access: true,
      comments: false,
      ...NO_SOCIAL_META,
      email_subject: null,
      frontmatter: null,
      ...(query.include.has("tags") ? { tags: postTags, primary_tag: postTags[0] ?? null } : {}),
      ...(query.include.has("authors") ? { authors: [author], primary_author: author } : {}),
    };
    return pick(full, query.fields);
  });
  const key = type === "post" ? "posts" : "pages";
  return json(
    target
      ? { [key]: out }
      : { [key]: out, meta: { pagination: pagination(total, query.page, query.limit) } },
  );
}

function tags(
  quire: BlogDatabase,
  site: Site,
  query: Query,
  now: number,
  target: { id?: string; slug?: string } | null,
): Response {
  const where: string[] = ["1"];
  const params: unknown[] = [];
  if (target?.id !== undefined) {
    if (!/^\d{1,12}$/.test(target.id))
      return ghostError(404, "NotFoundError", "Resource not found", "Tag not found.");
    where.push("t.id = ?");
    params.push(Number(target.id));
  }
  if (target?.slug !== undefined) {
    where.push("t.slug = ?");
    params.push(target.slug);
  }
  if (query.filter) {
    const compiled = compileFilter(parseFilter(query.filter), {
      id: { column: "t.id", type: "number" },
      slug: { column: "t.slug", type: "text" },
      name: { column: "t.name", type: "text" },
      visibility: { column: "'public'", type: "text" },
      description: { column: "t.description", type: "text" },
    });
    where.push(compiled.sql);
    params.push(...compiled.params);
  }
  const order = orderBy(
    query.order,
    { name: "t.name", slug: "t.slug", id: "t.id" },
    "t.name ASC, t.id ASC",
  );
  const sqlWhere = where.join(" AND ");
  const total = quire.sqlite
    .prepare(`SELECT count(*) FROM tags AS t WHERE ${sqlWhere}`)
    .pluck()
    .get(...params) as number;
  const limit = target ? 1 : query.limit === "all" ? 10_000 : query.limit;
  const offset = target ? 0 : (query.page - 1) * (query.limit === "all" ? 10_000 : query.limit);
  const rows = quire.sqlite
    .prepare(
      `SELECT ${TAG_COLUMNS},
         (SELECT count(*) FROM post_tags AS pt JOIN posts AS p ON p.id = pt.post_id WHERE pt.tag_id = t.id AND ${VISIBLE} AND p.type = 'post') AS count
       FROM tags AS t WHERE ${sqlWhere} ORDER BY ${order} LIMIT ? OFFSET ?`,
    )
    .all(now, ...params, limit, offset) as {
    id: number;
    slug: string;
    name: string;
    description: string;
    count: number;
  }[];
  if (target && rows.length === 0)
    return ghostError(404, "NotFoundError", "Resource not found", "Tag not found.");
  const withCount = query.include.has("count.posts");
  const out = rows.map((r) =>
    tagOf(site, { ...r, count: withCount ? r.count : undefined }, query.fields),
  );
  return json(
    target
      ? { tags: out }
      : { tags: out, meta: { pagination: pagination(total, query.page, query.limit) } },
  );
}

function authors(
  quire: BlogDatabase,
  site: Site,
  query: Query,
  now: number,
  target: { id?: string; slug?: string } | null,
): Response {
  const me = authorOf(site, null, null) as { id: string; slug: string };
  if (target && target.id !== undefined && target.id !== me.id)
    return ghostError(404, "NotFoundError", "Resource not found", "Author not found.");
  if (target && target.slug !== undefined && target.slug !== me.slug)
    return ghostError(404, "NotFoundError", "Resource not found", "Author not found.");
  if (query.filter) {
    // The one author matches or not: evaluate the filter against a one-row table of it.
    const compiled = compileFilter(parseFilter(query.filter), {
      id: { column: "a.id", type: "text" },
      slug: { column: "a.slug", type: "text" },
      name: { column: "a.name", type: "text" },
    });
    const hit = quire.sqlite
      .prepare(
        `SELECT count(*) FROM (SELECT ? AS id, ? AS slug, ? AS name) AS a WHERE ${compiled.sql}`,
      )
      .pluck()
      .get(me.id, me.slug, site.author, ...compiled.params);
    if (!hit)
      return json(
        target
          ? { authors: [] }
          : { authors: [], meta: { pagination: pagination(0, query.page, query.limit) } },
      );
  }
  const count = query.include.has("count.posts")
    ? (quire.sqlite
        .prepare(`SELECT count(*) FROM posts AS p WHERE ${VISIBLE} AND p.type = 'post'`)
        .pluck()
        .get(now) as number)
    : null;
  const out = query.page === 1 ? [authorOf(site, count, query.fields)] : [];
  return json(
    target
      ? { authors: out }
      : { authors: out, meta: { pagination: pagination(1, query.page, query.limit) } },
  );
}

function settings(quire: BlogDatabase, site: Site) {
  return {
    title: site.title,
    description: site.description,
    logo: null,
    icon: null,
    accent_color: null,
    cover_image: null,
    facebook: null,
    twitter: null,
    lang: site.lang,
    locale: site.lang,
    timezone: "Etc/UTC",
    codeinjection_head: null,
    codeinjection_foot: null,
    navigation: [
      { label: "Home", url: "/" },
      ...listPublishedPages(quire).map((p) => ({ label: p.title, url: `/${p.slug}/` })),
      ...getNavigation(quire),
    ],
    secondary_navigation: [],
    ...NO_SOCIAL_META,
    members_support_address: "noreply",
    url: `${site.url}/`,
  };
}
