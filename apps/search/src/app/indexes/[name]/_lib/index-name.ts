/** The `[name]` route segment, decoded once (a name may itself contain "%"). */
export function indexName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The console path of an index, plus an optional sub-page (`"settings"`). */
export function indexPath(name: string, sub?: string): string {
  const base = `/indexes/${encodeURIComponent(name)}`;
  return sub ? `${base}/${sub}` : base;
}
