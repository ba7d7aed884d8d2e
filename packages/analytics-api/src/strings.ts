import { collectStrings, perDatabase } from "@quire/analytics-db";
import type { AnalyticsDatabase } from "@quire/analytics-db";

const dirty = (quire: AnalyticsDatabase) => perDatabase("strings-dirty", quire, () => ({ value: false }));

/** Note that rows referring to `strings` were deleted (a site): the next maintenance run collects them. */
export function markStringsDirty(quire: AnalyticsDatabase): void {
  dirty(quire).value = true;
}

/**
 * Delete the `strings` nothing refers to any more, when something may have
 * freed some (retention deleted rows, a site was deleted) or when `force`d.
 */
export async function collectUnusedStrings(quire: AnalyticsDatabase, force = false): Promise<number> {
  const flag = dirty(quire);
  if (!force && !flag.value) return 0;
  flag.value = false;
  try {
    return await collectStrings(quire);
  } catch (error) {
    flag.value = true;
    throw error;
  }
}
