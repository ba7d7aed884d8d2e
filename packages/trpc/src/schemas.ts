import { z } from "zod";

/** What `service.health` answers in every app: the contract the blog's System page reads. */
export const ServiceHealthSchema = z.object({
  ok: z.literal(true),
  app: z.enum(["blog", "search", "analytics"]),
  version: z.string(),
  uptimeSeconds: z.number(),
  database: z.object({
    sizeBytes: z.number().int().nonnegative(),
    journalMode: z.string(),
    migrations: z.number().int().nonnegative(),
  }),
  /** A few headline counts (posts, indexes, documents, sites, events…). */
  counts: z.record(z.string(), z.number()),
  writer: z.object({
    queueDepth: z.number(),
    batches: z.number(),
    units: z.number(),
    meanBatchSize: z.number(),
    failedUnits: z.number(),
  }),
});
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;

/** A peer's status as one app sees it: up with its health, or down with why. */
export const PeerStatusSchema = z.discriminatedUnion("up", [
  z.object({ up: z.literal(true), url: z.string(), latencyMs: z.number(), health: ServiceHealthSchema }),
  z.object({ up: z.literal(false), url: z.string(), latencyMs: z.number(), error: z.string() }),
]);
export type PeerStatus = z.infer<typeof PeerStatusSchema>;
