/**
 * The playground's state as it lives in the URL (so a reload or a shared
 * link shows the same search): `q`, `mode`, `page`, `sort`, `facets=a,b` and
 * one `f.<key>` (or `f.<key>__<op>`) per filter value. Used by the server
 * page (first render) and the client (as the user types).
 */
export interface SearchState {
  q: string;
  mode: "simple" | "advanced";
  page: number;
  /** `""`: relevance; else a metadata key, `-` first for descending. */
  sort: string;
  facets: string[];
  filters: Filter[];
}

/** One metadata filter: Scout's `key` or `key__op` name and one value (same name twice: OR). */
export interface Filter {
  name: string;
  value: string;
}

export const FILTER_OPS = [
  { op: "eq", label: "is" },
  { op: "ne", label: "is not" },
  { op: "contains", label: "contains" },
  { op: "startswith", label: "starts with" },
  { op: "endswith", label: "ends with" },
  { op: "ge", label: "≥" },
  { op: "gt", label: ">" },
  { op: "le", label: "≤" },
  { op: "lt", label: "<" },
  { op: "in", label: "is one of (comma-separated)" },
  { op: "regex", label: "matches regex" },
] as const;

export const MAX_QUERY = 500;
const MAX_FACETS = 20;
const MAX_FILTERS = 50;
const FILTER_PREFIX = "f.";

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function entries(params: Params): [string, string][] {
  if (params instanceof URLSearchParams) return [...params.entries()];
  return Object.entries(params).flatMap(([k, v]) =>
    v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]),
  );
}

export function parseSearchState(params: Params): SearchState {
  const all = entries(params);
  const one = (name: string) => all.find(([k]) => k === name)?.[1] ?? "";
  const pageText = one("page");
  return {
    q: one("q").slice(0, MAX_QUERY),
    mode: one("mode") === "advanced" ? "advanced" : "simple",
    page: /^\d{1,6}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1,
    sort: one("sort").slice(0, 255),
    facets: [
      ...new Set(
        one("facets")
          .split(",")
          .map((f) => f.trim())
          .filter(Boolean),
      ),
    ].slice(0, MAX_FACETS),
    filters: all
      .filter(([k]) => k.startsWith(FILTER_PREFIX) && k.length > FILTER_PREFIX.length)
      .slice(0, MAX_FILTERS)
      .map(([k, value]) => ({ name: k.slice(FILTER_PREFIX.length), value })),
  };
}

/** The query string of a state (defaults left out), without `?`. */
export function searchStateQuery(state: SearchState): string {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.mode !== "simple") p.set("mode", state.mode);
  if (state.sort) p.set("sort", state.sort);
  if (state.facets.length > 0) p.set("facets", state.facets.join(","));
  for (const f of state.filters) p.append(FILTER_PREFIX + f.name, f.value);
  if (state.page > 1) p.set("page", String(state.page));
  return p.toString();
}

export const PER_PAGE = 20;

/** The tRPC `search` input for a state. */
export function searchInput(index: string, state: SearchState) {
  const filters: Record<string, string[]> = {};
  for (const f of state.filters) (filters[f.name] ??= []).push(f.value);
  return {
    q: state.q,
    mode: state.mode,
    indexes: [index],
    filters,
    ordering: state.sort ? [state.sort.replace(/^(-?)/, "$1metadata.")] : [],
    page: state.page,
    pageSize: PER_PAGE,
    highlight: true,
    ...(state.facets.length > 0 ? { facets: state.facets } : {}),
  };
}

/** `year__ge` → `year ≥`, `topic` → `topic is`. */
export function describeFilter(name: string): { key: string; label: string } {
  const match = /^(.*)__([a-z]+)$/.exec(name);
  const op = match && FILTER_OPS.find((o) => o.op === match[2]);
  return op ? { key: match[1]!, label: op.label } : { key: name, label: "is" };
}
