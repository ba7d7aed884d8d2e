import type { Filter, Granularity, RangeInput } from "@quire/analytics-api";

/** The dashboard's state lives in the URL: shareable, back-button friendly, no client state. */
export interface DashboardState {
  range: RangeInput;
  filters: Filter[];
  granularity?: Granularity;
}

type Params = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const PERIODS = ["day", "7d", "30d", "month", "12mo", "custom"] as const;
const OPS = ["is", "is_not", "contains", "contains_not"] as const;

/** `?period=7d&f=visit:country|is|DE&g=day` → state (unknown values fall back to defaults). */
export function parseState(params: Params): DashboardState {
  const period = one(params.period);
  const range: RangeInput = { period: (PERIODS as readonly string[]).includes(period ?? "") ? (period as RangeInput["period"]) : "30d" };
  const date = one(params.date);
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) range.date = date;
  const from = one(params.from);
  const to = one(params.to);
  if (range.period === "custom") {
    if (from && to && /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to)) Object.assign(range, { from, to });
    else range.period = "30d";
  }
  const filters: Filter[] = [];
  for (const raw of [params.f ?? []].flat()) {
    const [dimension, op, ...rest] = raw.split("|");
    if (!dimension || !op || !(OPS as readonly string[]).includes(op) || rest.length === 0) continue;
    filters.push({ dimension, op: op as Filter["op"], values: [rest.join("|")] });
  }
  const g = one(params.g);
  return { range, filters, granularity: g === "hour" || g === "day" || g === "month" ? g : undefined };
}

/** The query string of a state. */
export function stateQuery(state: DashboardState, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  q.set("period", state.range.period ?? "30d");
  if (state.range.date) q.set("date", state.range.date);
  if (state.range.period === "custom" && state.range.from && state.range.to) {
    q.set("from", state.range.from);
    q.set("to", state.range.to);
  }
  for (const f of state.filters) q.append("f", `${f.dimension}|${f.op}|${f.values[0] ?? ""}`);
  if (state.granularity) q.set("g", state.granularity);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

export function withFilter(state: DashboardState, filter: Filter): DashboardState {
  const others = state.filters.filter((f) => f.dimension !== filter.dimension);
  return { ...state, filters: [...others, filter] };
}

export function withoutFilter(state: DashboardState, dimension: string): DashboardState {
  return { ...state, filters: state.filters.filter((f) => f.dimension !== dimension) };
}
