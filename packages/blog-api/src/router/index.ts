import { getPublishedPostBySlug, listPublishedPosts } from "@quire/blog-db";
import { PeerStatusSchema, ServiceHealthSchema } from "@quire/trpc";
import { z } from "zod";

import { BlogError, trpcErrors } from "../errors";
import { checkPeers, getBlogHealth } from "../health";
import { adminProcedure, publicProcedure, router, serviceProcedure } from "../trpc";
import { adminRouter } from "./admin";

export const ListPostsInput = z
  .object({
    page: z.number().int().min(1).max(100_000).default(1),
    perPage: z.number().int().min(1).max(100).default(20),
  })
  .default({ page: 1, perPage: 20 });

export const SystemStatusSchema = z.object({
  self: ServiceHealthSchema,
  peers: z.object({ search: PeerStatusSchema, analytics: PeerStatusSchema }),
});

export const blogRouter = router({
  health: publicProcedure.query(({ ctx }) => getBlogHealth(ctx.quire)),
  posts: router({
    list: publicProcedure
      .input(ListPostsInput)
      .query(({ ctx, input }) =>
        listPublishedPosts(ctx.quire, {
          limit: input.perPage,
          offset: (input.page - 1) * input.perPage,
        }),
      ),
    /** One published post by slug (drafts and scheduled posts are NOT_FOUND). */
    get: publicProcedure
      .input(z.object({ slug: z.string().min(1).max(200) }))
      .query(({ ctx, input }) =>
        trpcErrors(async () => {
          const post = await getPublishedPostBySlug(ctx.quire, input.slug);
          if (!post) throw new BlogError("NOT_FOUND", "No such post");
          return post;
        }),
      ),
  }),
  admin: adminRouter,
  system: router({
    /** The admin System page: this app plus the live status of its peers. */
    status: adminProcedure.output(SystemStatusSchema).query(async ({ ctx }) => ({
      self: await getBlogHealth(ctx.quire),
      peers: await checkPeers(ctx.peers),
    })),
  }),
  service: router({
    health: serviceProcedure
      .input(z.void())
      .output(ServiceHealthSchema)
      .query(({ ctx }) => getBlogHealth(ctx.quire)),
  }),
});

export type BlogRouter = typeof blogRouter;
