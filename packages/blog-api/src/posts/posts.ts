import { randomUUID } from "node:crypto";

import {
  POST_STATUSES,
  POST_TYPES,
  postAutosaves,
  posts,
  searchOutbox,
  slugRedirects,
} from "@quire/blog-db";
import type { BlogDatabase, BlogSchema, PostStatus, RenderMarkdown } from "@quire/blog-db";
import type { DrizzleDb } from "@quire/db";
import { and, asc, eq, lte, sql } from "drizzle-orm";
import { z } from "zod";

import { BlogError } from "../errors";
import { MAX_MARKDOWN_LENGTH } from "../markdown/render";
import { ensureTagIds, setPostTags, TagNameSchema } from "../tags/tags";
import { slugify, SlugSchema, uniqueSlug } from "./slug";

type Db = DrizzleDb<BlogSchema>;

/** What a save needs besides the database: the markdown pipeline (with oEmbed) and a clock. */
export interface PostServices {
  quire: BlogDatabase;
  render: RenderMarkdown;
  now?: () => Date;
}

/** Cover images: an uploaded image (`/media/…`) or an http(s) URL — never `javascript:` and friends. */
export const ImageUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (v) =>
      /^\/media\/[a-f0-9]{64}\.(png|jpg|gif|webp)$/.test(v) || /^https?:\/\/[^\s"'<>]+$/i.test(v),
    "Use an uploaded image or an http(s) URL",
  );

const body = z
  .string()
  .max(MAX_MARKDOWN_LENGTH, `The body is too long (at most ${MAX_MARKDOWN_LENGTH} characters)`);

export const PostDataSchema = z.object({
  title: z.string().trim().min(1, "A title is required").max(300),
  slug: SlugSchema.optional(),
  type: z.enum(POST_TYPES).default("post"),
  status: z.enum(POST_STATUSES).default("draft"),
  bodyMarkdown: body.default(""),
  customExcerpt: z.string().trim().max(500).nullish(),
  coverImage: ImageUrlSchema.nullish().or(z.literal("").transform(() => null)),
  featured: z.boolean().default(false),
  /** Tag names; missing tags are created. The first is the primary tag. */
  tags: z.array(TagNameSchema).max(50).default([]),
  publishedAt: z.coerce.date().nullish(),
});
export type PostData = z.input<typeof PostDataSchema>;

export const CreatePostInput = PostDataSchema;
export const UpdatePostInput = z.object({
  id: z.number().int().positive(),
  data: PostDataSchema.partial().extend({
    // partial() would keep the defaults: an update must not reset what it does not name.
    type: z.enum(POST_TYPES).optional(),
    status: z.enum(POST_STATUSES).optional(),
    bodyMarkdown: body.optional(),
    featured: z.boolean().optional(),
    tags: z.array(TagNameSchema).max(50).optional(),
  }),
});
export const AutosavePostInput = z.object({
  id: z.number().int().positive(),
  title: z.string().max(300),
  bodyMarkdown: body,
});

/**
 * Status and date together: publishing with a future date schedules; scheduling a date that has
 * passed publishes; a scheduled post needs a date.
 */
export function normalizeSchedule(
  status: PostStatus,
  publishedAt: Date | null | undefined,
  now: Date,
): { status: PostStatus; publishedAt: Date | null } {
  if (status === "draft") return { status, publishedAt: publishedAt ?? null };
  if (status === "scheduled" && !publishedAt)
    throw new BlogError("BAD_REQUEST", "A scheduled post needs a publish date");
  const at = publishedAt ?? now;
  return { status: at.getTime() > now.getTime() ? "scheduled" : "published", publishedAt: at };
}

const isVisible = (status: PostStatus, publishedAt: Date | null, now: Date) =>
  status === "published" && publishedAt !== null && publishedAt <= now;

/** Record, in the same transaction, that search must catch up with this post. */
export function enqueueSearch(db: Db, postId: number, op: "upsert" | "delete") {
  db.insert(searchOutbox).values({ postId, op }).run();
}

function slugTaken(db: Db, slug: string, exceptId?: number): boolean {
  const row = db.select({ id: posts.id }).from(posts).where(eq(posts.slug, slug)).get();
  return row !== undefined && row.id !== exceptId;
}

/** A slug now in use by a post is no longer anyone's old slug (the live post wins). */
function claimSlug(db: Db, slug: string) {
  db.delete(slugRedirects).where(eq(slugRedirects.slug, slug)).run();
}

function excerptFields(customExcerpt: string | null | undefined, rendered: { excerpt: string }) {
  const custom = customExcerpt?.trim() ? customExcerpt.trim() : null;
  return { customExcerpt: custom, excerpt: custom ?? rendered.excerpt };
}

/**
 * Create a post (or page). The body is rendered here, once; the slug comes from the title unless
 * given, made unique. Returns its id and slug.
 */
export async function createPost(services: PostServices, input: PostData) {
  const data = PostDataSchema.parse(input);
  const now = services.now?.() ?? new Date();
  const rendered = await services.render(data.bodyMarkdown);
  const schedule = normalizeSchedule(data.status, data.publishedAt, now);
  return services.quire.writer.run((db) => {
    if (data.slug && slugTaken(db, data.slug))
      throw new BlogError("CONFLICT", `The slug "${data.slug}" is taken by another post`);
    const slug = data.slug ?? uniqueSlug(slugify(data.title), (s) => slugTaken(db, s));
    claimSlug(db, slug);
    const row = db
      .insert(posts)
      .values({
        uuid: randomUUID(),
        slug,
        title: data.title,
        type: data.type,
        ...schedule,
        featured: data.featured,
        bodyMarkdown: data.bodyMarkdown,
        bodyHtml: rendered.html,
        plaintext: rendered.plaintext,
        readingMinutes: rendered.readingMinutes,
        ...excerptFields(data.customExcerpt, rendered),
        coverImage: data.coverImage ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: posts.id, slug: posts.slug })
      .get();
    setPostTags(db, row.id, ensureTagIds(db, data.tags));
    if (isVisible(schedule.status, schedule.publishedAt, now)) enqueueSearch(db, row.id, "upsert");
    return { ...row, status: schedule.status };
  });
}

/**
 * Change a post. A new slug keeps the old one as a redirect; a new body is rendered again;
 * saving drops any autosaved version. Search hears about it if the post is or was visible.
 */
export async function updatePost(services: PostServices, input: z.input<typeof UpdatePostInput>) {
  const { id, data } = UpdatePostInput.parse(input);
  const now = services.now?.() ?? new Date();
  const current = services.quire.db.select().from(posts).where(eq(posts.id, id)).get();
  if (!current) throw new BlogError("NOT_FOUND", "No such post");
  const rendered =
    data.bodyMarkdown !== undefined ? await services.render(data.bodyMarkdown) : null;
  const statusChanged = data.status !== undefined || data.publishedAt !== undefined;
  const schedule = statusChanged
    ? normalizeSchedule(
        data.status ?? current.status,
        data.publishedAt !== undefined ? data.publishedAt : current.publishedAt,
        now,
      )
    : { status: current.status, publishedAt: current.publishedAt };
  return services.quire.writer.run((db) => {
    const before = db
      .select({ slug: posts.slug, updatedAt: posts.updatedAt })
      .from(posts)
      .where(eq(posts.id, id))
      .get();
    if (!before) throw new BlogError("NOT_FOUND", "No such post");
    const slug = data.slug ?? before.slug;
    if (slug !== before.slug) {
      if (slugTaken(db, slug, id))
        throw new BlogError("CONFLICT", `The slug "${slug}" is taken by another post`);
      claimSlug(db, slug);
      db.insert(slugRedirects)
        .values({ slug: before.slug, postId: id, createdAt: now })
        .onConflictDoUpdate({ target: slugRedirects.slug, set: { postId: id, createdAt: now } })
        .run();
    }
    const excerpt =
      data.customExcerpt !== undefined || rendered
        ? excerptFields(
            data.customExcerpt !== undefined ? data.customExcerpt : current.customExcerpt,
            rendered ?? { excerpt: current.excerpt },
          )
        : {};
    db.update(posts)
      .set({
        slug,
        ...(data.title !== undefined ? { title: data.title } : {}),
        ...(data.type !== undefined ? { type: data.type } : {}),
        ...(data.featured !== undefined ? { featured: data.featured } : {}),
        ...(data.coverImage !== undefined ? { coverImage: data.coverImage } : {}),
        ...(rendered
          ? {
              bodyMarkdown: data.bodyMarkdown,
              bodyHtml: rendered.html,
              plaintext: rendered.plaintext,
              readingMinutes: rendered.readingMinutes,
            }
          : {}),
        ...excerpt,
        ...schedule,
        updatedAt: now,
      })
      .where(eq(posts.id, id))
      .run();
    if (data.tags !== undefined) setPostTags(db, id, ensureTagIds(db, data.tags));
    db.delete(postAutosaves).where(eq(postAutosaves.postId, id)).run();
    if (
      isVisible(current.status, current.publishedAt, now) ||
      isVisible(schedule.status, schedule.publishedAt, now)
    ) {
      enqueueSearch(db, id, "upsert");
    }
    return { id, slug, status: schedule.status };
  });
}

/** Delete a post for good (its tags links, redirects and autosave go with it); search forgets it. */
export async function deletePost(quire: BlogDatabase, id: number) {
  return quire.writer.run((db) => {
    const gone = db
      .delete(posts)
      .where(eq(posts.id, id))
      .returning({ id: posts.id, status: posts.status })
      .get();
    if (!gone) throw new BlogError("NOT_FOUND", "No such post");
    enqueueSearch(db, id, "delete");
    return { deleted: 1 };
  });
}

/**
 * Autosave from the editor. A draft saves in place (it is not public); a scheduled or published
 * post keeps its live version and the edits wait in `post_autosaves` until saved or discarded.
 */
export async function autosavePost(
  services: PostServices,
  input: z.input<typeof AutosavePostInput>,
) {
  const { id, title, bodyMarkdown } = AutosavePostInput.parse(input);
  const now = services.now?.() ?? new Date();
  const current = services.quire.db
    .select({ status: posts.status, customExcerpt: posts.customExcerpt })
    .from(posts)
    .where(eq(posts.id, id))
    .get();
  if (!current) throw new BlogError("NOT_FOUND", "No such post");
  if (current.status === "draft") {
    const rendered = await services.render(bodyMarkdown);
    await services.quire.writer.run((db) =>
      db
        .update(posts)
        .set({
          ...(title.trim() ? { title: title.trim() } : {}),
          bodyMarkdown,
          bodyHtml: rendered.html,
          plaintext: rendered.plaintext,
          readingMinutes: rendered.readingMinutes,
          ...excerptFields(current.customExcerpt, rendered),
          updatedAt: now,
        })
        .where(and(eq(posts.id, id), eq(posts.status, "draft")))
        .run(),
    );
    return { savedAt: now, inPlace: true };
  }
  await services.quire.writer.run((db) =>
    db
      .insert(postAutosaves)
      .values({ postId: id, title, bodyMarkdown, savedAt: now })
      .onConflictDoUpdate({
        target: postAutosaves.postId,
        set: { title, bodyMarkdown, savedAt: now },
      })
      .run(),
  );
  return { savedAt: now, inPlace: false };
}

export async function discardAutosave(quire: BlogDatabase, id: number) {
  await quire.writer.run((db) =>
    db.delete(postAutosaves).where(eq(postAutosaves.postId, id)).run(),
  );
  return { discarded: true };
}

/**
 * Publish every scheduled post whose time has come (one transaction; search is told). Run at
 * start-up — so a post due while the app was down goes out at once — and by the scheduler.
 */
export async function publishDuePosts(quire: BlogDatabase, now = new Date()): Promise<number[]> {
  return quire.writer.run((db) => {
    const due = db
      .update(posts)
      .set({ status: "published", updatedAt: now })
      .where(and(eq(posts.status, "scheduled"), lte(posts.publishedAt, now)))
      .returning({ id: posts.id })
      .all()
      .map((r) => r.id);
    for (const id of due) enqueueSearch(db, id, "upsert");
    return due;
  });
}

/** When the next scheduled post is due, if any. */
export function nextScheduledAt(quire: BlogDatabase): Date | null {
  return (
    quire.db
      .select({ at: posts.publishedAt })
      .from(posts)
      .where(eq(posts.status, "scheduled"))
      .orderBy(asc(posts.publishedAt))
      .limit(1)
      .get()?.at ?? null
  );
}

/**
 * Keep publishing scheduled posts on time: a timer set for the next due post (re-checked at least
 * every `maxSleepMs`, so a post scheduled from another process is not missed).
 */
export function startScheduler(
  quire: BlogDatabase,
  {
    maxSleepMs = 30_000,
    onPublished,
  }: { maxSleepMs?: number; onPublished?: (ids: number[]) => void } = {},
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  // Each (re)plan bumps the generation; a tick from an older plan ends instead of looping twice.
  let generation = 0;
  const tick = async () => {
    const mine = ++generation;
    if (stopped) return;
    try {
      const ids = await publishDuePosts(quire);
      if (ids.length > 0) onPublished?.(ids);
    } catch (error) {
      console.error("[quire:blog] scheduler:", error);
    }
    if (stopped || mine !== generation) return;
    const next = nextScheduledAt(quire);
    const wait = next
      ? Math.min(Math.max(next.getTime() - Date.now(), 0) + 5, maxSleepMs)
      : maxSleepMs;
    timer = setTimeout(() => void tick(), wait);
    timer.unref?.();
  };
  void tick();
  return {
    /** Re-plan now (after a post was scheduled in this process). */
    poke() {
      if (stopped) return;
      clearTimeout(timer);
      void tick();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export type Scheduler = ReturnType<typeof startScheduler>;

/** Post counts by status, for the admin. */
export function countByStatus(quire: BlogDatabase): Record<PostStatus, number> {
  const out: Record<PostStatus, number> = { draft: 0, scheduled: 0, published: 0 };
  for (const r of quire.db.all<{ status: PostStatus; n: number }>(
    sql`SELECT status, count(*) AS n FROM posts GROUP BY status`,
  ))
    out[r.status] = r.n;
  return out;
}
