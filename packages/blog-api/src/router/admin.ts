import {
  getPostForEdit,
  listContentApiKeys,
  listPostsForAdmin,
  listTagsForAdmin,
  POST_STATUSES,
  POST_TYPES,
} from "@quire/blog-db";
import { z } from "zod";

import { createContentApiKey, CreateKeyInput, deleteContentApiKey } from "../content-api/keys";
import { BlogError, trpcErrors } from "../errors";
import { createRenderer, MAX_MARKDOWN_LENGTH } from "../markdown";
import {
  autosavePost,
  AutosavePostInput,
  countByStatus,
  createPost,
  CreatePostInput,
  deletePost,
  discardAutosave,
  updatePost,
  UpdatePostInput,
} from "../posts/posts";
import type { PostServices } from "../posts/posts";
import { reindexAll, searchOutboxStatus } from "../search/outbox";
import { getSiteSettings, updateSettings, UpdateSettingsInput } from "../settings/settings";
import {
  createTag,
  CreateTagInput,
  deleteTag,
  mergeTags,
  updateTag,
  UpdateTagInput,
} from "../tags/tags";
import { adminProcedure, router } from "../trpc";
import type { BlogContext } from "../trpc";

const Id = z.object({ id: z.number().int().positive() });

const services = (ctx: BlogContext): PostServices => ({
  quire: ctx.quire,
  render: createRenderer(ctx.quire, ctx.oembed),
});

/** After a write that may change what is public or scheduled. */
function changed<T>(ctx: BlogContext, value: T): T {
  ctx.onPostsChanged?.();
  return value;
}

export const ListAdminPostsInput = z
  .object({
    status: z.enum(POST_STATUSES).optional(),
    type: z.enum(POST_TYPES).optional(),
    tag: z.string().max(200).optional(),
    page: z.number().int().min(1).max(100_000).default(1),
    perPage: z.number().int().min(1).max(200).default(50),
  })
  .default({ page: 1, perPage: 50 });

export const adminRouter = router({
  posts: router({
    list: adminProcedure.input(ListAdminPostsInput).query(({ ctx, input }) => ({
      ...listPostsForAdmin(ctx.quire, {
        ...input,
        limit: input.perPage,
        offset: (input.page - 1) * input.perPage,
      }),
      counts: countByStatus(ctx.quire),
    })),
    get: adminProcedure.input(Id).query(({ ctx, input }) =>
      trpcErrors(() => {
        const post = getPostForEdit(ctx.quire, input.id);
        if (!post) throw new BlogError("NOT_FOUND", "No such post");
        return post;
      }),
    ),
    create: adminProcedure
      .input(CreatePostInput)
      .mutation(({ ctx, input }) =>
        trpcErrors(async () => changed(ctx, await createPost(services(ctx), input))),
      ),
    update: adminProcedure
      .input(UpdatePostInput)
      .mutation(({ ctx, input }) =>
        trpcErrors(async () => changed(ctx, await updatePost(services(ctx), input))),
      ),
    delete: adminProcedure
      .input(Id)
      .mutation(({ ctx, input }) =>
        trpcErrors(async () => changed(ctx, await deletePost(ctx.quire, input.id))),
      ),
    autosave: adminProcedure
      .input(AutosavePostInput)
      .mutation(({ ctx, input }) => trpcErrors(() => autosavePost(services(ctx), input))),
    discardAutosave: adminProcedure
      .input(Id)
      .mutation(({ ctx, input }) => discardAutosave(ctx.quire, input.id)),
    /** The editor's live preview: the same pipeline as a save, nothing stored (embeds are cached). */
    preview: adminProcedure
      .input(z.object({ bodyMarkdown: z.string().max(MAX_MARKDOWN_LENGTH) }))
      .mutation(({ ctx, input }) =>
        trpcErrors(() => createRenderer(ctx.quire, ctx.oembed)(input.bodyMarkdown)),
      ),
  }),
  tags: router({
    list: adminProcedure.query(({ ctx }) => listTagsForAdmin(ctx.quire)),
    create: adminProcedure
      .input(CreateTagInput)
      .mutation(({ ctx, input }) => trpcErrors(() => createTag(ctx.quire, input))),
    update: adminProcedure
      .input(UpdateTagInput)
      .mutation(({ ctx, input }) => trpcErrors(() => updateTag(ctx.quire, input))),
    merge: adminProcedure
      .input(
        z.object({ sourceId: z.number().int().positive(), targetId: z.number().int().positive() }),
      )
      .mutation(({ ctx, input }) =>
        trpcErrors(() => mergeTags(ctx.quire, input.sourceId, input.targetId)),
      ),
    delete: adminProcedure
      .input(Id)
      .mutation(({ ctx, input }) => trpcErrors(() => deleteTag(ctx.quire, input.id))),
  }),
  settings: router({
    get: adminProcedure.query(({ ctx }) => getSiteSettings(ctx.quire)),
    /** Title, description, language and navigation: shown on every public page, so they revalidate. */
    update: adminProcedure
      .input(UpdateSettingsInput)
      .mutation(async ({ ctx, input }) =>
        changed(ctx, await trpcErrors(() => updateSettings(ctx.quire, input))),
      ),
  }),
  search: router({
    /** The outbox towards the search service: how much waits, and the last error. */
    status: adminProcedure.query(({ ctx }) => searchOutboxStatus(ctx.quire)),
    /** Queue every post for the search index again. */
    reindex: adminProcedure.mutation(async ({ ctx }) => changed(ctx, await reindexAll(ctx.quire))),
  }),
  keys: router({
    list: adminProcedure.query(({ ctx }) => listContentApiKeys(ctx.quire)),
    create: adminProcedure
      .input(CreateKeyInput)
      .mutation(({ ctx, input }) => createContentApiKey(ctx.quire, input)),
    delete: adminProcedure
      .input(Id)
      .mutation(({ ctx, input }) => trpcErrors(() => deleteContentApiKey(ctx.quire, input.id))),
  }),
});
