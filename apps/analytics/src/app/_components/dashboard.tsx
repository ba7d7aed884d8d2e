import type { BreakdownResult, Dimension, Metric } from "@quire/analytics-api";
import { describeRange, resolveRange } from "@quire/analytics-api";
import { Card, formatNumber } from "@quire/ui";
import Link from "next/link";

import { serverCaller } from "~/server/caller";

import { Chart } from "./chart";
import { DurationStats } from "./duration";
import { PagesPerSource } from "./pages-per-source";
import { dimensionLabel, displayValue, formatMetric, METRIC_LABELS } from "./format";
import { Realtime } from "./realtime";
import { parseState, stateQuery, withFilter, withoutFilter } from "./state";
import type { DashboardState } from "./state";

type Params = Record<string, string | string[] | undefined>;

const PANELS: { title: string; dimensions: Dimension[] }[] = [
  { title: "Sources", dimensions: ["visit:channel", "visit:source", "visit:referrer"] },
  { title: "Pages", dimensions: ["event:page", "visit:entry_page", "visit:exit_page"] },
  { title: "Campaigns", dimensions: ["visit:utm_source", "visit:utm_medium", "visit:utm_campaign", "visit:utm_content", "visit:utm_term"] },
  { title: "Locations", dimensions: ["visit:country", "visit:language"] },
  { title: "Devices", dimensions: ["visit:browser", "visit:os", "visit:device", "visit:screen", "visit:browser_version", "visit:os_version"] },
  { title: "Custom events", dimensions: ["event:name"] },
];

const TOP: Metric[] = ["visitors", "visits", "pageviews", "bounce_rate", "visit_duration", "views_per_visit"];
const PERIODS: [string, string][] = [
  ["day", "Today"],
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
  ["month", "This month"],
  ["12mo", "Last 12 months"],
];

function Breakdown({
  result,
  state,
  base,
  exportHref,
}: {
  result: BreakdownResult;
  state: DashboardState;
  base: string;
  exportHref: string;
}) {
  const d = result.dimension;
  const max = Math.max(1, ...result.rows.map((r) => r.metrics[result.metrics[0]!] ?? 0));
  return (
    <div className="qa-breakdown" data-testid={`breakdown-${d}`}>
      <div className="qa-breakdown-head">
        <h3>{dimensionLabel(d)}</h3>
        <a className="qa-small" href={exportHref} download>
          CSV
        </a>
      </div>
      {result.rows.length === 0 ? (
        <p className="q-muted qa-small">No data</p>
      ) : (
        <table className="qa-table">
          <thead>
            <tr>
              <th scope="col">{dimensionLabel(d)}</th>
              {result.metrics.map((m) => (
                <th scope="col" className="num" key={m}>
                  {d === "visit:exit_page" && m === "visits" ? "Exits" : METRIC_LABELS[m]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => {
              const share = ((r.metrics[result.metrics[0]!] ?? 0) / max) * 100;
              const filter = d.startsWith("event:props:") ? null : withFilter(state, { dimension: d, op: "is", values: [r.value === "" ? "(none)" : r.value] });
              return (
                <tr key={r.value}>
                  <td className="qa-bar" style={{ ["--share" as string]: `${share.toFixed(1)}%` }}>
                    {filter ? <Link href={`${base}?${stateQuery(filter)}`}>{displayValue(d, r.value)}</Link> : displayValue(d, r.value)}
                  </td>
                  {result.metrics.map((m) => (
                    <td className="num" key={m}>
                      {formatMetric(m, r.metrics[m])}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {result.total > result.rows.length ? <p className="q-muted qa-small">{formatNumber(result.total - result.rows.length)} more in the CSV</p> : null}
    </div>
  );
}

/**
 * One site's dashboard: top stats against the previous period, the chart,
 * every breakdown (click a row to filter), goals, funnels, custom event
 * properties and realtime. Used by the admin page and the public share page.
 */
export async function Dashboard({
  siteId,
  params,
  base,
  shareToken,
  admin,
}: {
  siteId: number;
  params: Params;
  base: string;
  shareToken?: string;
  admin: boolean;
}) {
  const caller = await serverCaller();
  const state = parseState(params);
  const access = { siteId, shareToken };
  const input = { ...access, range: state.range, filters: state.filters };
  const eventFilter = state.filters.find((f) => f.dimension === "event:name" && f.op === "is");
  const [agg, series, breakdowns, goals, funnels, keys] = await Promise.all([
    caller.stats.aggregate(input),
    caller.stats.timeseries({ ...input, granularity: state.granularity }),
    Promise.all(PANELS.flatMap((p) => p.dimensions).map((dimension) => caller.stats.breakdown({ ...input, dimension, limit: 10 }))),
    caller.stats.goals(input),
    admin ? caller.funnels.list({ siteId }) : Promise.resolve([]),
    eventFilter ? caller.stats.propKeys({ ...input, event: eventFilter.values[0]! }) : Promise.resolve([]),
  ]);
  const [funnelReports, propBreakdowns] = await Promise.all([
    Promise.all(funnels.map((f) => caller.stats.funnel({ ...input, funnelId: f.id }))),
    Promise.all(keys.map((k) => caller.stats.breakdown({ ...input, dimension: `event:props:${k}`, limit: 10 }))),
  ]);
  const byDimension = new Map(breakdowns.map((b) => [b.dimension, b]));
  const { range } = resolveRange(state.range, "UTC");
  const share: Record<string, string> = shareToken ? { share: shareToken } : {};
  const exportHref = (dimension: string) => `/sites/${siteId}/export?${stateQuery(state, { dimension, ...share })}`;

  return (
    <div className="qa-dashboard">
      <div className="qa-toolbar">
        <nav className="qa-periods" aria-label="Period">
          {PERIODS.map(([period, label]) => (
            <Link key={period} href={`${base}?${stateQuery({ ...state, range: { period: period as "day" } })}`} aria-current={state.range.period === period ? "page" : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <form className="qa-custom" method="get" action={base}>
          <input type="hidden" name="period" value="custom" />
          {state.filters.map((f) => (
            <input key={f.dimension} type="hidden" name="f" value={`${f.dimension}|${f.op}|${f.values[0]}`} />
          ))}
          <label>
            From <input type="date" name="from" defaultValue={state.range.from} required />
          </label>
          <label>
            to <input type="date" name="to" defaultValue={state.range.to} required />
          </label>
          <button className="q-button secondary" type="submit">
            Apply
          </button>
        </form>
        <Realtime siteId={siteId} shareToken={shareToken} />
      </div>
      <p className="q-muted qa-small" data-testid="range">
        {state.range.period === "custom" ? describeRange(range) : PERIODS.find(([p]) => p === state.range.period)?.[1]}
        {breakdowns[0]?.source === "raw" ? " · filtered: computed from raw events" : ""}
      </p>
      {state.filters.length > 0 ? (
        <ul className="qa-filters" aria-label="Filters" data-testid="filters">
          {state.filters.map((f) => (
            <li key={f.dimension}>
              {dimensionLabel(f.dimension)} {f.op.replace("_", " ")} <strong>{displayValue(f.dimension, f.values[0] === "(none)" ? "" : (f.values[0] ?? ""))}</strong>{" "}
              <Link href={`${base}?${stateQuery(withoutFilter(state, f.dimension))}`} aria-label={`Remove filter ${dimensionLabel(f.dimension)}`}>
                ×
              </Link>
            </li>
          ))}
        </ul>
      ) : null}

      <div className="qa-top" data-testid="top-stats">
        {TOP.map((m) => {
          const change = agg.change[m];
          return (
            <div key={m} className="qa-stat" data-testid={`stat-${m}`}>
              <div className="q-muted qa-small">{METRIC_LABELS[m]}</div>
              <div className="q-stat" data-value={agg.current[m]}>
                {formatMetric(m, agg.current[m])}
              </div>
              <div className={`qa-change ${change === null || change === 0 ? "" : (m === "bounce_rate" ? change < 0 : change > 0) ? "up" : "down"}`}>
                {change === null ? "–" : `${change > 0 ? "+" : ""}${change}${m === "bounce_rate" ? " pts" : "%"}`}{" "}
                <span className="q-muted">vs {formatMetric(m, agg.previous[m])}</span>
              </div>
            </div>
          );
        })}
      </div>

      <Card>
        <div className="qa-breakdown-head">
          <nav className="qa-periods" aria-label="Granularity">
            {(["hour", "day", "month"] as const).map((g) => (
              <Link key={g} href={`${base}?${stateQuery({ ...state, granularity: g })}`} aria-current={state.granularity === g ? "page" : undefined}>
                {g === "hour" ? "Hours" : g === "day" ? "Days" : "Months"}
              </Link>
            ))}
          </nav>
          <DurationStats siteId={siteId} shareToken={shareToken} state={state} />
        </div>
        <Chart points={series} />
      </Card>

      {PANELS.map((panel) => (
        <Card key={panel.title} title={panel.title} testId={`panel-${panel.title.toLowerCase().replace(/\s+/g, "-")}`}>
          <div className="qa-breakdowns">
            {panel.dimensions.map((d) => (
              <Breakdown key={d} result={byDimension.get(d)!} state={state} base={base} exportHref={exportHref(d)} />
            ))}
            {panel.title === "Custom events"
              ? propBreakdowns.map((b) => <Breakdown key={b.dimension} result={b} state={state} base={base} exportHref={exportHref(b.dimension)} />)
              : null}
          </div>
          {panel.title === "Custom events" && !eventFilter && (byDimension.get("event:name")?.rows.length ?? 0) > 0 ? (
            <p className="q-muted qa-small">Click an event to see its properties.</p>
          ) : null}
        </Card>
      ))}

      <Card title="Goals" testId="goals">
        {goals.length === 0 ? (
          <p className="q-muted qa-small">{admin ? <Link href={`/sites/${siteId}/settings#goals`}>Add goals</Link> : "No goals."}</p>
        ) : (
          <table className="qa-table">
            <thead>
              <tr>
                <th scope="col">Goal</th>
                <th scope="col" className="num">
                  Uniques
                </th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col" className="num">
                  Conversion rate
                </th>
              </tr>
            </thead>
            <tbody>
              {goals.map((g) => (
                <tr key={g.id}>
                  <td>{g.kind === "page" ? `Visit ${g.value}` : g.value}</td>
                  <td className="num">{formatNumber(g.visitors)}</td>
                  <td className="num">{formatNumber(g.events)}</td>
                  <td className="num">{g.conversionRate}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      {funnelReports.map((f) => (
        <Card key={f.id} title={`Funnel: ${f.name}`} testId="funnel">
          <ol className="qa-funnel">
            {f.steps.map((s, i) => (
              <li key={i} style={{ ["--share" as string]: `${s.conversionRate}%` }}>
                <span>{s.kind === "page" ? `Visit ${s.value}` : s.value}</span>
                <span className="num">
                  {formatNumber(s.visitors)} visitors · {s.conversionRate}%{i > 0 ? ` (${s.stepRate}% of the step before, ${formatNumber(s.dropoff)} dropped)` : ""}
                </span>
              </li>
            ))}
          </ol>
        </Card>
      ))}

      <Card title="Top pages per source" testId="pages-per-source">
        <PagesPerSource siteId={siteId} shareToken={shareToken} state={state} />
      </Card>
    </div>
  );
}
