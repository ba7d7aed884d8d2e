import { getTagById, postTags, tags, tagSlugRedirects } from "@quire/blog-db";
import type { BlogDatabase, BlogSchema } from "@quire/blog-db";
import type { DrizzleDb } from "@quire/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";

import { BlogError } from "../errors";
import { slugify, SlugSchema } from "../posts/slug";

type Db = DrizzleDb<BlogSchema>;

export const TagNameSchema = z.string().trim().min(1).max(100);

/**
 * The ids of tags named `names` (matched by slug), creating the missing ones. Runs inside a
 * writer unit, so concurrent saves naming the same new tag cannot create it twice.
 */
export function ensureTagIds(db: Db, names: string[]): number[] {
  const ids: number[] = [];
  for (const raw of names) {
    const name = raw.trim().slice(0, 100);
    if (!name) continue;
    const slug = slugify(name, "tag");
    const existing = db.select({ id: tags.id }).from(tags).where(eq(tags.slug, slug)).get();
    const id = existing?.id ?? insertTag(db, { slug, name });
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Replace a post's tags, keeping their order (the first is the primary tag). */
export function setPostTags(db: Db, postId: number, tagIds: number[]) {
  const current = db
    .select({ tagId: postTags.tagId })
    .from(postTags)
    .where(eq(postTags.postId, postId))
    .all()
    .map((r) => r.tagId);
  const gone = current.filter((id) => !tagIds.includes(id));
  if (gone.length > 0)
    db.delete(postTags)
      .where(and(eq(postTags.postId, postId), inArray(postTags.tagId, gone)))
      .run();
  tagIds.forEach((tagId, sortOrder) => {
    db.insert(postTags)
      .values({ postId, tagId, sortOrder })
      .onConflictDoUpdate({ target: [postTags.postId, postTags.tagId], set: { sortOrder } })
      .run();
  });
}

/** A new tag; its slug, if an old one of another tag, now belongs to it (a live tag wins over a redirect). */
function insertTag(db: Db, values: typeof tags.$inferInsert): number {
  db.delete(tagSlugRedirects).where(eq(tagSlugRedirects.slug, values.slug)).run();
  return db.insert(tags).values(values).returning({ id: tags.id }).get().id;
}

/** Keep `/tag/<old>` working: the old slug redirects to tag `tagId` from now on. */
function rememberOldSlug(db: Db, slug: string, tagId: number) {
  db.insert(tagSlugRedirects)
    .values({ slug, tagId })
    .onConflictDoUpdate({ target: tagSlugRedirects.slug, set: { tagId, createdAt: new Date() } })
    .run();
}

export const CreateTagInput = z.object({
  name: TagNameSchema,
  slug: SlugSchema.optional(),
  description: z.string().trim().max(1000).default(""),
  parentId: z.number().int().positive().nullish(),
});

export const UpdateTagInput = z.object({
  id: z.number().int().positive(),
  data: z.object({
    name: TagNameSchema.optional(),
    slug: SlugSchema.optional(),
    description: z.string().trim().max(1000).optional(),
    /** Move the tag (and everything below it) under another tag, or to the root with null. */
    parentId: z.number().int().positive().nullable().optional(),
  }),
});

function assertSlugFree(db: Db, slug: string, exceptId?: number) {
  const other = db.select({ id: tags.id }).from(tags).where(eq(tags.slug, slug)).get();
  if (other && other.id !== exceptId)
    throw new BlogError("CONFLICT", `The tag slug "${slug}" is taken`);
}

function assertParent(db: Db, parentId: number | null | undefined) {
  if (parentId === null || parentId === undefined) return;
  if (!db.select({ id: tags.id }).from(tags).where(eq(tags.id, parentId)).get())
    throw new BlogError("BAD_REQUEST", "No such parent tag");
}

export async function createTag(quire: BlogDatabase, input: z.input<typeof CreateTagInput>) {
  const data = CreateTagInput.parse(input);
  return quire.writer.run((db) => {
    const slug = data.slug ?? slugify(data.name, "tag");
    assertSlugFree(db, slug);
    assertParent(db, data.parentId);
    const id = insertTag(db, {
      name: data.name,
      slug,
      description: data.description,
      parentId: data.parentId ?? null,
    });
    return { id, slug };
  });
}

/**
 * Rename, re-describe or move a tag. A move keeps the closure table exact (triggers) and refuses
 * cycles; a new slug leaves the old one redirecting here.
 */
export async function updateTag(quire: BlogDatabase, input: z.input<typeof UpdateTagInput>) {
  const { id, data } = UpdateTagInput.parse(input);
  return quire.writer.run((db) => {
    const current = db.select({ slug: tags.slug }).from(tags).where(eq(tags.id, id)).get();
    if (!current) throw new BlogError("NOT_FOUND", "No such tag");
    if (data.slug) assertSlugFree(db, data.slug, id);
    if (data.slug && data.slug !== current.slug) {
      db.delete(tagSlugRedirects).where(eq(tagSlugRedirects.slug, data.slug)).run();
      rememberOldSlug(db, current.slug, id);
    }
    if (data.parentId !== undefined) {
      assertParent(db, data.parentId);
      if (data.parentId === id)
        throw new BlogError("BAD_REQUEST", "A tag cannot be its own parent");
    }
    const set = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length > 0) {
      try {
        db.update(tags).set(set).where(eq(tags.id, id)).run();
      } catch (error) {
        if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_TRIGGER") {
          throw new BlogError(
            "BAD_REQUEST",
            "A tag cannot be moved under itself or one of its descendants",
          );
        }
        throw error;
      }
    }
    return db.select({ id: tags.id, slug: tags.slug }).from(tags).where(eq(tags.id, id)).get()!;
  });
}

/**
 * Merge `sourceId` into `targetId`: its posts get the target tag (once), its children move under
 * the target, its slug (and the slugs that redirected to it) now redirect to the target, and the
 * source tag is deleted. One transaction.
 */
export async function mergeTags(quire: BlogDatabase, sourceId: number, targetId: number) {
  if (sourceId === targetId)
    throw new BlogError("BAD_REQUEST", "Choose two different tags to merge");
  const source = getTagById(quire, sourceId);
  const target = getTagById(quire, targetId);
  if (!source || !target) throw new BlogError("NOT_FOUND", "No such tag");
  return quire.writer.run((db) => {
    // Raw SQL: INSERT … SELECT with OR IGNORE (posts that already have the target keep one link).
    db.run(sql`INSERT OR IGNORE INTO post_tags (post_id, tag_id, sort_order)
               SELECT post_id, ${targetId}, sort_order FROM post_tags WHERE tag_id = ${sourceId}`);
    // The target may sit below the source: lift it to the source's place first, so no cycle forms.
    const targetUnderSource = db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM tag_closure WHERE ancestor_id = ${sourceId} AND descendant_id = ${targetId}`,
    ).n;
    if (targetUnderSource > 0)
      db.update(tags).set({ parentId: source.parentId }).where(eq(tags.id, targetId)).run();
    db.update(tags)
      .set({ parentId: targetId })
      .where(and(eq(tags.parentId, sourceId)))
      .run();
    // Before the delete, whose cascade would drop the source's redirects.
    db.update(tagSlugRedirects)
      .set({ tagId: targetId })
      .where(eq(tagSlugRedirects.tagId, sourceId))
      .run();
    rememberOldSlug(db, source.slug, targetId);
    db.delete(tags).where(eq(tags.id, sourceId)).run();
    return { id: targetId, slug: target.slug };
  });
}

/** Delete a tag: its posts lose it, its children move up to its parent. */
export async function deleteTag(quire: BlogDatabase, id: number) {
  const tag = getTagById(quire, id);
  if (!tag) throw new BlogError("NOT_FOUND", "No such tag");
  await quire.writer.run((db) => {
    db.update(tags).set({ parentId: tag.parentId }).where(eq(tags.parentId, id)).run();
    db.delete(tags).where(eq(tags.id, id)).run();
  });
  return { deleted: 1 };
}
