import { listSites } from "@quire/analytics-db";
import { ServiceHealthSchema, TRPCError } from "@quire/trpc";
import { z } from "zod";

import { ApiKeySchema, createApiKey, CreateApiKeyInput, CreateApiKeyOutput, deleteApiKey, DeleteApiKeyInput, listApiKeys } from "../api-keys";
import { getAnalyticsHealth } from "../health";
import { createSite, deleteSite, ensureSites, findSite, getSite, listSiteRows, updateSite } from "../sites";
import type { SiteInfo } from "../sites";
import {
  aggregate,
  breakdown,
  createFunnel,
  createGoal,
  deleteFunnel,
  deleteGoal,
  DimensionSchema,
  durationStats,
  FilterSchema,
  funnelReport,
  goalConversions,
  listFunnels,
  listGoals,
  MetricSchema,
  propKeys,
  RangeInputSchema,
  realtime,
  resolveRange,
  runQuery,
  timeseries,
  topPages,
  topPagesPerSource,
  viewsPerPath,
} from "../stats";
import type { AnalyticsContext } from "../trpc";
import { adminProcedure, publicProcedure, router, serviceProcedure } from "../trpc";

export const SiteSummarySchema = z.object({
  id: z.number(),
  domain: z.string(),
  name: z.string(),
  pageviews: z.number(),
  visitors: z.number(),
  daily: z.array(z.object({ day: z.string(), pageviews: z.number() })),
});

export const SiteSchema = z.object({
  id: z.number(),
  domain: z.string(),
  name: z.string(),
  timezone: z.string(),
  retentionDays: z.number(),
  shareToken: z.string().nullable(),
  excludedPaths: z.array(z.string()),
});

export const ListSitesInput = z.object({ days: z.number().int().min(1).max(366).default(7) }).default({ days: 7 });
export const CreateSiteInput = z.object({ domain: z.string().min(1).max(253), name: z.string().max(200).optional(), timezone: z.string().max(64).optional() });
export const UpdateSiteInput = z.object({
  id: z.number().int(),
  data: z.object({
    domain: z.string().min(1).max(253).optional(),
    name: z.string().max(200).optional(),
    timezone: z.string().max(64).optional(),
    retentionDays: z.number().int().min(0).max(36_500).optional(),
    excludedPaths: z.array(z.string().min(1).max(500)).max(100).optional(),
    publicShare: z.boolean().optional(),
  }),
});

/** Who may read a site's stats: the admin, or anyone holding its public share token. */
const SiteAccessInput = z.object({ siteId: z.number().int(), shareToken: z.string().max(100).optional() });
export const StatsInput = SiteAccessInput.extend({
  range: RangeInputSchema.default({ period: "30d" }),
  filters: z.array(FilterSchema).max(20).default([]),
});

function siteFor(ctx: AnalyticsContext, input: { siteId: number; shareToken?: string }): SiteInfo {
  const site = findSite(ctx.quire, input.siteId);
  const shared = site?.shareToken && input.shareToken && site.shareToken === input.shareToken;
  if (!ctx.session && !shared) throw new TRPCError({ code: "UNAUTHORIZED", message: "Log in as admin or use the site's share link" });
  if (!site) throw new TRPCError({ code: "NOT_FOUND", message: `No site ${input.siteId}` });
  return site;
}

const toSite = (s: SiteInfo): z.infer<typeof SiteSchema> => ({
  id: s.id,
  domain: s.domain,
  name: s.name,
  timezone: s.timezone,
  retentionDays: s.retentionDays,
  shareToken: s.shareToken,
  excludedPaths: s.excludedPaths,
});

const ServiceRangeInput = z.object({
  /** The site's domain or id. */
  site: z.string().min(1).max(253),
  range: RangeInputSchema.default({ period: "30d" }),
});
const PageViewsSchema = z.object({ path: z.string(), pageviews: z.number(), visitors: z.number() });

function serviceSite(ctx: AnalyticsContext, ref: string): SiteInfo {
  const site = findSite(ctx.quire, ref);
  if (!site) throw new TRPCError({ code: "NOT_FOUND", message: `No site ${ref}` });
  return site;
}

export const analyticsRouter = router({
  health: publicProcedure.query(({ ctx }) => getAnalyticsHealth(ctx.quire)),
  sites: router({
    list: adminProcedure
      .input(ListSitesInput)
      .output(z.array(SiteSummarySchema))
      .query(({ ctx, input }) => listSites(ctx.quire, { days: input.days })),
    get: adminProcedure
      .input(z.object({ id: z.number().int() }))
      .output(SiteSchema)
      .query(({ ctx, input }) => toSite(getSite(ctx.quire, input.id))),
    settings: adminProcedure.output(z.array(SiteSchema)).query(({ ctx }) => listSiteRows(ctx.quire).map(toSite)),
    create: adminProcedure
      .input(CreateSiteInput)
      .output(SiteSchema)
      .mutation(async ({ ctx, input }) => toSite(await createSite(ctx.quire, input))),
    update: adminProcedure
      .input(UpdateSiteInput)
      .output(SiteSchema)
      .mutation(async ({ ctx, input }) => toSite(await updateSite(ctx.quire, input.id, input.data))),
    delete: adminProcedure.input(z.object({ id: z.number().int() })).mutation(({ ctx, input }) => deleteSite(ctx.quire, input.id)),
  }),
  stats: router({
    aggregate: publicProcedure.input(StatsInput).query(({ ctx, input }) => {
      const site = siteFor(ctx, input);
      const { range, previous } = resolveRange(input.range, site.timezone);
      return aggregate(ctx.quire, site.id, { range, previous, filters: input.filters });
    }),
    timeseries: publicProcedure
      .input(StatsInput.extend({ granularity: z.enum(["hour", "day", "month"]).optional() }))
      .query(({ ctx, input }) => {
        const site = siteFor(ctx, input);
        const { range } = resolveRange(input.range, site.timezone);
        return timeseries(ctx.quire, site.id, { range, granularity: input.granularity, filters: input.filters });
      }),
    breakdown: publicProcedure
      .input(StatsInput.extend({ dimension: DimensionSchema, limit: z.number().int().min(1).max(1000).default(10), offset: z.number().int().min(0).default(0) }))
      .query(({ ctx, input }) => {
        const site = siteFor(ctx, input);
        const { range } = resolveRange(input.range, site.timezone);
        return breakdown(ctx.quire, site.id, { range, dimension: input.dimension, filters: input.filters, limit: input.limit, offset: input.offset });
      }),
    query: publicProcedure
      .input(
        StatsInput.extend({
          metrics: z.array(MetricSchema).min(1),
          dimensions: z.array(DimensionSchema).max(2).default([]),
          limit: z.number().int().min(1).max(10_000).default(100),
          offset: z.number().int().min(0).default(0),
        }),
      )
      .query(({ ctx, input }) => {
        const site = siteFor(ctx, input);
        const { range } = resolveRange(input.range, site.timezone);
        return runQuery(ctx.quire, site.id, { range, metrics: input.metrics, dimensions: input.dimensions, filters: input.filters, limit: input.limit, offset: input.offset });
      }),
    propKeys: publicProcedure.input(StatsInput.extend({ event: z.string().min(1).max(120) })).query(({ ctx, input }) => {
      const site = siteFor(ctx, input);
      return propKeys(ctx.quire, site.id, input.event, resolveRange(input.range, site.timezone).range);
    }),
    realtime: publicProcedure.input(SiteAccessInput).query(({ ctx, input }) => realtime(ctx.quire, siteFor(ctx, input).id)),
    duration: publicProcedure.input(StatsInput).query(({ ctx, input }) => {
      const site = siteFor(ctx, input);
      return durationStats(ctx.quire, site.id, resolveRange(input.range, site.timezone).range);
    }),
    goals: publicProcedure.input(StatsInput).query(({ ctx, input }) => {
      const site = siteFor(ctx, input);
      return goalConversions(ctx.quire, site.id, { range: resolveRange(input.range, site.timezone).range, filters: input.filters });
    }),
    funnel: publicProcedure.input(StatsInput.extend({ funnelId: z.number().int() })).query(({ ctx, input }) => {
      const site = siteFor(ctx, input);
      return funnelReport(ctx.quire, site.id, input.funnelId, resolveRange(input.range, site.timezone).range);
    }),
    topPagesPerSource: publicProcedure.input(StatsInput).query(({ ctx, input }) => {
      const site = siteFor(ctx, input);
      return topPagesPerSource(ctx.quire, site.id, resolveRange(input.range, site.timezone).range);
    }),
  }),
  /** Stats API keys: the key is returned once, by `create`; only its hash is stored. */
  apiKeys: router({
    list: adminProcedure.output(z.array(ApiKeySchema)).query(({ ctx }) => listApiKeys(ctx.quire)),
    create: adminProcedure.input(CreateApiKeyInput).output(CreateApiKeyOutput).mutation(({ ctx, input }) => createApiKey(ctx.quire, input)),
    delete: adminProcedure.input(DeleteApiKeyInput).mutation(({ ctx, input }) => deleteApiKey(ctx.quire, input.id)),
  }),
  goals: router({
    list: adminProcedure.input(z.object({ siteId: z.number().int() })).query(({ ctx, input }) => listGoals(ctx.quire, getSite(ctx.quire, input.siteId).id)),
    create: adminProcedure
      .input(z.object({ siteId: z.number().int(), kind: z.enum(["page", "event"]), value: z.string().min(1).max(500) }))
      .mutation(({ ctx, input }) => createGoal(ctx.quire, getSite(ctx.quire, input.siteId).id, input)),
    delete: adminProcedure
      .input(z.object({ siteId: z.number().int(), id: z.number().int() }))
      .mutation(({ ctx, input }) => deleteGoal(ctx.quire, input.siteId, input.id)),
  }),
  funnels: router({
    list: adminProcedure.input(z.object({ siteId: z.number().int() })).query(({ ctx, input }) => listFunnels(ctx.quire, getSite(ctx.quire, input.siteId).id)),
    create: adminProcedure
      .input(
        z.object({
          siteId: z.number().int(),
          name: z.string().min(1).max(200),
          steps: z.array(z.object({ kind: z.enum(["page", "event"]), value: z.string().min(1).max(500) })).min(2).max(8),
        }),
      )
      .mutation(({ ctx, input }) => createFunnel(ctx.quire, getSite(ctx.quire, input.siteId).id, input)),
    delete: adminProcedure
      .input(z.object({ siteId: z.number().int(), id: z.number().int() }))
      .mutation(({ ctx, input }) => deleteFunnel(ctx.quire, input.siteId, input.id)),
  }),
  /** Procedures other Quire apps call with the service token. */
  service: router({
    health: serviceProcedure.input(z.void()).output(ServiceHealthSchema).query(({ ctx }) => getAnalyticsHealth(ctx.quire)),
    /** Create a site for a domain unless it exists (the blog registers its own domain at start). */
    ensureSite: serviceProcedure
      .input(z.object({ domain: z.string().min(1).max(253) }))
      .output(z.object({ id: z.number(), domain: z.string(), created: z.boolean() }))
      .mutation(async ({ ctx, input }) => {
        const created = await ensureSites(ctx.quire, [input.domain]);
        const site = findSite(ctx.quire, input.domain);
        if (!site) throw new TRPCError({ code: "BAD_REQUEST", message: `Not a domain: ${input.domain}` });
        return { id: site.id, domain: site.domain, created: created.length > 0 };
      }),
    /** Page views and visitors of the given paths (the blog's per-post counters). */
    viewsPerPath: serviceProcedure
      .input(ServiceRangeInput.extend({ paths: z.array(z.string().min(1).max(2000)).min(1).max(500) }))
      .output(z.array(PageViewsSchema))
      .query(({ ctx, input }) => {
        const site = serviceSite(ctx, input.site);
        return viewsPerPath(ctx.quire, site.id, resolveRange(input.range, site.timezone).range, input.paths);
      }),
    /** The most viewed pages of a site over a range (the blog's "popular posts"). */
    topPages: serviceProcedure
      .input(ServiceRangeInput.extend({ limit: z.number().int().min(1).max(100).default(10) }))
      .output(z.array(PageViewsSchema))
      .query(({ ctx, input }) => {
        const site = serviceSite(ctx, input.site);
        return topPages(ctx.quire, site.id, resolveRange(input.range, site.timezone).range, input.limit);
      }),
  }),
});

export type AnalyticsRouter = typeof analyticsRouter;
