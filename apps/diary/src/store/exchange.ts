import { z } from "zod";

import type { Entry, NewEntry } from "./entries";

/** When: an ISO 8601 timestamp, or milliseconds since the epoch. */
const InstantSchema = z.union([
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  z.number().int().nonnegative(),
]);

export const ExportedEntrySchema = z.object({
  id: z.number().int().optional(),
  title: z.string().nullable().optional(),
  body: z.string().min(1),
  tags: z.array(z.string()).default([]),
  createdAt: InstantSchema,
  updatedAt: InstantSchema.optional(),
});

/** The file `export --format json` writes and `import` reads (a bare array of entries is accepted too). */
export const ExportFileSchema = z.object({
  format: z.literal("quire-diary"),
  version: z.literal(1),
  exportedAt: z.string().optional(),
  entries: z.array(ExportedEntrySchema),
});

export function toExportFile(entries: Entry[], exportedAt: number) {
  return {
    format: "quire-diary",
    version: 1,
    exportedAt: new Date(exportedAt).toISOString(),
    entries: entries.map((e) => ({
      id: e.id,
      title: e.title,
      body: e.body,
      tags: e.tags,
      createdAt: new Date(e.createdAt).toISOString(),
      updatedAt: new Date(e.updatedAt).toISOString(),
    })),
  };
}

/** Parse an export; the error names the first bad field. */
export function parseExportFile(text: string): NewEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`not JSON (${(error as Error).message})`);
  }
  // A bare array is accepted too; checked apart so an error names the bad field, not "no union member matched".
  const result = ExportFileSchema.safeParse(Array.isArray(json) ? { format: "quire-diary", version: 1, entries: json } : json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new TypeError(`not a diary export: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  return result.data.entries.map((e) => ({
    title: e.title ?? null,
    body: e.body,
    tags: e.tags,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  }));
}
